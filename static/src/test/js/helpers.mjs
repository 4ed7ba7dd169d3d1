// Shared pieces of the unit tests: stanzas from XML text, and a client double that records what the code
// under test sends and lets a test deliver stanzas to the registered handlers.

import { DOMParser } from '@xmldom/xmldom';

/** The root element of `xml`, namespaced jabber:client unless the text says otherwise. */
export function stanza(xml) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return doc.documentElement;
}

/** Stands in for XmppClient: addHandler/send/sendIQ/nextId, with `deliver(stanza)` for tests. */
export class FakeClient extends EventTarget {
  constructor() {
    super();
    this.handlers = [];
    this.sent = [];
    this.iqs = [];
    this.jid = 'alice@example.com/web';
    this.ids = 0;
    this.iqAnswer = () => Promise.reject(null);
  }

  addHandler(fn, ns, name, type) {
    this.handlers.push({ fn, ns, name, type });
  }

  send(s) {
    this.sent.push(s.tree ? s.tree() : s);
    return true;
  }

  sendIQ(s) {
    const tree = s.tree ? s.tree() : s;
    this.iqs.push(tree);
    return this.iqAnswer(tree);
  }

  nextId(prefix = 'p') {
    this.ids += 1;
    return `${prefix}${this.ids}`;
  }

  /** Hands `element` to every handler whose name/type/namespace match, as Strophe would. */
  deliver(element) {
    for (const h of this.handlers) {
      if (h.name && h.name !== element.localName) continue;
      if (h.type && h.type !== element.getAttribute('type')) continue;
      if (h.ns && ![...element.children].some((c) => c.namespaceURI === h.ns || c.getAttribute('xmlns') === h.ns)) continue;
      h.fn(element);
    }
  }
}
