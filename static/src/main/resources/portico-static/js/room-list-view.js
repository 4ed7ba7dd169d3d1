// The sidebar's rooms: one row per room (name, join state, unread count) and pending invitations, each
// accepted or declined with one click.

import { el, byId, clear, paintAvatar } from './dom.js';

const STATE_LABELS = { joining: 'Joining…', joined: '', error: 'Could not join', left: 'Not joined' };

export class RoomListView {
  /** `onOpen(jid)` opens a room, `onAccept(jid)` / `onDecline(jid)` answer an invitation. */
  constructor(rooms, { onOpen, onAccept, onDecline }) {
    this.rooms = rooms;
    this.onOpen = onOpen;
    this.onAccept = onAccept;
    this.onDecline = onDecline;
    this.list = byId('room-list');
    this.invitations = byId('invitations');
  }

  render() {
    const focused = document.activeElement && this.list.contains(document.activeElement)
      ? document.activeElement.dataset.jid : null;
    clear(this.list);
    const rooms = [...this.rooms.rooms.values()]
      .sort((a, b) => (a.name || a.jid).localeCompare(b.name || b.jid));
    for (const room of rooms) this.list.append(this.#row(room));
    this.list.hidden = rooms.length === 0;
    byId('rooms-empty').hidden = rooms.length > 0 || this.rooms.invitations.size > 0;
    if (focused) {
      const again = this.list.querySelector(`button[data-jid="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  renderInvitations() {
    clear(this.invitations);
    const pending = [...this.rooms.invitations.values()];
    this.invitations.hidden = pending.length === 0;
    for (const inv of pending) {
      const text = `${inv.from} invites you to ${inv.room}`;
      this.invitations.append(el('div', { class: 'request invitation', dataset: { room: inv.room } },
        el('span', { class: 'avatar room-avatar', attrs: { 'aria-hidden': 'true' }, text: '#' }),
        el('div', { class: 'request-text' },
          el('span', { class: 'contact-name', text: inv.room }),
          el('span', { class: 'contact-status', text: `Invitation from ${inv.from}${inv.reason ? `: ${inv.reason}` : ''}` })),
        el('div', { class: 'request-actions' },
          el('button', { type: 'button', class: 'button small primary', text: 'Join',
            attrs: { 'aria-label': `Join ${inv.room}`, title: text }, on: { click: () => this.onAccept(inv.room) } }),
          el('button', { type: 'button', class: 'button small', text: 'Decline',
            attrs: { 'aria-label': `Decline ${inv.room}`, title: text }, on: { click: () => this.onDecline(inv.room) } }))));
    }
    byId('rooms-empty').hidden = this.rooms.rooms.size > 0 || pending.length > 0;
  }

  #row(room) {
    const name = room.name || room.jid.replace(/@.*$/, '');
    const active = this.rooms.active === room.jid;
    const avatar = el('span', { class: 'avatar room-avatar', attrs: { 'aria-hidden': 'true' } });
    paintAvatar(avatar, name, room.jid);
    const status = STATE_LABELS[room.state] || (room.subject || room.jid);
    return el('li', {},
      el('button', {
        type: 'button',
        class: `contact room${active ? ' active' : ''}${room.state !== 'joined' ? ' offline' : ''}`,
        dataset: { jid: room.jid, state: room.state },
        attrs: { 'aria-current': active ? 'true' : null },
        on: { click: () => this.onOpen(room.jid) },
      },
      // The accessible name is the visible text, with "Room" before it and the unread count after it.
      el('span', { class: 'sr-only', text: 'Room ' }),
      el('span', { class: 'avatar-wrap' }, avatar),
      el('span', { class: 'contact-text' },
        el('span', { class: 'contact-name', text: name }),
        el('span', { class: 'contact-status', text: status || room.subject || room.jid })),
      room.unread ? el('span', { class: 'sr-only', text: `, ${room.unread} unread` }) : null,
      room.unread ? el('span', { class: 'badge', text: String(room.unread), attrs: { 'aria-hidden': 'true' } }) : null));
  }
}
