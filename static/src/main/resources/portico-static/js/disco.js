// Answers the few IQs every client should: XEP-0030 service discovery (who we are, what we support),
// XEP-0199 ping, XEP-0092 software version and XEP-0012 last activity (how long the person has been idle
// in this tab). Everything else gets Strophe's automatic service-unavailable.

import { $iq } from '../vendor/strophe.esm.js';

export const CLIENT_NAME = 'Portico web chat';
export const CLIENT_VERSION = '0.1.0';

const FEATURES = [
  'http://jabber.org/protocol/disco#info',
  'http://jabber.org/protocol/chatstates',
  'urn:xmpp:ping',
  'jabber:iq:version',
  'jabber:iq:last',
  'vcard-temp:x:update',
];

// Last keyboard or pointer input in this page: the basis of the idle time we report.
let lastInput = Date.now();
for (const type of ['keydown', 'pointerdown', 'wheel', 'touchstart']) {
  globalThis.addEventListener?.(type, () => { lastInput = Date.now(); }, { capture: true, passive: true });
}

/** Seconds since the person last used this page. */
export function idleSeconds(now = Date.now()) {
  return Math.max(0, Math.floor((now - lastInput) / 1000));
}

/** Registers the handlers on `client`. */
export function disco(client) {
  const reply = (iq) => $iq({ type: 'result', id: iq.getAttribute('id'), to: iq.getAttribute('from') });
  client.addHandler((iq) => {
    const result = reply(iq).c('query', { xmlns: 'http://jabber.org/protocol/disco#info' })
      .c('identity', { category: 'client', type: 'web', name: CLIENT_NAME }).up();
    for (const f of FEATURES) result.c('feature', { var: f }).up();
    client.send(result);
  }, 'http://jabber.org/protocol/disco#info', 'iq', 'get');
  client.addHandler((iq) => client.send(reply(iq)), 'urn:xmpp:ping', 'iq', 'get');
  client.addHandler((iq) => {
    client.send(reply(iq).c('query', { xmlns: 'jabber:iq:version' })
      .c('name').t(CLIENT_NAME).up().c('version').t(CLIENT_VERSION));
  }, 'jabber:iq:version', 'iq', 'get');
  client.addHandler((iq) => {
    client.send(reply(iq).c('query', { xmlns: 'jabber:iq:last', seconds: String(idleSeconds()) }));
  }, 'jabber:iq:last', 'iq', 'get');
}
