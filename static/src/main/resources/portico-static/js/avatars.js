// Avatars (XEP-0153 vCard-based): a contact's presence names the SHA-1 of their photo; the photo comes
// from their vCard, fetched once per hash and kept in memory for the session (so nothing stays behind
// after sign-out). Without a photo the initials avatar of dom.js stays. A room occupant's presence names
// their hash too; that picture is kept under the occupant's room address (room@service/nick) and fetched
// from it: the room forwards vcard-temp requests to the occupant's real bare JID (Prosody 0.12 does,
// only for a requester that is itself in the room); a refusal leaves the initials.

import { bare } from './jid.js';
import { el, paintAvatar } from './dom.js';
import { fetchVCard, photoHash, photoUrl } from './vcard.js';

export const NS_UPDATE = 'vcard-temp:x:update';
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';

const hasX = (children, ns) => children.some((c) => c.localName === 'x' && (c.namespaceURI === ns || c.getAttribute('xmlns') === ns));

// The hash in the <x xmlns='vcard-temp:x:update'/> of `children`: hex, '' for "no photo", null when silent.
function photoIn(children) {
  const x = children.find((c) => c.localName === 'x' && (c.namespaceURI === NS_UPDATE || c.getAttribute('xmlns') === NS_UPDATE));
  const photo = x ? [...x.children].find((c) => c.localName === 'photo') : null;
  if (!photo) return null; // no <x/>, or <x/> without <photo/>: "not ready to advertise"
  return photo.textContent.trim().toLowerCase();
}

/** The photo hash a presence advertises: a hex string, '' for "no photo", null when it says nothing. */
export function advertisedHash(presence) {
  const children = [...presence.children];
  if (hasX(children, NS_MUC_USER)) return null; // a room occupant: the bare address is the room, not a person
  return photoIn(children);
}

/** The photo hash a room occupant's presence (one with muc#user) advertises, as advertisedHash; null otherwise. */
export function occupantHash(presence) {
  const children = [...presence.children];
  return hasX(children, NS_MUC_USER) ? photoIn(children) : null;
}

/** Emits `change` {jid} when the picture of `jid` changed. */
export class Avatars extends EventTarget {
  constructor(client) {
    super();
    this.client = client;
    this.urls = new Map(); // hash → data: URL
    this.hashes = new Map(); // bare, or room@service/nick of an occupant → hash ('' for none)
    this.fetching = new Map(); // hash → promise, so one vCard fetch serves every presence with that hash
    client.addHandler((p) => this.#onPresence(p), null, 'presence');
  }

  /** The picture of `jid` as a data: URL, or null. */
  url(jid) {
    const hash = this.hashes.has(jid) ? this.hashes.get(jid) : this.hashes.get(bare(jid));
    return hash ? this.urls.get(hash) || null : null;
  }

  /** Initials avatar, with the photo on top when there is one. Bound, so it can be handed around. */
  paint = (node, name, jid) => {
    paintAvatar(node, name, jid);
    this.photo(node, jid);
  };

  /** Puts the picture of `jid` (a contact, or an occupant's room address) over what `node` shows, if any. */
  photo = (node, jid) => {
    const url = this.url(jid);
    node.classList.toggle('has-photo', Boolean(url));
    if (url) node.replaceChildren(el('img', { src: url, alt: '', attrs: { draggable: 'false' } }));
  };

  /** Records a vCard known otherwise (one's own after fetching or publishing it); resolves to its hash. */
  async remember(jid, card) {
    const hash = await photoHash(card.photo);
    const url = photoUrl(card);
    if (hash && url) this.urls.set(hash, url);
    this.#set(bare(jid), url ? hash : '');
    return url ? hash : '';
  }

  /** Forgets every picture (sign-out). */
  clear() {
    this.urls.clear();
    this.hashes.clear();
    this.fetching.clear();
  }

  async #onPresence(p) {
    const from = p.getAttribute('from') || '';
    const occupant = occupantHash(p);
    if (p.getAttribute('type')) {
      // A departed occupant's address may be someone else's next; a contact's picture outlives it.
      if (occupant !== null || this.hashes.has(from)) this.#set(from, '');
      return;
    }
    const jid = occupant !== null ? from : bare(from);
    const hash = occupant !== null ? occupant : advertisedHash(p);
    if (!jid || hash === null || this.hashes.get(jid) === hash) return;
    if (hash === '' || this.urls.has(hash)) {
      this.#set(jid, hash);
      return;
    }
    let pending = this.fetching.get(hash);
    if (!pending) {
      pending = fetchVCard(this.client, jid, { full: occupant !== null }).then(async (card) => {
        const url = photoUrl(card);
        const actual = await photoHash(card.photo);
        if (url) this.urls.set(actual, url);
        return actual;
      });
      this.fetching.set(hash, pending);
    }
    try {
      const actual = await pending;
      // The hash the presence named is the one shown; a card that changed meanwhile shows under its own.
      if (this.urls.has(actual) && actual !== hash) this.urls.set(hash, this.urls.get(actual));
      this.#set(jid, this.urls.has(hash) ? hash : '');
    } catch (e) {
      this.fetching.delete(hash); // try again on the next presence
    }
  }

  #set(jid, hash) {
    // An occupant without a picture is not news: initials were drawn already.
    if (this.hashes.get(jid) === hash || (jid.includes('/') && !hash && !this.hashes.get(jid))) return;
    this.hashes.set(jid, hash);
    this.dispatchEvent(new CustomEvent('change', { detail: { jid } }));
  }
}
