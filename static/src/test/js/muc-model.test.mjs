import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Room, compareOccupants, suggestNick, describeJoinError, roomAddress, mentions } from
  '../../main/resources/portico-static/js/muc-model.js';

const ROOM = 'lunch@conference.localhost';

function presence(nick, extra = {}) {
  return { nick, type: 'available', role: 'participant', affiliation: 'none', show: 'available', status: '',
    codes: [], ...extra };
}

function joinedRoom() {
  const room = new Room(ROOM, 'alice');
  room.applyPresence(presence('bob'));
  room.applyPresence(presence('alice', { role: 'moderator', affiliation: 'owner', codes: ['110'] }));
  return room;
}

test('occupants are ordered by role, then affiliation, then nickname', () => {
  const o = (nick, role, affiliation) => ({ nick, role, affiliation });
  const sorted = [o('zed', 'participant', 'none'), o('Amy', 'visitor', 'none'), o('bob', 'participant', 'member'),
    o('carl', 'moderator', 'admin'), o('anna', 'participant', 'none'), o('dora', 'moderator', 'owner')]
    .sort(compareOccupants).map((x) => x.nick);
  assert.deepEqual(sorted, ['dora', 'carl', 'bob', 'anna', 'zed', 'Amy']);
});

test('our own presence (status 110) completes the join; others before it are not news', () => {
  const room = new Room(ROOM, 'alice');
  assert.equal(room.applyPresence(presence('bob')).kind, 'enter');
  assert.equal(room.state, 'joining');
  const change = room.applyPresence(presence('alice', { role: 'moderator', codes: ['110', '201'] }));
  assert.equal(change.kind, 'joined');
  assert.equal(room.state, 'joined');
  assert.equal(room.created, true);
  assert.equal(room.self.nick, 'alice');
  assert.deepEqual(room.nicks().sort(), ['alice', 'bob']);
  assert.equal(room.canChangeSubject(), true);
});

test('a presence change of one occupant is one update; a repeat changes nothing', () => {
  const room = joinedRoom();
  assert.equal(room.applyPresence(presence('bob', { show: 'away', status: 'coffee' })).kind, 'update');
  assert.equal(room.occupants.get('bob').status, 'coffee');
  assert.equal(room.applyPresence(presence('bob', { show: 'away', status: 'coffee' })), null);
  assert.equal(room.applyPresence(presence('bob', { type: 'unavailable' })).kind, 'leave');
  assert.equal(room.occupants.has('bob'), false);
});

test('a nickname change (303) renames the occupant, also ourselves', () => {
  const room = joinedRoom();
  const change = room.applyPresence(presence('bob', { type: 'unavailable', codes: ['303'], newNick: 'robert' }));
  assert.equal(change.kind, 'rename');
  assert.equal(change.oldNick, 'bob');
  assert.ok(room.occupants.has('robert'));
  room.applyPresence(presence('alice', { type: 'unavailable', codes: ['303', '110'], newNick: 'ali' }));
  assert.equal(room.nick, 'ali');
});

test('being kicked or banned leaves the room with a reason', () => {
  const room = joinedRoom();
  const change = room.applyPresence(presence('alice', { type: 'unavailable', codes: ['110', '307'],
    actor: 'carl', reason: 'spam' }));
  assert.equal(change.kind, 'self-left');
  assert.equal(room.state, 'left');
  assert.equal(room.exitMessage, 'You were removed from the room by carl: spam.');
  assert.equal(room.occupants.size, 0);
});

test('a join error is described; a nick conflict proposes another nickname', () => {
  const room = new Room(ROOM, 'bob');
  const change = room.applyPresence({ nick: 'bob', type: 'error', condition: 'conflict', text: '' });
  assert.equal(change.kind, 'error');
  assert.equal(room.state, 'error');
  assert.equal(room.error.message, 'The nickname “bob” is already taken in this room. Choose another one.');
  assert.equal(suggestNick('bob', []), 'bob2');
  assert.equal(suggestNick('bob', ['bob2', 'BOB3']), 'bob4');
  assert.equal(suggestNick('r2d2', []), 'r2d2_2');
  assert.equal(describeJoinError('not-authorized', { password: '' }), 'This room needs a password.');
  assert.equal(describeJoinError('not-authorized', { password: 'x' }), 'Wrong password for this room.');
  assert.equal(describeJoinError('forbidden', {}), 'You are banned from this room.');
  assert.equal(describeJoinError('undefined-condition', {}), 'Could not join the room (undefined-condition).');
});

