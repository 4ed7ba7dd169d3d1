// Draws the roster: contacts grouped by roster group, online first, each with a live presence dot,
// status text, online resources and unread count; plus incoming subscription requests.

import { el, byId, clear, paintAvatar } from './dom.js';
import { SHOW_LABELS, showRank } from './presence.js';

const NO_GROUP = 'General';
const OTHERS = 'Not in your contacts';

/** A presence dot with an accessible label. */
export function presenceDot(show) {
  return el('span', { class: 'dot', dataset: { show }, attrs: { role: 'img', 'aria-label': SHOW_LABELS[show] } });
}

export class RosterView {
  /**
   * @param roster the Roster model
   * @param chats the Chats model (unread counts, conversations with strangers)
   * @param onOpen called with a bare JID when the user picks a contact
   * @param signal aborts the listeners when the session ends
   * @param paint draws an avatar into a node: (node, name, jid) (avatars.js, or initials only)
   */
  constructor(roster, chats, onOpen, signal, paint = paintAvatar) {
    this.roster = roster;
    this.chats = chats;
    this.onOpen = onOpen;
    this.paint = paint;
    this.nav = byId('roster');
    this.requestsBox = byId('requests');
    this.filter = byId('roster-filter');
    this.collapsed = new Set();
    this.shownRequests = '';
    this.filter.addEventListener('input', () => this.render(), { signal });
  }

  /** Redraws the whole roster (after a load, a filter or group change). */
  render() {
    this.#renderRequests();
    const focusedJid = this.#focusedJid();
    clear(this.nav);
    const query = this.#query();
    const groups = this.#groups();
    const names = [...groups.keys()].sort((a, b) => {
      if (a === OTHERS || b === OTHERS) return a === OTHERS ? 1 : -1;
      return a.localeCompare(b);
    });
    if (names.length === 0) {
      this.nav.append(el('p', { class: 'roster-empty muted', text: 'No contacts yet. Add someone with +.' }));
    }
    for (const name of names) {
      const jids = groups.get(name)
        .filter((jid) => this.#matches(jid, query))
        .sort((a, b) => this.#compare(a, b));
      if (jids.length === 0) continue;
      const collapsed = this.collapsed.has(name) && !query;
      const list = el('ul', { class: 'contacts', hidden: collapsed });
      for (const jid of jids) list.append(this.#row(jid));
      const section = el('section', { class: 'group', dataset: { group: name } },
        el('h3', {},
          el('button', {
            type: 'button', class: 'group-toggle', attrs: { 'aria-expanded': String(!collapsed) },
            on: { click: () => { this.#toggle(name); } },
          }, el('span', { class: 'chevron', attrs: { 'aria-hidden': 'true' } }),
          el('span', { class: 'group-name', text: name }),
          el('span', { class: 'group-count' }))),
        list);
      this.#count(section);
      this.nav.append(section);
    }
    this.#refocus(focusedJid);
  }

  /**
   * Redraws one contact: its row in each group it is listed in is replaced and moved to its sorted place,
   * and the group counts follow. Anything else on the page stays as it is. Falls back to render() when the
   * contact moves between groups, appears or disappears.
   */
  update(jid) {
    if (!jid) {
      this.render();
      return;
    }
    this.#renderRequests();
    const rows = [...this.nav.querySelectorAll('li.contact-row')].filter((li) => li.dataset.jid === jid);
    const want = this.#matches(jid, this.#query())
      ? [...this.#groups()].filter(([, jids]) => jids.includes(jid)).map(([g]) => g).sort() : [];
    const have = rows.map((li) => li.closest('section.group').dataset.group).sort();
    if (want.join('\n') !== have.join('\n')) {
      this.render();
      return;
    }
    const focusedJid = this.#focusedJid();
    for (const old of rows) {
      const list = old.parentNode;
      old.remove();
      const row = this.#row(jid);
      const next = [...list.children].find((li) => this.#compare(jid, li.dataset.jid) < 0);
      list.insertBefore(row, next || null);
      this.#count(list.closest('section.group'));
    }
    if (focusedJid === jid) this.#refocus(jid);
  }

  #focusedJid() {
    const active = document.activeElement;
    return active && active.closest && active.closest('#roster') && active.dataset ? active.dataset.jid : null;
  }

  #refocus(jid) {
    if (!jid) return;
    const again = this.nav.querySelector(`button.contact[data-jid="${CSS.escape(jid)}"]`);
    if (again) again.focus();
  }

  #query() {
    return this.filter.value.trim().toLowerCase();
  }

  #matches(jid, query) {
    return !query || jid.includes(query) || this.roster.nameOf(jid).toLowerCase().includes(query);
  }

  /** group name → bare JIDs listed in it. */
  #groups() {
    const groups = new Map();
    const put = (group, jid) => {
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(jid);
    };
    for (const item of this.roster.items.values()) {
      if (item.groups.length === 0) put(NO_GROUP, item.jid);
      else item.groups.forEach((g) => put(g, item.jid));
    }
    for (const c of this.chats.conversations.values()) {
      if (!this.roster.items.has(c.jid) && c.messages.length > 0) put(OTHERS, c.jid);
    }
    return groups;
  }

  #count(section) {
    const rows = [...section.querySelectorAll('li.contact-row')];
    const online = rows.filter((li) => this.roster.presenceOf(li.dataset.jid).show !== 'offline').length;
    section.querySelector('.group-count').textContent = `${online}/${rows.length}`;
  }

  #toggle(name) {
    if (this.collapsed.has(name)) this.collapsed.delete(name); else this.collapsed.add(name);
    this.render();
  }

