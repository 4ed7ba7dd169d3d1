import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseVCard, vCardSet, photoUrl, photoHash } from '../../main/resources/portico-static/js/vcard.js';
import { advertisedHash, Avatars } from '../../main/resources/portico-static/js/avatars.js';
import { FakeClient, stanza } from './helpers.mjs';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

test('a vCard result gives name, nickname, email and photo', () => {
  const card = parseVCard(stanza(`<iq xmlns='jabber:client' type='result'><vCard xmlns='vcard-temp'>
    <FN>Bob Builder</FN><NICKNAME>bobby</NICKNAME>
    <EMAIL><INTERNET/><USERID>bob@example.org</USERID></EMAIL>
    <PHOTO><TYPE>image/png</TYPE><BINVAL>${PNG.slice(0, 10)}
      ${PNG.slice(10)}</BINVAL></PHOTO></vCard></iq>`));
  assert.deepEqual(card, { fn: 'Bob Builder', nickname: 'bobby', email: 'bob@example.org', photo: { type: 'image/png', data: PNG } });
  assert.equal(photoUrl(card), `data:image/png;base64,${PNG}`);
});

test('an empty or missing vCard gives empty fields', () => {
  assert.deepEqual(parseVCard(stanza(`<iq xmlns='jabber:client' type='result'/>`)), { fn: '', nickname: '', email: '', photo: null });
});

test('only images become data: URLs, and only with base64 data', () => {
  assert.equal(photoUrl({ photo: { type: 'text/html', data: 'PGI+' } }), null);
  assert.equal(photoUrl({ photo: { type: 'image/png', data: 'abc"><script>' } }), null);
});

test('publishing builds the vcard-temp set with the filled fields only', () => {
  const xml = vCardSet({ fn: 'Alice A.', nickname: '', email: 'a@example.org', photo: { type: 'image/png', data: PNG } }).tree().toString();
  assert.match(xml, /^<iq type="set"/);
  assert.match(xml, /<vCard xmlns="vcard-temp"><FN>Alice A.<\/FN><EMAIL><INTERNET\/><USERID>a@example.org<\/USERID><\/EMAIL><PHOTO><TYPE>image\/png<\/TYPE><BINVAL>/);
  assert.doesNotMatch(xml, /NICKNAME/);
});

test('the XEP-0153 hash is the SHA-1 of the image bytes', async () => {
  const expected = createHash('sha1').update(Buffer.from(PNG, 'base64')).digest('hex');
  assert.equal(await photoHash({ type: 'image/png', data: PNG }), expected);
  assert.equal(await photoHash(null), '');
});

test('a presence advertises a hash, no photo, or nothing', () => {
  const p = (x) => stanza(`<presence xmlns='jabber:client' from='bob@example.com/r'>${x}</presence>`);
  assert.equal(advertisedHash(p(`<x xmlns='vcard-temp:x:update'><photo>ABC123</photo></x>`)), 'abc123');
  assert.equal(advertisedHash(p(`<x xmlns='vcard-temp:x:update'><photo/></x>`)), '');
  assert.equal(advertisedHash(p(`<x xmlns='vcard-temp:x:update'/>`)), null);
  assert.equal(advertisedHash(p('')), null);
  assert.equal(advertisedHash(p(`<x xmlns='http://jabber.org/protocol/muc#user'/><x xmlns='vcard-temp:x:update'><photo>ab</photo></x>`)), null);
});

test('avatars fetch each hash once and share it between contacts with the same picture', { timeout: 20000 }, async () => {
  const client = new FakeClient();
  const hash = createHash('sha1').update(Buffer.from(PNG, 'base64')).digest('hex');
  client.iqAnswer = () => Promise.resolve(stanza(`<iq xmlns='jabber:client' type='result'><vCard xmlns='vcard-temp'>
    <PHOTO><TYPE>image/png</TYPE><BINVAL>${PNG}</BINVAL></PHOTO></vCard></iq>`));
  const avatars = new Avatars(client);
  const changes = [];
  avatars.addEventListener('change', (e) => changes.push(e.detail.jid));
  // Waits for the n-th change event instead of a fixed delay: the SHA-1 runs on WebCrypto's thread pool,
  // whose latency on a loaded machine has no useful bound.
  const changeCount = (n) => new Promise((resolve) => {
    if (changes.length >= n) return resolve();
    const onChange = () => { if (changes.length >= n) { avatars.removeEventListener('change', onChange); resolve(); } };
    avatars.addEventListener('change', onChange);
  });
  const advert = (from) => stanza(`<presence xmlns='jabber:client' from='${from}'><x xmlns='vcard-temp:x:update'><photo>${hash}</photo></x></presence>`);
  client.deliver(advert('bob@example.com/a'));
  client.deliver(advert('bob@example.com/b'));
  client.deliver(advert('carol@example.com/c'));
  await changeCount(2);
  assert.equal(client.iqs.length, 1, 'one vCard fetch for one hash');
  assert.equal(avatars.url('bob@example.com'), `data:image/png;base64,${PNG}`);
  assert.equal(avatars.url('carol@example.com'), `data:image/png;base64,${PNG}`);
  assert.deepEqual(changes.sort(), ['bob@example.com', 'carol@example.com']);
  client.deliver(stanza(`<presence xmlns='jabber:client' from='bob@example.com/a'><x xmlns='vcard-temp:x:update'><photo/></x></presence>`));
  await changeCount(3);
  assert.equal(avatars.url('bob@example.com'), null);
  assert.deepEqual(changes.slice(2), ['bob@example.com']);
});
