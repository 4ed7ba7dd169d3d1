import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Roster } from '../../main/resources/portico-static/js/roster.js';
import { showRank, showOf } from '../../main/resources/portico-static/js/presence.js';
import { FakeClient, stanza } from './helpers.mjs';

function rosterWithBob() {
  const client = new FakeClient();
  const roster = new Roster(client);
  roster.me = 'alice@example.com';
  client.deliver(stanza(`<iq xmlns='jabber:client' type='set' id='push1'><query xmlns='jabber:iq:roster'>
    <item jid='Bob@Example.com' name='Bob' subscription='both'><group>Friends</group></item></query></iq>`));
  return { client, roster };
}

const presence = (from, body = '', type = '') =>
  stanza(`<presence xmlns='jabber:client' from='${from}'${type ? ` type='${type}'` : ''}>${body}</presence>`);

test('show values rank from most to least available', () => {
  const order = ['chat', 'available', 'away', 'xa', 'dnd', 'offline'];
  assert.deepEqual([...order].sort((a, b) => showRank(a) - showRank(b)), order);
  assert.equal(showRank('bogus'), showRank('offline'));
  assert.equal(showOf(presence('b@x/r', '<show>xa</show>')), 'xa');
  assert.equal(showOf(presence('b@x/r', '<show>sleeping</show>')), 'available');
});

test('a roster push names its contact in the change event and is answered', () => {
  const client = new FakeClient();
  const roster = new Roster(client);
  roster.me = 'alice@example.com';
  const changed = [];
  roster.addEventListener('change', (e) => changed.push(e.detail.jid));
  client.deliver(stanza(`<iq xmlns='jabber:client' type='set' id='p1'><query xmlns='jabber:iq:roster'>
    <item jid='carol@example.com' subscription='to'/></query></iq>`));
  assert.deepEqual(changed, ['carol@example.com']);
  assert.equal(client.sent.at(-1).getAttribute('type'), 'result');
  assert.equal(client.sent.at(-1).getAttribute('id'), 'p1');
});

test('a roster push from someone else than our own server is ignored', () => {
  const { client, roster } = rosterWithBob();
  client.deliver(stanza(`<iq xmlns='jabber:client' type='set' id='evil' from='mallory@evil.example'>
    <query xmlns='jabber:iq:roster'><item jid='mallory@evil.example' subscription='both'/></query></iq>`));
  assert.equal(roster.items.has('mallory@evil.example'), false);
  assert.equal(roster.items.has('bob@example.com'), true);
});

test('the best resource wins: highest priority first, then the more available show', () => {
  const { client, roster } = rosterWithBob();
  client.deliver(presence('bob@example.com/phone', '<show>away</show><priority>5</priority><status>on the go</status>'));
  client.deliver(presence('bob@example.com/desk', '<show>dnd</show><priority>10</priority><status>busy</status>'));
  client.deliver(presence('bob@example.com/laptop', '<priority>5</priority>'));
  let p = roster.presenceOf('bob@example.com');
  assert.deepEqual(p.resources.map((r) => r.resource), ['desk', 'laptop', 'phone']);
  assert.equal(p.show, 'dnd');
  assert.equal(p.status, 'busy');
  client.deliver(presence('bob@example.com/desk', '', 'unavailable'));
  p = roster.presenceOf('bob@example.com');
  assert.equal(p.show, 'available');
  assert.deepEqual(p.resources.map((r) => r.resource), ['laptop', 'phone']);
  client.deliver(presence('bob@example.com/laptop', '', 'unavailable'));
  client.deliver(presence('bob@example.com/phone', '', 'unavailable'));
  assert.equal(roster.presenceOf('bob@example.com').show, 'offline');
});

test('a presence change is reported for that one contact only', () => {
  const { client, roster } = rosterWithBob();
  const changed = [];
  roster.addEventListener('change', (e) => changed.push(e.detail.jid));
  client.deliver(presence('bob@example.com/phone', '<show>away</show>'));
  roster.forgetPresence();
  assert.deepEqual(changed, ['bob@example.com', null]);
});

test('a malformed priority counts as 0 and our own presence is not a contact', () => {
  const { client, roster } = rosterWithBob();
  client.deliver(presence('bob@example.com/x', '<priority>high</priority>'));
  assert.equal(roster.presenceOf('bob@example.com').resources[0].priority, 0);
  client.deliver(presence('alice@example.com/other'));
  assert.equal(roster.presence.has('alice@example.com'), false);
});

test('a subscription request is kept until approved, and approving asks back', () => {
  const client = new FakeClient();
  const roster = new Roster(client);
  roster.me = 'alice@example.com';
  client.deliver(presence('dave@example.com', '', 'subscribe'));
  assert.equal(roster.requests.has('dave@example.com'), true);
  roster.approve('dave@example.com');
  assert.deepEqual(client.sent.map((s) => s.getAttribute('type')), ['subscribed', 'subscribe']);
  assert.equal(roster.requests.size, 0);
});
