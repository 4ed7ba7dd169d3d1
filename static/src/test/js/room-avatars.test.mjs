import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { occupantHash, advertisedHash, Avatars } from '../../main/resources/portico-static/js/avatars.js';
import { FakeClient, stanza } from './helpers.mjs';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');
const CARD = `<iq xmlns='jabber:client' type='result'><vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE>`
  + `<BINVAL>${PNG}</BINVAL></PHOTO></vCard></iq>`;
const MUC_USER = `<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/></x>`;

function occupantPresence(extra, from = 'lunch@conference.example.com/bob', type = '') {
  return stanza(`<presence xmlns='jabber:client' from='${from}'${type ? ` type='${type}'` : ''}>${extra}</presence>`);
}

test('the photo hash of a room occupant comes from vcard-temp:x:update next to muc#user', () => {
  const p = (update) => occupantPresence(`${MUC_USER}${update}`);
  assert.equal(occupantHash(p(`<x xmlns='vcard-temp:x:update'><photo> ABC123 </photo></x>`)), 'abc123');
  assert.equal(occupantHash(p(`<x xmlns='vcard-temp:x:update'><photo/></x>`)), '');
  assert.equal(occupantHash(p(`<x xmlns='vcard-temp:x:update'/>`)), null);
  assert.equal(occupantHash(p('')), null);
  // Not an occupant's presence: a contact's hash is advertisedHash's business.
  assert.equal(occupantHash(stanza(`<presence xmlns='jabber:client' from='bob@example.com/a'>`
    + `<x xmlns='vcard-temp:x:update'><photo>ab</photo></x></presence>`)), null);
  assert.equal(advertisedHash(p(`<x xmlns='vcard-temp:x:update'><photo>ab</photo></x>`)), null);
});

test('an occupant picture is fetched from their room address, kept under it, and dropped when they leave', { timeout: 20000 }, async () => {
  const bob = 'lunch@conference.example.com/bob';
  const client = new FakeClient();
  client.iqAnswer = () => Promise.resolve(stanza(CARD));
  const avatars = new Avatars(client);
  const changes = [];
  avatars.addEventListener('change', (e) => changes.push(e.detail.jid));
  // The first change event, not a fixed delay: the SHA-1 runs on WebCrypto's pool, unbounded when loaded.
  // carol's "no photo" needs no fetch and is settled synchronously, before bob's.
  const changed = new Promise((resolve) => avatars.addEventListener('change', resolve, { once: true }));
  const hash = createHash('sha1').update(Buffer.from(PNG, 'base64')).digest('hex');
  client.deliver(occupantPresence(`${MUC_USER}<x xmlns='vcard-temp:x:update'><photo>${hash}</photo></x>`));
  client.deliver(occupantPresence(`${MUC_USER}<x xmlns='vcard-temp:x:update'><photo/></x>`, 'lunch@conference.example.com/carol'));
  await changed;
  assert.equal(client.iqs.length, 1);
  assert.equal(client.iqs[0].getAttribute('to'), bob, 'the room forwards it to the real JID');
  assert.equal(avatars.url(bob), `data:image/png;base64,${PNG}`);
  assert.equal(avatars.url('lunch@conference.example.com/carol'), null);
  assert.equal(avatars.url('lunch@conference.example.com'), null, 'the room itself has no picture');
  assert.deepEqual(changes, [bob], 'an occupant without a picture is no change');
  client.deliver(occupantPresence(MUC_USER, bob, 'unavailable'));
  assert.equal(avatars.url(bob), null);
});

test('a refused occupant vCard leaves the initials', async () => {
  const client = new FakeClient();
  client.iqAnswer = () => Promise.reject(stanza(`<iq xmlns='jabber:client' type='error'><error type='cancel'>`
    + `<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`));
  const avatars = new Avatars(client);
  client.deliver(occupantPresence(`${MUC_USER}<x xmlns='vcard-temp:x:update'><photo>abcd</photo></x>`));
  await new Promise((r) => setTimeout(r, 20)); // a refusal settles in microtasks, no hashing
  assert.equal(client.iqs.length, 1);
  assert.equal(avatars.url('lunch@conference.example.com/bob'), null);
});
