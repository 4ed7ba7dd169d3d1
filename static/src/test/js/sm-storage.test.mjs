import { test } from 'node:test';
import assert from 'node:assert/strict';

// A page refused storage (a third-party frame): merely reading the sessionStorage global throws.
globalThis.window = {};
Object.defineProperty(globalThis.window, 'sessionStorage', {
  get() { throw new Error('SecurityError: access to storage is denied'); },
});
const { smStorage } = await import('../../main/resources/portico-static/js/saved-session.js');

test('a page refused storage still gets a working stream-management store', () => {
  const storage = smStorage();
  storage.save('strophe-sm:alice@example.org', { handled: 3, unacked: ['<message/>'] });
  assert.deepEqual(storage.load('strophe-sm:alice@example.org'), { handled: 3, unacked: ['<message/>'] });
});

test('the next connection attempt on the same page finds what the dropped one saved, so it can resume', () => {
  smStorage().save('strophe-sm:bob@example.org', { handled: 7 });
  const nextAttempt = smStorage();
  assert.deepEqual(nextAttempt.load('strophe-sm:bob@example.org'), { handled: 7 });
  nextAttempt.clear('strophe-sm:bob@example.org');
  assert.equal(smStorage().load('strophe-sm:bob@example.org'), null);
});
