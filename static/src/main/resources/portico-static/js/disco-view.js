// The service discovery browser (XEP-0030): disco#info (identities, features with the name of their
// specification) and disco#items of the server or of any address and node, with each item a link to
// browse further, and a trail back. Text only, like everything from the network.

import { $iq } from '../vendor/strophe.esm.js';
import { el, byId, clear } from './dom.js';
import { xepName } from './xeps.js';

const NS_INFO = 'http://jabber.org/protocol/disco#info';
const NS_ITEMS = 'http://jabber.org/protocol/disco#items';

function query(stanza, ns) {
  return [...stanza.children].find((c) => c.localName === 'query'
    && (c.namespaceURI === ns || c.getAttribute('xmlns') === ns)) || null;
}

/** {identities: [{category, type, name}], features: [string]} of a disco#info result. */
export function parseInfo(stanza) {
  const q = query(stanza, NS_INFO);
  const children = q ? [...q.children] : [];
  return {
    identities: children.filter((c) => c.localName === 'identity').map((i) => ({
      category: i.getAttribute('category') || '', type: i.getAttribute('type') || '', name: i.getAttribute('name') || '',
    })),
    features: [...new Set(children.filter((c) => c.localName === 'feature').map((f) => f.getAttribute('var') || '')
      .filter(Boolean))].sort(),
  };
}

/** [{jid, node, name}] of a disco#items result. */
export function parseItems(stanza) {
  const q = query(stanza, NS_ITEMS);
  return (q ? [...q.children] : []).filter((c) => c.localName === 'item' && c.getAttribute('jid'))
    .map((i) => ({ jid: i.getAttribute('jid'), node: i.getAttribute('node') || '', name: i.getAttribute('name') || '' }));
}

export class DiscoView {
  /** @param domain a function giving the server's domain (the first thing shown) */
  constructor(client, domain, signal) {
    this.client = client;
    this.domain = domain;
    this.dialog = byId('disco-dialog');
    this.trail = [];
    this.token = 0;
    const opts = { signal };
    byId('disco-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const jid = byId('disco-jid').value.trim();
      if (jid) this.browse(jid, byId('disco-node').value.trim(), true);
    }, opts);
    byId('disco-back').addEventListener('click', () => {
      this.trail.pop();
      const last = this.trail.pop();
      if (last) this.browse(last.jid, last.node, true);
    }, opts);
    byId('disco-close').addEventListener('click', () => this.dialog.close(), opts);
  }

  /** Opens the view on the server. */
  open() {
    if (!this.dialog.open) this.dialog.showModal();
    this.trail = [];
    this.browse(this.domain(), '', true);
  }

  /** Shows what `jid` (and `node`) offers. */
  async browse(jid, node, record) {
    const token = ++this.token;
    if (record) this.trail.push({ jid, node });
    byId('disco-jid').value = jid;
    byId('disco-node').value = node;
    byId('disco-back').disabled = this.trail.length < 2;
    byId('disco-where').textContent = node ? `${jid} — node ${node}` : jid;
    const status = byId('disco-status');
    status.textContent = 'Asking…';
    const result = clear(byId('disco-result'));
    const attrs = node ? { xmlns: NS_INFO, node } : { xmlns: NS_INFO };
    const itemAttrs = node ? { xmlns: NS_ITEMS, node } : { xmlns: NS_ITEMS };
    const [info, items] = await Promise.allSettled([
      this.client.sendIQ($iq({ type: 'get', to: jid }).c('query', attrs)),
      this.client.sendIQ($iq({ type: 'get', to: jid }).c('query', itemAttrs)),
    ]);
    if (token !== this.token) return;
    status.textContent = info.status === 'rejected' && items.status === 'rejected'
      ? `${jid} did not answer service discovery.` : '';
    if (info.status === 'fulfilled') this.#info(result, parseInfo(info.value));
    if (items.status === 'fulfilled') this.#items(result, parseItems(items.value));
  }

  #info(result, { identities, features }) {
    result.append(el('section', { class: 'disco-section', attrs: { 'aria-labelledby': 'disco-identities-title' } },
      el('h3', { id: 'disco-identities-title', text: `Identities (${identities.length})` }),
      el('ul', { class: 'disco-identities' }, identities.map((i) => el('li', {},
        el('strong', { text: i.name || '(no name)' }), ' ',
        el('span', { class: 'muted', text: `${i.category}/${i.type}` }))))));
    result.append(el('section', { class: 'disco-section', attrs: { 'aria-labelledby': 'disco-features-title' } },
      el('h3', { id: 'disco-features-title', text: `Features (${features.length})` }),
      el('ul', { class: 'disco-features' }, features.map((f) => el('li', { dataset: { feature: f } },
        el('code', { text: f }),
        xepName(f) ? el('span', { class: 'xep', text: xepName(f) }) : null)))));
  }

  #items(result, items) {
    result.append(el('section', { class: 'disco-section', attrs: { 'aria-labelledby': 'disco-items-title' } },
      el('h3', { id: 'disco-items-title', text: `Items (${items.length})` }),
      items.length === 0 ? el('p', { class: 'muted', text: 'No items.' }) : null,
      el('ul', { class: 'disco-items' }, items.map((i) => el('li', {},
        el('button', {
          type: 'button', class: 'link-button disco-item', dataset: { jid: i.jid, node: i.node },
          text: i.jid + (i.node ? ` (node ${i.node})` : ''),
          on: { click: () => this.browse(i.jid, i.node, true) },
        }),
        i.name ? el('span', { class: 'muted', text: ` ${i.name}` }) : null)))));
  }
}
