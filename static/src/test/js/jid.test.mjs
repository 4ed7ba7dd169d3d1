import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bare, resourceOf, localOf, domainOf, completeJid, isBareAccount } from '../../main/resources/portico-static/js/jid.js';

test('bare drops the resource and lower-cases local and domain', () => {
  assert.equal(bare('Alice@Example.COM/Phone'), 'alice@example.com');
  assert.equal(bare('example.com'), 'example.com');
  assert.equal(bare(null), '');
});

test('the resource keeps its case and may contain slashes', () => {
  assert.equal(resourceOf('alice@example.com/Home/Desk'), 'Home/Desk');
  assert.equal(resourceOf('alice@example.com'), '');
});

test('local and domain parts', () => {
  assert.equal(localOf('alice@example.com/x'), 'alice');
  assert.equal(localOf('example.com'), '');
  assert.equal(domainOf('alice@example.com/x'), 'example.com');
  assert.equal(domainOf('conference.example.com'), 'conference.example.com');
});

test('completeJid adds the default domain to a bare name and refuses what cannot be an account', () => {
  assert.equal(completeJid('bob', 'example.com'), 'bob@example.com');
  assert.equal(completeJid(' bob@Example.com/res ', ''), 'bob@example.com');
  assert.equal(completeJid('bob', ''), null);
  assert.equal(completeJid('a@b@c', ''), null);
  assert.equal(completeJid('a b@c', ''), null);
  assert.equal(completeJid('', 'x'), null);
  assert.equal(isBareAccount('bob@example.com'), true);
  assert.equal(isBareAccount('example.com'), false);
});
