// Presence vocabulary and the "me" box: show + status message + priority, sent at once on change.

import { $pres } from '../vendor/strophe.esm.js';
import { byId } from './dom.js';

/** Labels of every presence state the UI knows, in order of availability. */
export const SHOW_LABELS = Object.freeze({
  chat: 'Free to chat',
  available: 'Available',
  away: 'Away',
  xa: 'Extended away',
  dnd: 'Do not disturb',
  offline: 'Offline',
});

const RANK = { chat: 0, available: 1, away: 2, xa: 3, dnd: 4, offline: 5 };

/** Sort key: lower is more available. */
export function showRank(show) {
  return RANK[show] ?? 5;
}

/** The <show/> of an available presence stanza, as one of SHOW_LABELS' keys. */
export function showOf(stanza) {
  const node = [...stanza.children].find((c) => c.localName === 'show');
  const value = node ? node.textContent.trim() : '';
  return ['chat', 'away', 'xa', 'dnd'].includes(value) ? value : 'available';
}

/** The text of a direct child element, or ''. */
export function childText(stanza, name) {
  const node = [...stanza.children].find((c) => c.localName === name);
  return node ? node.textContent : '';
}

/** The own-presence controls. Calls `send(stanza)`; remembers the last choice for reconnects. */
export class MyPresence {
  constructor(client, signal) {
    this.client = client;
    const opts = { signal };
    this.show = byId('my-show');
    this.status = byId('my-status');
    this.priority = byId('my-priority');
    this.dot = byId('my-dot');
    this.lastSent = null;
    // XEP-0153: SHA-1 of our vCard photo ('' for none); null until our vCard was read, which the
    // presence says with an empty <x/> ("not ready to advertise").
    this.photoHash = null;
    this.show.addEventListener('change', () => this.announce(), opts);
    this.status.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.announce();
      }
    }, opts);
    this.status.addEventListener('change', () => this.announce(), opts);
    this.priority.addEventListener('change', () => this.announce(), opts);
  }

  /** The presence stanza for the current choice. */
  stanza() {
    const pres = $pres();
    const show = this.show.value;
    if (show !== 'available') pres.c('show').t(show).up();
    const status = this.status.value.trim();
    if (status) pres.c('status').t(status).up();
    let priority = Number.parseInt(this.priority.value, 10);
    if (!Number.isFinite(priority)) priority = 0;
    priority = Math.max(-128, Math.min(127, priority));
    this.priority.value = String(priority);
    pres.c('priority').t(String(priority)).up();
    pres.c('x', { xmlns: 'vcard-temp:x:update' });
    if (this.photoHash !== null) pres.c('photo').t(this.photoHash).up();
    pres.up();
    return pres;
  }

  /** Sends the current presence (also used right after (re)connecting). */
  announce(force = false) {
    this.dot.dataset.show = this.show.value;
    const stanza = this.stanza();
    const signature = stanza.toString();
    if (!force && signature === this.lastSent) return; // Enter and the change event both fire
    if (this.client.send(stanza)) this.lastSent = signature;
  }
}
