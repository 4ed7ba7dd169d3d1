import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chats } from '../../main/resources/portico-static/js/chats.js';
import { FakeClient, stanza } from './helpers.mjs';

function setup() {
  const client = new FakeClient();
  const chats = new Chats(client);
  chats.me = 'alice@example.com';
  const events = [];
  for (const type of ['message', 'update']) chats.addEventListener(type, (e) => events.push(`${type}:${e.detail.jid}`));
  return { client, chats, events };
}

const msg = (id, body, from = 'bob@example.com/phone') =>
  stanza(`<message xmlns='jabber:client' type='chat' from='${from}'${id ? ` id='${id}'` : ''}><body>${body}</body></message>`);

test('a message redelivered with the same id from the same contact shows once', () => {
  const { client, chats, events } = setup();
  client.deliver(msg('m1', 'hello'));
  client.deliver(msg('m1', 'hello'));
  client.deliver(msg('m1', 'hello', 'bob@example.com/laptop'));
  const c = chats.conversation('bob@example.com');
  assert.equal(c.messages.length, 1);
  assert.equal(c.unread, 1);
  assert.deepEqual(events, ['message:bob@example.com']);
});

test('messages without id, or with different ids, are all kept', () => {
  const { client, chats } = setup();
  client.deliver(msg('', 'one'));
  client.deliver(msg('', 'one'));
  client.deliver(msg('m2', 'two'));
  client.deliver(msg('m2', 'two', 'carol@example.com/x'));
  assert.equal(chats.conversation('bob@example.com').messages.length, 3);
  assert.equal(chats.conversation('carol@example.com').messages.length, 1);
});

test('one incoming message is one event, with the unread count already updated', () => {
  const { client, chats } = setup();
  let seen = null;
  chats.addEventListener('message', (e) => { seen = e.detail.conversation.unread; });
  client.deliver(msg('m1', 'hi'));
  assert.equal(seen, 1);
  assert.equal(chats.totalUnread(), 1);
  chats.open('bob@example.com');
  assert.equal(chats.totalUnread(), 0);
});

test('an error reply is attached to the message it answers and names that message', () => {
  const { client, chats } = setup();
  const sent = chats.send('bob@example.com', 'are you there?');
  let updated = null;
  chats.addEventListener('update', (e) => { updated = e.detail.message; });
  client.deliver(stanza(`<message xmlns='jabber:client' type='error' from='bob@example.com' id='${sent.id}'>
    <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`));
  assert.equal(updated, sent);
  assert.match(sent.error, /unavailable/);
  assert.equal(chats.conversation('bob@example.com').messages.length, 1);
});
