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
   */
  constructor(roster, chats, onOpen, signal) {
    this.roster = roster;
    this.chats = chats;
    this.onOpen = onOpen;
    this.nav = byId('roster');
    this.requestsBox = byId('requests');
    this.filter = byId('roster-filter');
    this.collapsed = new Set();
    this.filter.addEventListener('input', () => this.render(), { signal });
  }

  render() {
    this.#renderRequests();
    const focusedJid = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.jid : null;
    clear(this.nav);
    const query = this.filter.value.trim().toLowerCase();
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
    const names = [...groups.keys()].sort((a, b) => {
      if (a === OTHERS || b === OTHERS) return a === OTHERS ? 1 : -1;
      return a.localeCompare(b);
    });
    if (names.length === 0) {
      this.nav.append(el('p', { class: 'roster-empty muted', text: 'No contacts yet. Add someone with +.' }));
    }
    for (const name of names) {
      const jids = groups.get(name)
        .filter((jid) => !query || jid.includes(query) || this.roster.nameOf(jid).toLowerCase().includes(query))
        .sort((a, b) => this.#compare(a, b));
      if (jids.length === 0) continue;
      const online = jids.filter((j) => this.roster.presenceOf(j).show !== 'offline').length;
      const collapsed = this.collapsed.has(name) && !query;
      const list = el('ul', { class: 'contacts', hidden: collapsed });
      for (const jid of jids) list.append(this.#row(jid));
      this.nav.append(el('section', { class: 'group', dataset: { group: name } },
        el('h3', {},
          el('button', {
            type: 'button', class: 'group-toggle', attrs: { 'aria-expanded': String(!collapsed) },
            on: { click: () => { this.#toggle(name); } },
          }, el('span', { class: 'chevron', attrs: { 'aria-hidden': 'true' } }),
          el('span', { class: 'group-name', text: name }),
          el('span', { class: 'group-count', text: `${online}/${jids.length}` }))),
        list));
    }
    if (focusedJid) {
      const again = this.nav.querySelector(`button.contact[data-jid="${CSS.escape(focusedJid)}"]`);
      if (again) again.focus();
    }
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
      || this.roster.nameOf(a).localeCompare(this.roster.nameOf(b));
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
    paintAvatar(avatar, name, jid);
    const resources = presence.resources.map((r) => r.resource).filter(Boolean);
    const label = `${name}, ${SHOW_LABELS[presence.show]}${presence.status ? `: ${presence.status}` : ''}`
      + (unread ? `, ${unread} unread` : '');
    return el('li', {},
      el('button', {
        type: 'button',
        class: `contact${this.chats.active === jid ? ' active' : ''}${presence.show === 'offline' ? ' offline' : ''}`,
        dataset: { jid, show: presence.show },
        attrs: { 'aria-label': label, 'aria-current': this.chats.active === jid ? 'true' : null },
        on: { click: () => this.onOpen(jid) },
      },
      el('span', { class: 'avatar-wrap' }, avatar, presenceDot(presence.show)),
      el('span', { class: 'contact-text' },
        el('span', { class: 'contact-name', text: name }),
        el('span', { class: 'contact-status', text: statusLine }),
        resources.length ? el('span', { class: 'contact-resources', text: resources.join(' · '),
          attrs: { title: `Online on: ${resources.join(', ')}` } }) : null),
      unread ? el('span', { class: 'badge', text: String(unread), attrs: { 'aria-hidden': 'true' } }) : null));
  }

  #renderRequests() {
    clear(this.requestsBox);
    const requests = [...this.roster.requests.values()];
    this.requestsBox.hidden = requests.length === 0;
    if (requests.length === 0) return;
    this.requestsBox.append(el('h3', { class: 'requests-title', text: `Contact requests (${requests.length})` }));
    for (const r of requests) {
      const avatar = el('span', { class: 'avatar', attrs: { 'aria-hidden': 'true' } });
      paintAvatar(avatar, r.jid, r.jid);
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
