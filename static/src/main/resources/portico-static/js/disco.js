// Answers the few IQs every client should: XEP-0030 service discovery (who we are, what we support)
// and XEP-0199 ping. Everything else gets Strophe's automatic service-unavailable.

import { $iq } from '../vendor/strophe.esm.js';

const FEATURES = [
  'http://jabber.org/protocol/disco#info',
  'http://jabber.org/protocol/chatstates',
  'urn:xmpp:ping',
];

/** Registers the handlers on `client`. */
export function disco(client) {
  client.addHandler((iq) => {
    const reply = $iq({ type: 'result', id: iq.getAttribute('id'), to: iq.getAttribute('from') })
      .c('query', { xmlns: 'http://jabber.org/protocol/disco#info' })
      .c('identity', { category: 'client', type: 'web', name: 'Portico web chat' }).up();
    for (const f of FEATURES) reply.c('feature', { var: f }).up();
    client.send(reply);
  }, 'http://jabber.org/protocol/disco#info', 'iq', 'get');
  client.addHandler((iq) => {
    client.send($iq({ type: 'result', id: iq.getAttribute('id'), to: iq.getAttribute('from') }));
  }, 'urn:xmpp:ping', 'iq', 'get');
}
