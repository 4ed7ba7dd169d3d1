import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NS, parseOccupantPresence, parseGroupchat, parseInvitation, isMucNotice, parsePepBookmarks,
  parseStoredBookmarks, splitOccupant } from '../../main/resources/portico-static/js/muc-stanzas.js';
import { stanza } from './helpers.mjs';

const USER = `xmlns='${NS.USER}'`;

test('an occupant presence: role, affiliation, real JID, show, status and status codes', () => {
  const p = parseOccupantPresence(stanza(`<presence xmlns='jabber:client' from='Lunch@conference.localhost/Bob/2'>
    <show>away</show><status>coffee</status>
    <x ${USER}><item role='participant' affiliation='member' jid='bob@localhost/web'/>
      <status code='110'/><status code='210'/></x></presence>`));
  assert.equal(p.room, 'lunch@conference.localhost');
  assert.equal(p.nick, 'Bob/2');
  assert.equal(p.type, 'available');
  assert.deepEqual([p.role, p.affiliation, p.jid, p.show, p.status], ['participant', 'member', 'bob@localhost/web', 'away', 'coffee']);
  assert.deepEqual(p.codes, ['110', '210']);
});

test('a nick change and a kick carry the new nick, the actor and the reason', () => {
  const renamed = parseOccupantPresence(stanza(`<presence xmlns='jabber:client' from='r@s/bob' type='unavailable'>
    <x ${USER}><item nick='robert' role='participant'/><status code='303'/></x></presence>`));
  assert.equal(renamed.newNick, 'robert');
  assert.equal(renamed.type, 'unavailable');
  const kicked = parseOccupantPresence(stanza(`<presence xmlns='jabber:client' from='r@s/bob' type='unavailable'>
    <x ${USER}><item role='none'><actor nick='carl'/><reason>spam</reason></item><status code='307'/></x></presence>`));
  assert.equal(kicked.actor, 'carl');
  assert.equal(kicked.reason, 'spam');
});

test('a join error: condition and text', () => {
  const p = parseOccupantPresence(stanza(`<presence xmlns='jabber:client' from='r@s/bob' type='error'>
    <x xmlns='${NS.MUC}'/><error type='cancel'><conflict xmlns='${NS.STANZAS}'/>
    <text xmlns='${NS.STANZAS}'>taken</text></error></presence>`));
  assert.equal(p.type, 'error');
  assert.equal(p.condition, 'conflict');
  assert.equal(p.text, 'taken');
});

test('a groupchat message: nick, origin-id before id, only the room\'s own stanza-id, delay', () => {
  const m = parseGroupchat(stanza(`<message xmlns='jabber:client' from='r@s/alice' type='groupchat' id='server-id'>
    <body>Pizza?</body><origin-id xmlns='${NS.SID}' id='g1'/>
    <stanza-id xmlns='${NS.SID}' by='evil@x' id='fake'/><stanza-id xmlns='${NS.SID}' by='r@s' id='s9'/>
    <delay xmlns='${NS.DELAY}' stamp='2026-11-30T10:00:00Z'/></message>`));
  assert.deepEqual([m.room, m.nick, m.id, m.stanzaId, m.body, m.subject, m.delayed],
    ['r@s', 'alice', 'g1', 's9', 'Pizza?', null, true]);
  assert.equal(m.time.toISOString(), '2026-11-30T10:00:00.000Z');
});

test('a subject without a body is a subject change (also an empty one); with a body it is not', () => {
  const parse = (xml) => parseGroupchat(stanza(`<message xmlns='jabber:client' type='groupchat' ${xml}</message>`));
  assert.equal(parse("from='r@s/alice'><subject>Plans</subject>").subject, 'Plans');
  assert.equal(parse("from='r@s'><subject/>").subject, '');
  assert.equal(parse("from='r@s/a'><subject>S</subject><body>B</body>").subject, null);
});

test('invitations: direct (XEP-0249) and mediated (XEP-0045, also when the room adds a direct one); declines are notices too', () => {
  const direct = stanza(`<message xmlns='jabber:client' from='alice@localhost/web'>
    <x xmlns='${NS.CONFERENCE}' jid='Plans@conference.localhost' reason='trip' password='pw'/></message>`);
  assert.deepEqual(parseInvitation(direct),
    { room: 'plans@conference.localhost', from: 'alice@localhost', reason: 'trip', password: 'pw', kind: 'direct' });
  const mediated = stanza(`<message xmlns='jabber:client' from='plans@conference.localhost'>
    <body>alice invited you</body><x ${USER}><invite from='alice@localhost/web'><reason>trip</reason></invite>
    <password>pw</password></x><x xmlns='${NS.CONFERENCE}' jid='plans@conference.localhost'>trip</x></message>`);
  assert.deepEqual(parseInvitation(mediated),
    { room: 'plans@conference.localhost', from: 'alice@localhost', reason: 'trip', password: 'pw', kind: 'mediated' });
  assert.ok(isMucNotice(mediated));
  const anonymous = stanza(`<message xmlns='jabber:client' from='plans@conference.localhost'>
    <x ${USER}><invite from='plans@conference.localhost/alice'/></x></message>`);
  assert.equal(parseInvitation(anonymous).from, 'alice');
  const decline = stanza(`<message xmlns='jabber:client' from='r@s'><x ${USER}><decline from='bob@localhost'/></x></message>`);
  assert.equal(parseInvitation(decline), null);
  assert.ok(isMucNotice(decline));
  const chat = stanza("<message xmlns='jabber:client' from='bob@localhost' type='chat'><body>hi</body></message>");
  assert.equal(parseInvitation(chat), null);
  assert.equal(isMucNotice(chat), false);
});

test('bookmarks from PEP (XEP-0402) and from private storage (XEP-0048)', () => {
  const items = stanza(`<items xmlns='http://jabber.org/protocol/pubsub' node='${NS.BOOKMARKS}'>
    <item id='plans@conference.localhost'><conference xmlns='${NS.BOOKMARKS}' name='Plans' autojoin='true'><nick>ali</nick></conference></item>
    <item id='old@conference.localhost'><conference xmlns='${NS.BOOKMARKS}' autojoin='false'/></item>
    <item id='junk'><other xmlns='x'/></item></items>`);
  assert.deepEqual(parsePepBookmarks(items), [
    { jid: 'plans@conference.localhost', name: 'Plans', autojoin: true, nick: 'ali', password: '' },
    { jid: 'old@conference.localhost', name: '', autojoin: false, nick: '', password: '' },
  ]);
  const storage = stanza(`<storage xmlns='${NS.STORAGE}'>
    <conference jid='team@muc.example' autojoin='1'><password>pw</password></conference><url url='https://x'/></storage>`);
  assert.deepEqual(parseStoredBookmarks(storage),
    [{ jid: 'team@muc.example', name: '', autojoin: true, nick: '', password: 'pw' }]);
  assert.deepEqual(parsePepBookmarks(null), []);
});

test('occupant JIDs split at the first slash; the room part is lower-cased', () => {
  assert.deepEqual(splitOccupant('Room@S/a/b'), ['room@s', 'a/b']);
  assert.deepEqual(splitOccupant('room@s'), ['room@s', '']);
});
