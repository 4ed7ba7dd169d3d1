import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseVersion, parseLast } from '../../main/resources/portico-static/js/contact-card.js';
import { parseInfo, parseItems } from '../../main/resources/portico-static/js/disco-view.js';
import { xepName } from '../../main/resources/portico-static/js/xeps.js';
import { disco, CLIENT_NAME } from '../../main/resources/portico-static/js/disco.js';
import { titleWithUnread } from '../../main/resources/portico-static/js/notifications.js';
import { FakeClient, stanza } from './helpers.mjs';

test('durations read like a person would say them', () => {
  assert.equal(formatDuration(2), 'just now');
  assert.equal(formatDuration(45), '45 s');
  assert.equal(formatDuration(12 * 60 + 5), '12 min');
  assert.equal(formatDuration(3 * 3600 + 5 * 60), '3 h 5 min');
  assert.equal(formatDuration(7200), '2 h');
  assert.equal(formatDuration(86400 * 2 + 5), '2 days');
  assert.equal(formatDuration('junk'), 'just now');
});

test('software version and last activity replies are read', () => {
  const v = parseVersion(stanza(`<iq xmlns='jabber:client' type='result'><query xmlns='jabber:iq:version'>
    <name>Gajim</name><version>1.9</version><os>Linux</os></query></iq>`));
  assert.deepEqual(v, { name: 'Gajim', version: '1.9', os: 'Linux' });
  assert.equal(parseLast(stanza(`<iq xmlns='jabber:client' type='result'><query xmlns='jabber:iq:last' seconds='903'/></iq>`)), 903);
  assert.equal(parseLast(stanza(`<iq xmlns='jabber:client' type='result'><query xmlns='jabber:iq:last' seconds='-1'/></iq>`)), null);
});

test('disco#info gives identities and sorted unique features; items need a jid', () => {
  const info = parseInfo(stanza(`<iq xmlns='jabber:client' type='result'><query xmlns='http://jabber.org/protocol/disco#info'>
    <identity category='server' type='im' name='Prosody'/><feature var='urn:xmpp:ping'/><feature var='jabber:iq:version'/>
    <feature var='urn:xmpp:ping'/></query></iq>`));
  assert.deepEqual(info.identities, [{ category: 'server', type: 'im', name: 'Prosody' }]);
  assert.deepEqual(info.features, ['jabber:iq:version', 'urn:xmpp:ping']);
  const items = parseItems(stanza(`<iq xmlns='jabber:client' type='result'><query xmlns='http://jabber.org/protocol/disco#items'>
    <item jid='conference.localhost' name='Chatrooms'/><item node='x'/><item jid='pubsub.localhost' node='n1'/></query></iq>`));
  assert.deepEqual(items, [{ jid: 'conference.localhost', node: '', name: 'Chatrooms' }, { jid: 'pubsub.localhost', node: 'n1', name: '' }]);
});

test('features are named after their specification', () => {
  assert.equal(xepName('http://jabber.org/protocol/muc'), 'XEP-0045: Multi-User Chat');
  assert.equal(xepName('urn:xmpp:ping'), 'XEP-0199: XMPP Ping');
  assert.equal(xepName('http://jabber.org/protocol/pubsub#retrieve-items'), 'XEP-0060: Publish-Subscribe');
  assert.equal(xepName('urn:example:unknown'), '');
});

test('the client answers software version and last activity queries', () => {
  const client = new FakeClient();
  disco(client);
  client.deliver(stanza(`<iq xmlns='jabber:client' type='get' id='v1' from='bob@example.com/x'><query xmlns='jabber:iq:version'/></iq>`));
  client.deliver(stanza(`<iq xmlns='jabber:client' type='get' id='l1' from='bob@example.com/x'><query xmlns='jabber:iq:last'/></iq>`));
  const [version, last] = client.sent;
  assert.equal(version.getAttribute('id'), 'v1');
  assert.equal(version.getAttribute('to'), 'bob@example.com/x');
  assert.match(version.toString(), new RegExp(`<name>${CLIENT_NAME}</name><version>`));
  assert.equal(last.getAttribute('type'), 'result');
  assert.match(last.toString(), /seconds="\d+"/);
});

test('the tab title counts unread messages', () => {
  assert.equal(titleWithUnread('Portico', 0), 'Portico');
  assert.equal(titleWithUnread('Portico', 3), '(3) Portico');
});
