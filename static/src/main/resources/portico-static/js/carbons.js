// XEP-0280 Message Carbons: every tab or device of this account sees the whole conversation. When the
// server offers carbons, they are enabled after sign-in (a resumed session keeps them); a carbon copy is
// unwrapped and given to the conversations as if it had arrived here (`received`) or been sent from here
// (`sent`). Chats de-duplicates, so a copy that also arrives another way shows once.

import { $iq } from '../vendor/strophe.esm.js';
import { bare } from './jid.js';

const NS_CARBONS = 'urn:xmpp:carbons:2';
const NS_FORWARD = 'urn:xmpp:forward:0';
const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';

/** Wires carbons between `client` and `chats` for as long as `signal` is not aborted. */
export function carbons(client, chats, signal) {
  client.addHandler((message) => {
    const copy = unwrap(message, bare(client.jid || ''));
    if (copy) chats.receive(copy.message, { dir: copy.dir });
  }, NS_CARBONS, 'message');
  client.addEventListener('online', async (e) => {
    if (e.detail.resumed) return;
    try {
      const info = await client.sendIQ($iq({ type: 'get', to: bare(client.jid).split('@')[1] })
        .c('query', { xmlns: NS_DISCO_INFO }));
      if (!hasFeature(info, NS_CARBONS)) return;
      await client.sendIQ($iq({ type: 'set' }).c('enable', { xmlns: NS_CARBONS }));
    } catch (error) {
      console.info('message carbons not enabled', error);
    }
  }, { signal });
}

/**
 * The message inside a carbon copy and whether this account received or sent it; null when `message` is
 * no carbon or does not come from our own account (anyone else's "carbon" is a forgery, XEP-0280 §11).
 */
export function unwrap(message, me) {
  const from = message.getAttribute('from');
  if (from && bare(from) !== me) return null;
  for (const wrapper of message.children) {
    if (wrapper.localName !== 'received' && wrapper.localName !== 'sent') continue;
    if (wrapper.namespaceURI !== NS_CARBONS && wrapper.getAttribute('xmlns') !== NS_CARBONS) continue;
    const forwarded = [...wrapper.children].find((c) => c.localName === 'forwarded'
      && (c.namespaceURI === NS_FORWARD || c.getAttribute('xmlns') === NS_FORWARD));
    const inner = forwarded && [...forwarded.children].find((c) => c.localName === 'message');
    if (inner) return { message: inner, dir: wrapper.localName === 'sent' ? 'out' : 'in' };
  }
  return null;
}

/** True when a disco#info result lists `feature`. */
export function hasFeature(info, feature) {
  return !!info && [...info.getElementsByTagName('feature')].some((f) => f.getAttribute('var') === feature);
}
