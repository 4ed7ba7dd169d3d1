import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StanzaLog, kindOf } from '../../main/resources/portico-static/js/stanza-log.js';
import { render } from '../../main/resources/portico-static/js/xml-view.js';
import { stanza } from './helpers.mjs';

test('the log keeps at most its bound, dropping the oldest first and telling listeners', () => {
  const log = new StanzaLog(3);
  const events = [];
  log.subscribe((event, entry) => events.push(`${event}:${entry ? entry.seq : ''}`));
  for (let i = 1; i <= 5; i++) log.record('in', stanza(`<message xmlns='jabber:client' id='m${i}'/>`), 'websocket');
  assert.deepEqual(log.entries.map((e) => e.id), ['m3', 'm4', 'm5']);
  assert.deepEqual(events, ['add:1', 'add:2', 'add:3', 'add:4', 'drop:1', 'add:5', 'drop:2']);
  log.clear();
  assert.equal(log.entries.length, 0);
});

test('a BOSH body is unwrapped into its stanzas; an empty body is one frame', () => {
  const log = new StanzaLog();
  log.record('in', stanza(`<body xmlns='http://jabber.org/protocol/httpbind'>
    <presence xmlns='jabber:client'/><iq xmlns='jabber:client' type='result' id='r1'/></body>`), 'bosh');
  log.record('out', stanza(`<body xmlns='http://jabber.org/protocol/httpbind' rid='1'/>`), 'bosh');
  assert.deepEqual(log.entries.map((e) => `${e.direction} ${e.kind} ${e.name}`),
    ['in presence presence', 'in iq iq', 'out other body']);
  assert.equal(log.entries[1].id, 'r1');
  assert.equal(kindOf(stanza('<stream:features xmlns:stream="http://etherx.jabber.org/streams"/>')), 'other');
});

test('SASL payloads and in-band registration passwords are redacted in the printed text', () => {
  const auth = render(stanza(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>`));
  assert.match(auth.text, /\[redacted\]/);
  assert.doesNotMatch(auth.text, /AGFsaWNl/);
  const register = render(stanza(`<iq xmlns='jabber:client' type='set' id='r'><query xmlns='jabber:iq:register'>
    <username>alice</username><password>hunter2</password></query></iq>`));
  assert.match(register.text, /<username>alice<\/username>/);
  assert.doesNotMatch(register.text, /hunter2/);
});