test('an error after joining (a refused presence update) does not throw us out', () => {
  const room = joinedRoom();
  assert.equal(room.applyPresence({ nick: 'alice', type: 'error', condition: 'not-acceptable' }), null);
  assert.equal(room.state, 'joined');
});

test('our own message is shown once: the echo with the same id confirms it', () => {
  const room = joinedRoom();
  const own = room.addOwn('g1', 'Pizza?', new Date(1000));
  assert.equal(own.pending, true);
  const echo = room.addMessage({ id: 'g1', stanzaId: 's1', nick: 'alice', body: 'Pizza?', time: new Date(1100), delayed: false });
  assert.equal(echo.confirmed, own);
  assert.equal(own.pending, false);
  assert.equal(room.addMessage({ id: 'g1', stanzaId: 's1', nick: 'alice', body: 'Pizza?', time: new Date(1100), delayed: false }), null);
  assert.equal(room.messages.length, 1);
});

test('history replayed on a rejoin is not shown twice', () => {
  const room = joinedRoom();
  const live = room.addMessage({ id: 'b1', stanzaId: '', nick: 'bob', body: 'Sushi!', time: new Date(5000), delayed: false });
  assert.ok(live.added);
  assert.equal(room.lastStamp.getTime(), 5000);
  // The room replays it with a delay stamp and the same id; another message without ids is replayed too.
  assert.equal(room.addMessage({ id: 'b1', stanzaId: '', nick: 'bob', body: 'Sushi!', time: new Date(5000), delayed: true }), null);
  const old = { id: '', stanzaId: '', nick: 'carol', body: 'hi', time: new Date(4000), delayed: true };
  assert.ok(room.addMessage(old).added);
  assert.equal(room.addMessage({ ...old }), null);
  assert.equal(room.messages.length, 2);
});

test('a refused message of ours carries the error', () => {
  const room = joinedRoom();
  room.addOwn('g2', 'hello');
  assert.equal(room.failOwn('g2', 'not delivered: forbidden').error, 'not delivered: forbidden');
  assert.equal(room.failOwn('nope', 'x'), null);
});

test('the connection is lost: a fresh login joins again from scratch, a resumed stream keeps everything', () => {
  const room = joinedRoom();
  room.connectionLost();
  assert.equal(room.state, 'joining');
  assert.equal(room.canChangeSubject(), false);
  assert.equal(room.resumed(), true);
  assert.equal(room.state, 'joined');
  assert.equal(room.occupants.size, 2);
  room.connectionLost();
  room.startJoin();
  assert.equal(room.occupants.size, 0);
  assert.equal(room.resumed(), false);
  assert.equal(room.state, 'joining');
});

test('room addresses: a bare name goes to the MUC service, bad input is refused', () => {
  assert.equal(roomAddress('Lunch', 'conference.localhost'), 'lunch@conference.localhost');
  assert.equal(roomAddress(' team@muc.example.org ', 'conference.localhost'), 'team@muc.example.org');
  assert.equal(roomAddress('xmpp:team@muc.example.org?join', null), 'team@muc.example.org');
  assert.equal(roomAddress('lunch', null), null);
  for (const bad of ['', 'a b@x', '@x', 'a@', 'a@b@c', 'a/b@x', '<x>@y']) assert.equal(roomAddress(bad, 's'), null, bad);
});

test('a message mentions a nickname only as a whole word, in any case', () => {
  assert.equal(mentions('alice: pizza?', 'alice'), true);
  assert.equal(mentions('Ask ALICE.', 'alice'), true);
  assert.equal(mentions('malice aforethought', 'alice'), false);
  assert.equal(mentions('alice2 is here', 'alice'), false);
  assert.equal(mentions('hi b.o.b!', 'b.o.b'), true);
  assert.equal(mentions('hi bxoxb', 'b.o.b'), false);
  assert.equal(mentions('anything', ''), false);
});
