import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chats } from '../../main/resources/portico-static/js/chats.js';
import { unwrap } from '../../main/resources/portico-static/js/carbons.js';
import { offersCsi } from '../../main/resources/portico-static/js/csi.js';
import { FakeClient, stanza } from './helpers.mjs';

function setup() {
  const client = new FakeClient();
  const chats = new Chats(client);
  chats.me = 'alice@example.com';
  return { client, chats };
}

const live = (id, sid, body) => stanza(`<message xmlns='jabber:client' type='chat' from='bob@example.com/phone'
  to='alice@example.com' id='${id}'><body>${body}</body>
  <stanza-id xmlns='urn:xmpp:sid:0' by='alice@example.com' id='${sid}'/></message>`);

test('a live message, its copy re-sent after a resume and its archived copy show once', () => {
  const { client, chats } = setup();
  client.deliver(live('m1', 'A1', 'one'));
  client.deliver(live('m1', 'A1', 'one')); // re-sent after <resumed/>
  chats.receive(live('m1', 'A1', 'one'), { archiveId: 'A1', archived: true, time: new Date(0) });
  const c = chats.conversation('bob@example.com');
  assert.deepEqual(c.messages.map((m) => m.body), ['one']);
});

test('archived messages go in time order and never count as unread', () => {
  const { client, chats } = setup();
  client.deliver(live('m3', 'A3', 'three'));
  chats.receive(live('m1', 'A1', 'one'), { archiveId: 'A1', archived: true, time: new Date(1000) });
  chats.receive(live('m2', 'A2', 'two'), { archiveId: 'A2', archived: true, time: new Date(2000) });
  const c = chats.conversation('bob@example.com');
  assert.deepEqual(c.messages.map((m) => m.body), ['one', 'two', 'three']);
  assert.equal(c.unread, 1);
});

test('a sent carbon is our own message in the recipient\'s conversation', () => {
  const { chats } = setup();
  const carbon = stanza(`<message xmlns='jabber:client' from='alice@example.com' to='alice@example.com/web'>
    <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
    <message xmlns='jabber:client' from='alice@example.com/other' to='bob@example.com' type='chat' id='x1'>
    <body>from the other tab</body></message></forwarded></sent></message>`);
  const copy = unwrap(carbon, 'alice@example.com');
  assert.equal(copy.dir, 'out');
  chats.receive(copy.message, { dir: copy.dir });
  const [m] = chats.conversation('bob@example.com').messages;
  assert.equal(m.dir, 'out');
  assert.equal(m.body, 'from the other tab');
});

test('a carbon from anyone but our own account is ignored (XEP-0280 §11)', () => {
  const forged = stanza(`<message xmlns='jabber:client' from='mallory@example.com'>
    <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
    <message xmlns='jabber:client' from='bob@example.com/x' to='alice@example.com' type='chat'><body>hi</body></message>
    </forwarded></received></message>`);
  assert.equal(unwrap(forged, 'alice@example.com'), null);
});

test('CSI is used only when the stream features offer it', () => {
  assert.equal(offersCsi(stanza(`<stream:features xmlns:stream='http://etherx.jabber.org/streams'>
    <csi xmlns='urn:xmpp:csi:0'/></stream:features>`)), true);
  assert.equal(offersCsi(stanza(`<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>`)), false);
  assert.equal(offersCsi(null), false);
});
