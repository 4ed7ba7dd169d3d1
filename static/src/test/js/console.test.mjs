import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import { checkStanza, fillTemplate, TEMPLATES } from '../../main/resources/portico-static/js/stanza-check.js';

// xmldom reports fatal errors by throwing, browsers with a <parsererror> document: both are handled.
const parser = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } });

test('a well-formed iq gets jabber:client and a fresh id', () => {
  const r = checkStanza("<iq type='get' to='localhost'><query xmlns='jabber:iq:version'/></iq>", parser, 'console1');
  assert.equal(r.ok, true);
  assert.equal(r.element.getAttribute('xmlns'), 'jabber:client');
  assert.equal(r.element.getAttribute('id'), 'console1');
});

test('an id already given is kept', () => {
  const r = checkStanza("<message to='bob@x' id='mine'><body>hi</body></message>", parser, 'new');
  assert.equal(r.element.getAttribute('id'), 'mine');
});

test('text that is not well-formed is refused before anything is sent', () => {
  for (const bad of ["<iq type='get'><query></iq>", "<iq type='get'", '<message><body>a</body></message><presence/>', 'hello']) {
    const r = checkStanza(bad, parser, 'x');
    assert.equal(r.ok, false, bad);
    assert.match(r.error, /well-formed|Only <message>/, bad);
  }
});

test('what the gateway would refuse is refused here with a sentence', () => {
  assert.match(checkStanza("<!DOCTYPE iq><iq type='get'/>", parser, 'x').error, /DOCTYPE/);
  assert.match(checkStanza("<iq type='get'><!-- hi --></iq>", parser, 'x').error, /comments/);
  assert.match(checkStanza("<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>", parser, 'x').error, /Only <message>/);
  assert.match(checkStanza("<foo/>", parser, 'x').error, /Only <message>/);
  assert.match(checkStanza("<iq/>", parser, 'x').error, /type=/);
  assert.match(checkStanza("<message xmlns='jabber:server'/>", parser, 'x').error, /jabber:client/);
  assert.match(checkStanza('   ', parser, 'x').error, /Type a stanza/);
});

test('every template is a valid stanza once filled in', () => {
  for (const name of Object.keys(TEMPLATES)) {
    const text = fillTemplate(name, 'id-1', 'example.com');
    assert.doesNotMatch(text, /\{(id|to)\}/);
    const r = checkStanza(text, parser, 'other');
    assert.equal(r.ok, true, name);
    assert.equal(r.element.getAttribute('id'), 'id-1');
  }
});
