import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rooms } from '../../main/resources/portico-static/js/rooms.js';
import { NS } from '../../main/resources/portico-static/js/muc-stanzas.js';
import { FakeClient, stanza } from './helpers.mjs';

const ROOM = 'lunch@conference.example.com';

class FakeBookmarks {
  constructor(saved = []) {
    this.saved = saved;
    this.stored = [];
    this.removed = [];
  }

  async load() { return this.saved; }

  async save(b) { this.stored.push(b); }

  async remove(jid) { this.removed.push(jid); }
}

function setup(saved) {
  const client = new FakeClient();
  const bookmarks = new FakeBookmarks(saved);
  const rooms = new Rooms(client, bookmarks);
  const events = [];
  for (const type of ['state', 'occupant', 'message', 'message-update', 'subject', 'invitations']) {
    rooms.addEventListener(type, (e) => events.push(type));
  }
  return { client, bookmarks, rooms, events };
}

const selfPresence = (nick = 'alice', codes = "<status code='110'/>") => stanza(`<presence xmlns='jabber:client'
  from='${ROOM}/${nick}'><x xmlns='${NS.USER}'><item role='moderator' affiliation='owner'/>${codes}</x></presence>`);

test('joining sends presence to room/nick with the MUC element, history and password', () => {
  const { client, rooms } = setup();
  rooms.join(ROOM, 'alice', { password: 'pw' });
  const pres = client.sent.at(-1);
  assert.equal(pres.getAttribute('to'), `${ROOM}/alice`);
  const x = [...pres.children].find((c) => c.localName === 'x');
  assert.equal(x.getAttribute('xmlns'), NS.MUC);
  assert.deepEqual([...x.children].map((c) => c.localName), ['password', 'history']);
  assert.equal(rooms.rooms.get(ROOM).state, 'joining');
});

test('a room we create is configured as an instant room and bookmarked once joined', async () => {
  const { client, bookmarks, rooms } = setup();
  client.iqAnswer = () => Promise.resolve(stanza("<iq xmlns='jabber:client' type='result'/>"));
  rooms.join(ROOM, 'alice');
  client.deliver(selfPresence('alice', "<status code='201'/><status code='110'/>"));
  assert.equal(rooms.rooms.get(ROOM).state, 'joined');
  const config = client.iqs.find((iq) => iq.getAttribute('to') === ROOM && iq.getAttribute('type') === 'set');
  assert.ok(config, 'the owner form is submitted');
  assert.equal(config.firstChild.getAttribute('xmlns'), NS.OWNER);
  assert.deepEqual(bookmarks.stored.map((b) => [b.jid, b.nick, b.autojoin]), [[ROOM, 'alice', true]]);
});

test('a nick conflict leaves the room in error; joining again with another nick works', () => {
  const { client, rooms } = setup();
  rooms.join(ROOM, 'bob');
  client.deliver(stanza(`<presence xmlns='jabber:client' from='${ROOM}/bob' type='error'>
    <error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`));
  const room = rooms.rooms.get(ROOM);
  assert.equal(room.state, 'error');
  assert.match(room.error.message, /“bob” is already taken/);
  rooms.join(ROOM, 'carol');
  assert.equal(client.sent.at(-1).getAttribute('to'), `${ROOM}/carol`);
  client.deliver(selfPresence('carol'));
  assert.equal(room.state, 'joined');
});

test('our message shows at once and the echo only confirms it', () => {
  const { client, rooms, events } = setup();
  rooms.join(ROOM, 'alice');
  client.deliver(selfPresence());
  const message = rooms.send(ROOM, 'Pizza?');
  const sent = client.sent.at(-1);
  assert.equal(sent.getAttribute('type'), 'groupchat');
  const id = sent.getAttribute('id');
  client.deliver(stanza(`<message xmlns='jabber:client' from='${ROOM}/alice' type='groupchat' id='${id}'>
    <body>Pizza?</body></message>`));
  assert.equal(rooms.rooms.get(ROOM).messages.length, 1);
  assert.equal(message.pending, false);
  assert.deepEqual(events.filter((e) => e.startsWith('message')), ['message', 'message-update']);
});

test('room traffic and invitations are claimed from the one-to-one chats; invitations are listed', () => {
  const { client, rooms } = setup();
  rooms.join(ROOM, 'alice');
  const invite = stanza(`<message xmlns='jabber:client' from='bob@example.com/x'>
    <x xmlns='${NS.CONFERENCE}' jid='plans@conference.example.com'/></message>`);
  assert.ok(rooms.claims(invite));
  client.deliver(invite);
  assert.deepEqual([...rooms.invitations.keys()], ['plans@conference.example.com']);
  assert.ok(rooms.claims(stanza(`<message xmlns='jabber:client' from='${ROOM}/x' type='error'/>`)));
  assert.ok(!rooms.claims(stanza("<message xmlns='jabber:client' from='bob@example.com/x' type='chat'><body>hi</body></message>")));
  rooms.accept('plans@conference.example.com');
  assert.equal(client.sent.at(-1).getAttribute('to'), 'plans@conference.example.com/alice');
  assert.equal(rooms.invitations.size, 0);
});

test('after a fresh login the rooms are joined again asking only for newer history; a resumed stream sends nothing', async () => {
  const { client, rooms } = setup();
  rooms.join(ROOM, 'alice');
  client.deliver(selfPresence());
  client.deliver(stanza(`<message xmlns='jabber:client' from='${ROOM}/bob' type='groupchat' id='b1'>
    <body>hi</body><delay xmlns='urn:xmpp:delay' stamp='2026-11-30T10:00:00Z'/></message>`));
  rooms.connectionLost();
  const before = client.sent.length;
  await rooms.online({ first: false, resumed: true });
  assert.equal(client.sent.length, before);
  assert.equal(rooms.rooms.get(ROOM).state, 'joined');

  rooms.connectionLost();
  await rooms.online({ first: false });
  const history = [...client.sent.at(-1).getElementsByTagName('history')][0];
  assert.equal(history.getAttribute('since'), '2026-11-30T10:00:00.001Z');
});

test('on the first login the bookmarked rooms marked autojoin are joined', async () => {
  const { client, rooms } = setup([
    { jid: ROOM, name: 'Lunch', autojoin: true, nick: 'ali', password: '' },
    { jid: 'quiet@conference.example.com', name: '', autojoin: false, nick: '', password: '' },
  ]);
  await rooms.online({ first: true });
  assert.deepEqual(client.sent.map((p) => p.getAttribute('to')), [`${ROOM}/ali`]);
  assert.equal(rooms.rooms.get(ROOM).name, 'Lunch');
});