  #compare(a, b) {
    const pa = this.roster.presenceOf(a);
    const pb = this.roster.presenceOf(b);
    const onlineA = pa.show === 'offline' ? 1 : 0;
    const onlineB = pb.show === 'offline' ? 1 : 0;
    return (onlineA - onlineB) || (showRank(pa.show) - showRank(pb.show))
      || this.roster.nameOf(a).localeCompare(this.roster.nameOf(b)) || a.localeCompare(b);
  }

  #row(jid) {
    const item = this.roster.items.get(jid);
    const presence = this.roster.presenceOf(jid);
    const conversation = this.chats.conversations.get(jid);
    const unread = conversation ? conversation.unread : 0;
    const name = this.roster.nameOf(jid);
    let statusLine = presence.status || SHOW_LABELS[presence.show];
    if (item && presence.show === 'offline') {
      if (item.ask === 'subscribe') statusLine = 'Waiting for approval';
      else if (item.subscription === 'none' || item.subscription === 'from') statusLine = 'Presence not shared';
    }
    const avatar = el('span', { class: 'avatar', attrs: { 'aria-hidden': 'true' } });
    this.paint(avatar, name, jid);
    const resources = presence.resources.map((r) => r.resource).filter(Boolean);
    return el('li', { class: 'contact-row', dataset: { jid } },
      el('button', {
        type: 'button',
        class: `contact${this.chats.active === jid ? ' active' : ''}${presence.show === 'offline' ? ' offline' : ''}`,
        dataset: { jid, show: presence.show },
        // The accessible name is the visible text (name, status, devices) plus the unread count.
        attrs: { 'aria-current': this.chats.active === jid ? 'true' : null },
        on: { click: () => this.onOpen(jid) },
      },
      el('span', { class: 'avatar-wrap' }, avatar, presenceDot(presence.show)),
      el('span', { class: 'contact-text' },
        el('span', { class: 'contact-name', text: name }),
        el('span', { class: 'contact-status', text: statusLine }),
        resources.length ? el('span', { class: 'contact-resources', text: resources.join(' · '),
          attrs: { title: `Online on: ${resources.join(', ')}` } }) : null),
      unread ? el('span', { class: 'badge', text: String(unread), attrs: { 'aria-hidden': 'true' } }) : null,
      unread ? el('span', { class: 'sr-only', text: `, ${unread} unread` }) : null));
  }

  // Drawn only when the set of pending requests changed, not on every presence.
  #renderRequests() {
    const requests = [...this.roster.requests.values()];
    const signature = requests.map((r) => r.jid).join('\n');
    if (signature === this.shownRequests && this.requestsBox.childElementCount > 0 === requests.length > 0) return;
    this.shownRequests = signature;
    clear(this.requestsBox);
    this.requestsBox.hidden = requests.length === 0;
    if (requests.length === 0) return;
    this.requestsBox.append(el('h3', { class: 'requests-title', text: `Contact requests (${requests.length})` }));
    for (const r of requests) {
      const avatar = el('span', { class: 'avatar', attrs: { 'aria-hidden': 'true' } });
      this.paint(avatar, r.jid, r.jid);
      this.requestsBox.append(el('div', { class: 'request', dataset: { jid: r.jid } },
        avatar,
        el('div', { class: 'request-text' },
          el('span', { class: 'contact-name', text: r.jid }),
          el('span', { class: 'contact-status', text: 'wants to share presence with you' })),
        el('div', { class: 'request-actions' },
          el('button', { type: 'button', class: 'button small primary', text: 'Approve',
            attrs: { 'aria-label': `Approve ${r.jid}` }, on: { click: () => this.roster.approve(r.jid) } }),
          el('button', { type: 'button', class: 'button small', text: 'Deny',
            attrs: { 'aria-label': `Deny ${r.jid}` }, on: { click: () => this.roster.deny(r.jid) } }))));
    }
  }
}
