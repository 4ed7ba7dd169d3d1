// The contact card ("get info"): vCard (XEP-0054) name, nickname, email and photo; each online resource
// with its show, status, priority, client software (XEP-0092) and idle time (XEP-0012); for a contact
// who is offline, when they were last seen (XEP-0012 to the bare address, answered by their server).
// Everything arrives asynchronously and is filled in as it comes; a card closed or reopened for someone
// else ignores late answers.

import { $iq } from '../vendor/strophe.esm.js';
import { el, byId, clear } from './dom.js';
import { bare } from './jid.js';
import { SHOW_LABELS } from './presence.js';
import { presenceDot } from './roster-view.js';
import { fetchVCard } from './vcard.js';

/** "just now", "45 s", "12 min", "3 h 5 min", "2 days". */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const days = Math.floor(h / 24);
  return days === 1 ? '1 day' : `${days} days`;
}

function queryChild(stanza, ns) {
  return [...stanza.children].find((c) => c.localName === 'query'
    && (c.namespaceURI === ns || c.getAttribute('xmlns') === ns)) || null;
}

/** {name, version, os} of an XEP-0092 reply. */
export function parseVersion(stanza) {
  const q = queryChild(stanza, 'jabber:iq:version');
  const get = (n) => {
    const c = q ? [...q.children].find((x) => x.localName === n) : null;
    return c ? c.textContent.trim() : '';
  };
  return { name: get('name'), version: get('version'), os: get('os') };
}

/** Seconds of an XEP-0012 reply, or null. */
export function parseLast(stanza) {
  const q = queryChild(stanza, 'jabber:iq:last');
  const seconds = q ? Number.parseInt(q.getAttribute('seconds'), 10) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

export class ContactCard {
  /**
   * @param client the XmppClient
   * @param roster names and presence
   * @param paint draws an avatar (avatars.js)
   */
  constructor(client, roster, paint, signal) {
    this.client = client;
    this.roster = roster;
    this.paint = paint;
    this.dialog = byId('card-dialog');
    this.jid = null;
    this.token = 0;
    byId('card-close').addEventListener('click', () => this.dialog.close(), { signal });
    this.dialog.addEventListener('close', () => { this.jid = null; this.token += 1; }, { signal });
  }

  /** Opens the card of `jid` and starts the queries. */
  open(jid) {
    const token = ++this.token;
    this.jid = bare(jid);
    const live = () => token === this.token;
    const name = this.roster.nameOf(this.jid);
    byId('card-name').textContent = name;
    byId('card-jid').textContent = this.jid;
    this.paint(byId('card-avatar'), name, this.jid);
    const fields = clear(byId('card-fields'));
    const status = byId('card-status');
    status.textContent = 'Loading…';
    const presence = this.roster.presenceOf(this.jid);
    this.#resources(presence, live);
    if (!this.dialog.open) this.dialog.showModal();

    const jobs = [];
    jobs.push(fetchVCard(this.client, this.jid).then((card) => {
      if (!live()) return;
      this.#field(fields, 'Full name', card.fn, 'fn');
      this.#field(fields, 'Nickname', card.nickname, 'nickname');
      this.#field(fields, 'Email', card.email, 'email');
      if (card.fn && card.fn !== name) byId('card-name').textContent = name === this.jid ? card.fn : `${name} (${card.fn})`;
    }).catch(() => live() && this.#field(fields, 'Profile', 'not available', 'vcard-error')));
    if (presence.show === 'offline') {
      jobs.push(this.client.sendIQ($iq({ type: 'get', to: this.jid }).c('query', { xmlns: 'jabber:iq:last' }))
        .then((r) => {
          const seconds = parseLast(r);
          if (live() && seconds !== null) {
            this.#field(fields, 'Last seen', seconds < 5 ? 'just now' : `${formatDuration(seconds)} ago`, 'last-seen');
          }
        }).catch(() => {}));
    }
    Promise.allSettled(jobs).then(() => { if (live()) status.textContent = ''; });
  }

  #field(list, label, value, key) {
    if (!value) return;
    list.append(el('div', { class: 'card-field', dataset: { field: key } },
      el('dt', { text: label }), el('dd', { text: value })));
  }

  #resources(presence, live) {
    const list = clear(byId('card-resources'));
    byId('card-resources-title').hidden = presence.resources.length === 0;
    if (presence.resources.length === 0) {
      list.append(el('li', { class: 'muted', text: 'Not online right now.' }));
      return;
    }
    for (const r of presence.resources) {
      const full = `${this.jid}/${r.resource}`;
      const software = el('span', { class: 'card-software', text: 'client: …' });
      const idle = el('span', { class: 'card-idle' });
      list.append(el('li', { class: 'card-resource', dataset: { resource: r.resource } },
        el('div', { class: 'card-resource-head' },
          presenceDot(r.show),
          el('strong', { class: 'card-resource-name', text: r.resource || '(no resource)' }),
          el('span', { class: 'muted', text: `${SHOW_LABELS[r.show]} · priority ${r.priority}` })),
        r.status ? el('p', { class: 'card-resource-status', text: r.status }) : null,
        el('p', { class: 'card-resource-meta muted' }, software, ' · ', idle)));
      this.client.sendIQ($iq({ type: 'get', to: full }).c('query', { xmlns: 'jabber:iq:version' }))
        .then((reply) => {
          if (!live()) return;
          const v = parseVersion(reply);
          software.textContent = `client: ${[v.name, v.version].filter(Boolean).join(' ') || 'unknown'}${v.os ? ` on ${v.os}` : ''}`;
        })
        .catch(() => { if (live()) software.textContent = 'client: not disclosed'; });
      this.client.sendIQ($iq({ type: 'get', to: full }).c('query', { xmlns: 'jabber:iq:last' }))
        .then((reply) => {
          const seconds = parseLast(reply);
          if (live()) idle.textContent = seconds === null ? '' : (seconds < 5 ? 'active now' : `idle ${formatDuration(seconds)}`);
        })
        .catch(() => { if (live()) idle.textContent = 'idle time not disclosed'; });
    }
  }
}
