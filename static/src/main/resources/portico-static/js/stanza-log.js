// The stanza log: every frame in and out, classified and bounded. BOSH <body> wrappers are unwrapped so
// each stanza is its own entry; an empty <body/> (a poll) is logged as a frame of kind "other".

import { render } from './xml-view.js';

/** Most entries kept; the oldest go first. */
export const MAX_ENTRIES = 2000;

const BOSH_NS = 'http://jabber.org/protocol/httpbind';
const KINDS = new Set(['message', 'presence', 'iq']);

/** The filter group of a top-level element. */
export function kindOf(element) {
  return KINDS.has(element.localName) ? element.localName : 'other';
}

/**
 * Entries are {seq, time, direction, transport, kind, name, id, fragment, text}; `id` is the stanza's id
 * attribute ('' when none), so a reply can be matched to what was sent. Listeners get
 * ('add', entry), ('drop', entry) and ('clear').
 */
export class StanzaLog {
  constructor(max = MAX_ENTRIES) {
    this.max = max;
    this.entries = [];
    this.seq = 0;
    this.listeners = [];
  }

  /** Calls `fn(event, entry)` on every change. */
  subscribe(fn) {
    this.listeners.push(fn);
  }

  /** Records one frame as Strophe handed it over. */
  record(direction, element, transport) {
    if (!element || element.nodeType !== Node.ELEMENT_NODE) return;
    const isBody = element.localName === 'body' && (element.getAttribute('xmlns') || element.namespaceURI) === BOSH_NS;
    const children = isBody ? [...element.children] : [];
    if (isBody && children.length > 0) {
      for (const child of children) this.#add(direction, child, transport);
    } else {
      this.#add(direction, element, transport);
    }
  }

  clear() {
    this.entries = [];
    this.#emit('clear', null);
  }

  #add(direction, element, transport) {
    const { fragment, text } = render(element);
    const entry = {
      seq: ++this.seq,
      time: new Date(),
      direction,
      transport,
      kind: kindOf(element),
      name: element.localName,
      id: element.getAttribute('id') || '',
      fragment,
      text,
    };
    this.entries.push(entry);
    this.#emit('add', entry);
    while (this.entries.length > this.max) {
      this.#emit('drop', this.entries.shift());
    }
  }

  #emit(event, entry) {
    for (const fn of this.listeners) fn(event, entry);
  }
}
