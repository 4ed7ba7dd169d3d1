// Room bookmarks, so rooms come back on the next login: XEP-0402 (PEP node urn:xmpp:bookmarks:1) when the
// account advertises it, else XEP-0048 in private XML storage (XEP-0049). Prosody's mod_bookmarks keeps
// the two in sync, so other clients see the same list either way.

import { $iq } from '../vendor/strophe.esm.js';
import { NS, child, parsePepBookmarks, parseStoredBookmarks } from './muc-stanzas.js';

const PUBSUB = 'http://jabber.org/protocol/pubsub';
const PRIVATE = 'jabber:iq:private';

/** Reads and writes the account's room bookmarks ({jid, name, autojoin, nick, password}). */
export class Bookmarks {
  constructor(client) {
    this.client = client;
    this.mode = null; // 'pep' | 'private', decided on first use
    this.list = new Map(); // room → bookmark, as last read or written
  }

  /** Loads the bookmarks; resolves with the list (empty when the server has none or refuses). */
  async load() {
    const mode = await this.#mode();
    let found = [];
    try {
      if (mode === 'pep') {
        const result = await this.client.sendIQ($iq({ type: 'get' })
          .c('pubsub', { xmlns: PUBSUB }).c('items', { node: NS.BOOKMARKS }));
        found = parsePepBookmarks(child(child(result, 'pubsub', PUBSUB), 'items'));
      } else {
        const result = await this.client.sendIQ($iq({ type: 'get' })
          .c('query', { xmlns: PRIVATE }).c('storage', { xmlns: NS.STORAGE }));
        found = parseStoredBookmarks(child(child(result, 'query', PRIVATE), 'storage', NS.STORAGE));
      }
    } catch (e) {
      found = []; // item-not-found: nothing bookmarked yet
    }
    this.list = new Map(found.map((b) => [b.jid, b]));
    return found;
  }

  /** Adds or updates the bookmark of a room. */
  async save(b) {
    this.list.set(b.jid, b);
    if (await this.#mode() === 'pep') {
      const iq = $iq({ type: 'set' }).c('pubsub', { xmlns: PUBSUB })
        .c('publish', { node: NS.BOOKMARKS }).c('item', { id: b.jid });
      conference(iq, NS.BOOKMARKS, b).up().up().up();
      publishOptions(iq);
      await this.client.sendIQ(iq);
    } else {
      await this.#storeAll();
    }
  }

  /** Removes the bookmark of a room. */
  async remove(jid) {
    if (!this.list.delete(jid)) return;
    if (await this.#mode() === 'pep') {
      await this.client.sendIQ($iq({ type: 'set' }).c('pubsub', { xmlns: PUBSUB })
        .c('retract', { node: NS.BOOKMARKS, notify: 'true' }).c('item', { id: jid }));
    } else {
      await this.#storeAll();
    }
  }

  async #storeAll() {
    const iq = $iq({ type: 'set' }).c('query', { xmlns: PRIVATE }).c('storage', { xmlns: NS.STORAGE });
    for (const b of this.list.values()) conference(iq, null, b).up();
    await this.client.sendIQ(iq);
  }

  async #mode() {
    if (this.mode) return this.mode;
    try {
      const info = await this.client.sendIQ($iq({ type: 'get', to: bareOf(this.client.jid) })
        .c('query', { xmlns: NS.DISCO_INFO }));
      const features = [...child(info, 'query', NS.DISCO_INFO).children]
        .filter((c) => c.localName === 'feature').map((c) => c.getAttribute('var'));
      this.mode = features.includes(`${NS.BOOKMARKS}#compat`) ? 'pep' : 'private';
    } catch (e) {
      this.mode = 'private';
    }
    return this.mode;
  }
}

function bareOf(jid) {
  const s = String(jid || '');
  return s.includes('/') ? s.slice(0, s.indexOf('/')) : s;
}

// <conference/> of XEP-0402 (ns given, room in the item id) or XEP-0048 (room in a jid attribute).
function conference(iq, ns, b) {
  const attrs = ns ? { xmlns: ns } : { jid: b.jid };
  if (b.name) attrs.name = b.name;
  attrs.autojoin = b.autojoin ? 'true' : 'false';
  iq.c('conference', attrs);
  if (b.nick) iq.c('nick').t(b.nick).up();
  if (b.password) iq.c('password').t(b.password).up();
  return iq;
}

// XEP-0402 §3.3: the node must keep every item and be readable by its owner only.
function publishOptions(iq) {
  iq.c('publish-options').c('x', { xmlns: NS.DATA, type: 'submit' })
    .c('field', { var: 'FORM_TYPE', type: 'hidden' }).c('value').t(`${PUBSUB}#publish-options`).up().up();
  const fields = { 'pubsub#persist_items': 'true', 'pubsub#max_items': 'max',
    'pubsub#send_last_published_item': 'never', 'pubsub#access_model': 'whitelist' };
  for (const [name, value] of Object.entries(fields)) iq.c('field', { var: name }).c('value').t(value).up().up();
}
