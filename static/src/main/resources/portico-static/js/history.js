// XEP-0313 Message Archive Management: when a conversation is opened, its recent history is loaded from
// the server's archive (if the account offers urn:xmpp:mam:2), once per conversation and page. Archived
// messages carry the server's archive id, which live messages carry too (XEP-0359 stanza-id), so a message
// that arrives live, is re-sent after an XEP-0198 resume, and is also in the archive shows once; Chats
// puts archived ones in time order.

import { $iq } from '../vendor/strophe.esm.js';
import { bare } from './jid.js';
import { hasFeature } from './carbons.js';

const NS_MAM = 'urn:xmpp:mam:2';
const NS_FORWARD = 'urn:xmpp:forward:0';
const PAGE = 50;

/** Loads archived messages into `chats`; call `load(peer)` when a conversation is opened. */
export class History {
  constructor(client, chats) {
    this.client = client;
    this.chats = chats;
    this.loaded = new Set();
    this.supported = null; // a promise of boolean, asked once
    this.queries = new Map(); // queryid → [messages]
    client.addHandler((m) => this.#onResult(m), NS_MAM, 'message');
  }

  /** Loads the last messages with `peer`, once; resolves when they are merged (or not available). */
  async load(peer) {
    const jid = bare(peer || '');
    if (!jid || this.loaded.has(jid)) return;
    this.loaded.add(jid);
    try {
      if (!(await this.#supported())) return;
      const queryid = this.client.nextId('mam');
      const results = [];
      this.queries.set(queryid, results);
      await this.client.sendIQ($iq({ type: 'set' }).c('query', { xmlns: NS_MAM, queryid })
        .c('x', { xmlns: 'jabber:x:data', type: 'submit' })
        .c('field', { var: 'FORM_TYPE', type: 'hidden' }).c('value').t(NS_MAM).up().up()
        .c('field', { var: 'with' }).c('value').t(jid).up().up().up()
        .c('set', { xmlns: 'http://jabber.org/protocol/rsm' }).c('max').t(String(PAGE)).up().c('before'));
      this.queries.delete(queryid);
      const me = bare(this.client.jid || '');
      for (const r of results) {
        const dir = bare(r.message.getAttribute('from') || '') === me ? 'out' : 'in';
        this.chats.receive(r.message, { dir, time: r.time, archiveId: r.id, archived: true });
      }
      this.chats.historyLoaded(jid);
    } catch (error) {
      this.loaded.delete(jid); // try again next time
      console.info('history not loaded', error);
    }
  }

  #supported() {
    if (!this.supported) {
      const me = bare(this.client.jid || '');
      this.supported = this.client.sendIQ($iq({ type: 'get', to: me })
        .c('query', { xmlns: 'http://jabber.org/protocol/disco#info' }))
        .then((info) => hasFeature(info, NS_MAM), () => false);
    }
    return this.supported;
  }

  #onResult(message) {
    const from = message.getAttribute('from');
    if (from && bare(from) !== bare(this.client.jid || '')) return; // only our own archive answers
    const result = [...message.children].find((c) => c.localName === 'result');
    const results = result && this.queries.get(result.getAttribute('queryid'));
    if (!results) return;
    const forwarded = [...result.children].find((c) => c.localName === 'forwarded'
      && (c.namespaceURI === NS_FORWARD || c.getAttribute('xmlns') === NS_FORWARD));
    const inner = forwarded && [...forwarded.children].find((c) => c.localName === 'message');
    if (!inner) return;
    const delay = [...forwarded.children].find((c) => c.localName === 'delay');
    const time = delay ? new Date(delay.getAttribute('stamp')) : null;
    results.push({ id: result.getAttribute('id') || '', message: inner, time: time && !Number.isNaN(time.getTime()) ? time : null });
  }
}
