// Draws the open conversation: header with the contact's presence and resources, the messages (own and
// theirs distinct, timestamps, day separators, errors under the message that caused them) and the
// composer (Enter sends, Shift+Enter starts a new line).

import { el, byId, clear, paintAvatar, shortTime, fullTime, dayLabel } from './dom.js';
import { SHOW_LABELS } from './presence.js';
import { presenceDot } from './roster-view.js';

export class ChatView {
  constructor(roster, chats, { onSend, onRemove, onBack, onInfo, paint = paintAvatar }, signal) {
    const opts = { signal };
    this.paint = paint;
    this.roster = roster;
    this.chats = chats;
    this.pane = byId('chat-pane');
    this.empty = byId('empty-state');
    this.list = byId('messages');
    this.input = byId('composer-input');
    this.form = byId('composer');
    this.onSend = onSend;

    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#submit();
    }, opts);
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.#submit();
      }
    }, opts);
    this.input.addEventListener('input', () => {
      this.#grow();
      if (this.chats.active) this.chats.typing(this.chats.active, this.input.value.trim() !== '');
    }, opts);
    byId('remove-contact').addEventListener('click', () => onRemove(this.chats.active), opts);
    byId('chat-back').addEventListener('click', () => onBack(), opts);
    if (onInfo) byId('contact-info').addEventListener('click', () => onInfo(this.chats.active), opts);
  }

  /** Redraws everything for the active conversation. */
  render() {
    const jid = this.chats.active;
    this.pane.hidden = !jid;
    this.empty.hidden = Boolean(jid);
    if (!jid) return;
    this.renderHeader();
    clear(this.list);
    const c = this.chats.conversation(jid);
    let lastDay = null;
    for (const m of c.messages) {
      const day = m.time.toDateString();
      if (day !== lastDay) {
        this.list.append(el('li', { class: 'day', text: dayLabel(m.time) }));
        lastDay = day;
      }
      this.list.append(this.#messageNode(m));
    }
    if (c.messages.length === 0) {
      this.list.append(el('li', { class: 'conversation-start muted',
        text: `This is the beginning of your conversation with ${this.roster.nameOf(jid)}.` }));
    }
    this.lastDay = lastDay;
    this.#scrollToEnd();
  }

  /** Appends one new message when it belongs to the open conversation. */
  appendIfActive(jid, message) {
    if (this.chats.active !== jid) return;
    const start = this.list.querySelector('.conversation-start');
    if (start) start.remove();
    const day = message.time.toDateString();
    if (day !== this.lastDay) {
      this.list.append(el('li', { class: 'day', text: dayLabel(message.time) }));
      this.lastDay = day;
    }
    this.list.append(this.#messageNode(message));
    // The model keeps the last MAX_MESSAGES; the oldest node goes when the model dropped it.
    const nodes = this.list.querySelectorAll('li.msg');
    if (nodes.length > this.chats.conversation(jid).messages.length) nodes[0].remove();
    this.#scrollToEnd();
  }

  /** The header only (presence changes often). */
  renderHeader() {
    const jid = this.chats.active;
    if (!jid) return;
    const name = this.roster.nameOf(jid);
    byId('peer-name').textContent = name;
    this.paint(byId('peer-avatar'), name, jid);
    const presence = this.roster.presenceOf(jid);
    const line = clear(byId('peer-presence'));
    line.append(presenceDot(presence.show), el('span', { text: SHOW_LABELS[presence.show] }));
    if (presence.status) line.append(el('span', { class: 'peer-status', text: `— ${presence.status}` }));
    if (name !== jid) line.append(el('span', { class: 'peer-jid', text: jid }));
    const typing = this.chats.conversation(jid).peerState === 'composing';
    byId('peer-typing').hidden = !typing;
    byId('peer-typing-text').textContent = `${name} is typing…`;
    const resources = presence.resources.filter((r) => r.resource);
    if (resources.length) {
      line.append(el('span', { class: 'peer-resources' }, 'on ',
        resources.map((r, i) => [i ? ', ' : '', el('span', { class: 'resource', text: r.resource,
          attrs: { title: `${SHOW_LABELS[r.show]}${r.status ? `: ${r.status}` : ''}, priority ${r.priority}` } })])));
    }
    byId('remove-contact').hidden = !this.roster.items.has(jid);
  }

  focusComposer() {
    this.input.focus();
  }

  #submit() {
    const body = this.input.value.trim();
    if (!body || !this.chats.active) return;
    if (this.onSend(this.chats.active, body)) {
      this.input.value = '';
      this.#grow();
    }
  }

  #grow() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 160)}px`;
  }

  #messageNode(m) {
    const time = el('time', { class: 'msg-time', text: shortTime(m.time),
      attrs: { datetime: m.time.toISOString(), title: fullTime(m.time) } });
    if (m.dir === 'system') {
      return el('li', { class: 'msg system error', dataset: { type: m.type }, attrs: { role: 'alert' } },
        el('span', { class: 'msg-body', text: m.body }), time);
    }
    const labels = { normal: 'Message', headline: 'Headline' };
    const bubble = el('div', { class: 'bubble' },
      labels[m.type] ? el('span', { class: 'msg-label', text: labels[m.type] }) : null,
      m.subject ? el('strong', { class: 'msg-subject', text: m.subject }) : null,
      m.body ? el('p', { class: 'msg-body', text: m.body }) : null,
      el('span', { class: 'msg-meta' }, time));
    return el('li', { class: `msg ${m.dir} ${m.error ? 'failed' : ''}`, dataset: { type: m.type, id: m.id } },
      bubble,
      m.error ? el('p', { class: 'msg-error', text: m.error, attrs: { role: 'alert' } }) : null);
  }

  /** Redraws one message in place (an error reply arrived for it), when it is on screen. */
  refreshMessage(jid, message) {
    if (this.chats.active !== jid || !message.id) return;
    const old = [...this.list.querySelectorAll('li.msg')].find((li) => li.dataset.id === message.id);
    if (old) old.replaceWith(this.#messageNode(message));
  }

  #scrollToEnd() {
    this.list.scrollTop = this.list.scrollHeight;
  }
}
