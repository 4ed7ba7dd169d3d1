// XEP-0352 Client State Indication: tells the server when this page is hidden or shown, if the server
// offers it (stream feature <csi xmlns='urn:xmpp:csi:0'/>). Prosody's mod_csi_simple then holds back
// traffic that can wait (presence, chat states) while the tab is hidden and flushes it when it is shown,
// which saves a throttled background tab work and battery. Messages are never held back.

import { $build } from '../vendor/strophe.esm.js';

const NS_CSI = 'urn:xmpp:csi:0';

/** True when the stream features offer CSI. */
export function offersCsi(features) {
  return !!features && [...features.children].some((c) => c.localName === 'csi'
    && (c.namespaceURI === NS_CSI || c.getAttribute('xmlns') === NS_CSI));
}

/**
 * Sends `inactive`/`active` on visibility changes for as long as `signal` is not aborted. A page being
 * left (reload, navigation) also turns hidden, but says nothing: the session is about to be resumed by
 * the next page, which must not find it inactive.
 */
export function csi(client, signal) {
  let told = null; // what the server believes; unknown after a resume (an earlier page may have said it)
  let leaving = false;
  const tell = () => {
    if (leaving || !offersCsi(client.features())) return;
    const state = document.hidden ? 'inactive' : 'active';
    if (state !== told && client.send($build(state, { xmlns: NS_CSI }))) told = state;
  };
  // The spec fires pagehide before the visibilitychange of an unloading document.
  globalThis.addEventListener?.('pagehide', () => { leaving = true; }, { signal });
  globalThis.addEventListener?.('pageshow', () => { leaving = false; }, { signal });
  document.addEventListener('visibilitychange', tell, { signal });
  client.addEventListener('online', (e) => {
    // A new stream starts active (XEP-0352 §4); a resumed one keeps whatever was last said, so say it again.
    told = e.detail.resumed ? null : 'active';
    tell();
  }, { signal });
}
