// Draws the open room: header (name, subject, actions), join state and errors (with a new nickname or a
// password to try again), messages and occupants. Everything after the first draw is incremental: a new
// message appends one node, an occupant's presence replaces or moves one entry.

import { el, byId, clear, paintAvatar, hueOf, shortTime, fullTime, dayLabel, wireComposer } from './dom.js';
import { SHOW_LABELS } from './presence.js';
import { presenceDot } from './roster-view.js';
import { compareOccupants, suggestNick } from './muc-model.js';

const AFFILIATION_LABELS = { owner: 'owner', admin: 'admin', member: 'member', outcast: 'banned' };

/** The room pane. `actions`: onSend(jid, body), onRejoin(jid, nick, password), onLeave(jid),
 * onSubject(jid), onInvite(jid), onBack(), and optionally photo(node, occupantJid) to put an occupant's
 * picture over their initials (avatars.js). */
export class RoomView {
  constructor(rooms, actions, signal) {
    const opts = { signal };
    this.rooms = rooms;
    this.actions = actions;
    this.pane = byId('room-pane');
    this.list = byId('room-messages');
    this.occupants = byId('occupant-list');
    this.status = byId('room-status');
    this.input = byId('room-input');
    wireComposer(byId('room-composer'), this.input, () => this.#submit(), opts);
    byId('room-back').addEventListener('click', () => actions.onBack(), opts);
    byId('room-leave').addEventListener('click', () => this.rooms.active && actions.onLeave(this.rooms.active), opts);
    byId('room-invite').addEventListener('click', () => this.rooms.active && actions.onInvite(this.rooms.active), opts);
    byId('room-subject-edit').addEventListener('click', () => this.rooms.active && actions.onSubject(this.rooms.active), opts);
    const toggle = byId('room-occupants-toggle');
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-pressed') !== 'true';
      toggle.setAttribute('aria-pressed', String(open));
      this.pane.classList.toggle('show-occupants', open);
    }, opts);
  }

  #room() {
    return this.rooms.active ? this.rooms.rooms.get(this.rooms.active) : null;
  }

  /** Draws the active room from scratch (when it is opened). */
  render() {
    const room = this.#room();
    this.pane.hidden = !room;
    if (!room) return;
    this.renderHeader(room);
    this.renderState(room);
    clear(this.list);
    for (const m of room.messages) this.#append(m);
    if (room.messages.length === 0) {
      this.list.append(el('li', { class: 'conversation-start muted', text: 'No messages in this room yet.' }));
    }
    this.renderOccupants(room);
    this.#scrollToEnd();
  }

  /** Name and subject. */
  renderHeader(room) {
    if (room.jid !== this.rooms.active) return;
    const name = room.name || room.jid.replace(/@.*$/, '');
    byId('room-name').textContent = name;
    paintAvatar(byId('room-avatar'), name, room.jid);
    byId('room-address').textContent = room.jid;
    const subject = byId('room-subject');
    subject.textContent = room.subject || 'No subject';
    subject.classList.toggle('muted', !room.subject);
    subject.title = room.subject && room.subjectBy ? `Set by ${room.subjectBy}` : '';
    byId('room-subject-edit').hidden = !room.canChangeSubject();
    const notice = byId('room-notice');
    notice.textContent = room.notice || '';
    notice.hidden = !room.notice;
    room.notice = '';
  }

  /** Join state: joining, joined, an error with a way to try again, or left. */
  renderState(room) {
    if (room.jid !== this.rooms.active) return;
    const joined = room.state === 'joined';
    this.input.disabled = !joined;
    byId('room-send').disabled = !joined;
    byId('room-invite').disabled = !joined;
    byId('room-subject-edit').hidden = !room.canChangeSubject();
    clear(this.status);
    this.status.dataset.state = room.state;
    this.status.hidden = joined;
    if (room.state === 'joining') {
      this.status.append(el('span', { class: 'banner-spinner', attrs: { 'aria-hidden': 'true' } }),
        el('span', { text: `Joining as ${room.nick}…` }));
    } else if (room.state === 'error') {
      this.status.append(this.#retryForm(room));
    } else if (room.state === 'left') {
      this.status.append(el('span', { text: room.exitMessage || 'You are not in this room.' }),
        el('button', { type: 'button', class: 'button small', text: 'Join again',
          on: { click: () => this.actions.onRejoin(room.jid, room.nick, room.password) } }));
    }
    this.renderOccupants(room); // a join started (nobody known yet) or ended (our own entry is last)
  }

  // The error, and what to change to try again: another nickname after a conflict, a password.
  #retryForm(room) {
    const condition = room.error.condition;
    const form = el('form', { class: 'room-retry', attrs: { 'aria-label': 'Join again' } });
    form.append(el('p', { class: 'room-error', text: room.error.message, attrs: { role: 'alert' } }));
    let nick = null;
    let password = null;
    if (condition === 'conflict' || condition === 'not-acceptable' || condition === 'jid-malformed') {
      nick = el('input', { type: 'text', id: 'room-retry-nick', value: suggestNick(room.nick, room.nicks()),
        maxLength: 100, autocomplete: 'off', spellcheck: false });
      form.append(el('label', { class: 'sr-only', text: 'Nickname', attrs: { for: 'room-retry-nick' } }), nick);
    }
    if (condition === 'not-authorized') {
      password = el('input', { type: 'password', id: 'room-retry-password', autocomplete: 'off',
        placeholder: 'Room password' });
      form.append(el('label', { class: 'sr-only', text: 'Room password', attrs: { for: 'room-retry-password' } }), password);
    }
    form.append(el('button', { type: 'submit', class: 'button small primary', text: 'Join' }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const newNick = nick ? nick.value.trim() : room.nick;
      if (!newNick) return;
      this.actions.onRejoin(room.jid, newNick, password ? password.value : room.password);
    });
    return form;
  }

  /** The whole occupant list (on open, and when a join starts or ends). */
  renderOccupants(room) {
    if (room.jid !== this.rooms.active) return;
    clear(this.occupants);
    for (const o of room.sortedOccupants()) this.occupants.append(this.#occupantNode(o));
    this.#count(room);
  }

  /** One occupant changed: update, insert or remove just that entry. */
  occupantChanged(room, change) {
    if (room.jid !== this.rooms.active) return;
    const { kind, occupant, oldNick } = change;
    const old = this.#occupantEntry(kind === 'rename' ? oldNick : occupant.nick);
    const node = kind === 'leave' ? null : this.#occupantNode(occupant);
    if (old && node && this.#fitsAt(old, occupant)) {
      old.replaceWith(node); // same place in the order: one change
    } else {
      if (old) old.remove();
      if (node) this.#insert(node);
    }
    this.#count(room);
    if (room.state !== 'joined') return; // the initial list while joining is not news
    if (kind === 'enter') this.#notice(`${occupant.nick} joined the room`);
    else if (kind === 'leave') this.#notice(`${occupant.nick} left the room`);
    else if (kind === 'rename') this.#notice(`${oldNick} is now known as ${occupant.nick}`);
  }

  /** The picture of occupant `jid` (room@service/nick) arrived or went: redraws their entry if shown. */
  occupantPhotoChanged(jid) {
    const slash = jid.indexOf('/');
    if (jid.slice(0, slash) !== this.rooms.active) return;
    const entry = this.#occupantEntry(jid.slice(slash + 1));
    if (entry) entry.replaceWith(this.#occupantNode(entry.occupant));
  }

  /** Appends one new message of the active room. */
  appendMessage(room, message) {
    if (room.jid !== this.rooms.active) return;
    const start = this.list.querySelector('.conversation-start');
    if (start) start.remove();
    this.#append(message);
    this.#scrollToEnd();
  }

  /** Redraws one message in place (the room's echo confirmed it, or it was refused). */
  updateMessage(room, message) {
    if (room.jid !== this.rooms.active) return;
    const node = this.list.querySelector(`li.msg[data-id="${CSS.escape(message.id)}"]`);
    if (node) node.replaceWith(this.#messageNode(message));
  }

  focusComposer() {
    if (!this.input.disabled) this.input.focus();
  }

  #count(room) {
    const n = room.occupants.size;
    byId('occupant-count').textContent = room.state === 'joined' ? `${n} ${n === 1 ? 'person' : 'people'} here` : '';
  }

  #occupantEntry(nick) {
    return this.occupants.querySelector(`li[data-nick="${CSS.escape(nick)}"]`);
  }

  #insert(node) {
    const after = [...this.occupants.children].find((li) => compareOccupants(node.occupant, li.occupant) < 0);
    this.occupants.insertBefore(node, after || null);
  }

  // Whether `o` still sorts between the neighbours of `entry`.
  #fitsAt(entry, o) {
    const before = entry.previousElementSibling;
    const after = entry.nextElementSibling;
    return (!before || compareOccupants(before.occupant, o) <= 0) && (!after || compareOccupants(o, after.occupant) <= 0);
  }

  #occupantNode(o) {
    const avatar = el('span', { class: 'avatar small', attrs: { 'aria-hidden': 'true' } });
    paintAvatar(avatar, o.nick, o.jid || o.nick);
    if (this.actions.photo) this.actions.photo(avatar, `${this.rooms.active}/${o.nick}`);
    const details = [o.role !== 'none' ? o.role : '', AFFILIATION_LABELS[o.affiliation] || ''].filter(Boolean);
    const label = `${o.nick}${o.self ? ' (you)' : ''}, ${SHOW_LABELS[o.show]}, ${details.join(', ')}`
      + (o.status ? `: ${o.status}` : '');
    const li = el('li', { class: `occupant${o.self ? ' self' : ''}`,
      dataset: { nick: o.nick, role: o.role, affiliation: o.affiliation, show: o.show },
      attrs: { 'aria-label': label, title: o.jid || '' } },
    el('span', { class: 'avatar-wrap' }, avatar, presenceDot(o.show)),
    el('span', { class: 'contact-text' },
      el('span', { class: 'contact-name' }, o.nick, o.self ? el('span', { class: 'muted', text: ' (you)' }) : null),
      el('span', { class: 'contact-status', text: o.status || details.join(' · ') })),
    el('span', { class: `role-tag ${o.role}`, text: o.role === 'moderator' ? 'mod' : o.role === 'visitor' ? 'visitor' : '',
      attrs: { 'aria-hidden': 'true' } }));
    li.occupant = o;
    return li;
  }

  #append(m) {
    this.#day(m.time);
    this.list.append(this.#messageNode(m));
  }

  // A day separator before the first entry of each day.
  #day(time) {
    const lastDay = [...this.list.querySelectorAll('li.day')].pop();
    if (!lastDay || lastDay.textContent !== dayLabel(time)) {
      this.list.append(el('li', { class: 'day', text: dayLabel(time) }));
    }
  }

  #notice(text) {
    this.#day(new Date());
    this.list.append(el('li', { class: 'room-event muted', text }));
    this.#scrollToEnd();
  }

  #messageNode(m) {
    const time = el('time', { class: 'msg-time', text: shortTime(m.time),
      attrs: { datetime: m.time.toISOString(), title: fullTime(m.time) } });
    const bubble = el('div', { class: 'bubble' },
      m.dir === 'in' ? el('span', { class: 'msg-nick', text: m.nick }) : null,
      el('p', { class: 'msg-body', text: m.body }),
      el('span', { class: 'msg-meta' }, m.pending ? el('span', { class: 'msg-pending', text: 'sending… ' }) : null, time));
    if (m.dir === 'in') bubble.firstChild.style.setProperty('--hue', String(hueOf(m.nick)));
    return el('li', { class: `msg ${m.dir}${m.pending ? ' pending' : ''}${m.error ? ' failed' : ''}${m.delayed ? ' history' : ''}`,
      dataset: { id: m.id, nick: m.nick } },
    bubble,
    m.error ? el('p', { class: 'msg-error', text: m.error, attrs: { role: 'alert' } }) : null);
  }

  #submit() {
    const body = this.input.value.trim();
    if (!body || !this.rooms.active) return;
    if (this.actions.onSend(this.rooms.active, body)) {
      this.input.value = '';
    }
  }

  #scrollToEnd() {
    this.list.scrollTop = this.list.scrollHeight;
  }
}
