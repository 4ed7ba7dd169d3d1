// One-to-one conversations: incoming messages of every type, sending, unread counts, and error replies
// attached to the message that caused them. chat-view.js draws them.

import { $msg } from '../vendor/strophe.esm.js';
import { bare, resourceOf } from './jid.js';
import { childText } from './presence.js';
import { describeStanzaError, stanzaError } from './errors.js';

const MAX_MESSAGES = 500; // per conversation, in memory

/**
 * Messages are {id, dir: 'in'|'out'|'system', type, body, subject, time, resource, error}.
 * Events: `message` {jid, message, conversation}, `update` {jid} (an error arrived, unread changed).
 */
export class Chats extends EventTarget {
  constructor(client) {
    super();
    this.client = client;
    this.me = null;
    this.conversations = new Map(); // bare → {jid, messages, unread}
    this.active = null;
    client.addHandler((m) => this.#onMessage(m), null, 'message');
  }

  /** The conversation with `jid`, created on first use. */
  conversation(jid) {
    const key = bare(jid);
    let c = this.conversations.get(key);
    if (!c) {
      c = { jid: key, messages: [], unread: 0, lastActivity: 0 };
      this.conversations.set(key, c);
    }
    return c;
  }

  /** Makes `jid` the open conversation (null for none) and marks it read. */
  open(jid) {
    this.active = jid ? bare(jid) : null;
    if (this.active) {
      const c = this.conversation(this.active);
      if (c.unread) {
        c.unread = 0;
        this.#update(this.active);
      }
    }
  }

  /** Total unread over all conversations. */
  totalUnread() {
    let n = 0;
    for (const c of this.conversations.values()) n += c.unread;
    return n;
  }

  /** Sends a chat message; returns it, or null when offline. */
  send(to, body) {
    const id = this.client.nextId('m');
    const stanza = $msg({ to: bare(to), type: 'chat', id }).c('body').t(body).up()
      .c('active', { xmlns: 'http://jabber.org/protocol/chatstates' });
    if (!this.client.send(stanza)) return null;
    const message = { id, dir: 'out', type: 'chat', body, subject: '', time: new Date(), resource: '', error: null };
    this.#push(to, message);
    return message;
  }

  #onMessage(stanza) {
    const from = stanza.getAttribute('from') || '';
    const jid = bare(from);
    if (!jid || jid === this.me) return;
    const type = stanza.getAttribute('type') || 'normal';
    const id = stanza.getAttribute('id') || '';
    if (type === 'error') {
      this.#onError(jid, id, stanza);
      return;
    }
    const body = childText(stanza, 'body');
    const subject = childText(stanza, 'subject');
    if (!body && !subject) return; // chat states, receipts and other bodiless messages
    if (type === 'groupchat') return; // rooms are not part of this client
    const message = {
      id,
      dir: 'in',
      type: ['chat', 'normal', 'headline'].includes(type) ? type : 'normal',
      body,
      subject,
      time: delayOf(stanza) || new Date(),
      resource: resourceOf(from),
      error: null,
    };
    const c = this.#push(jid, message);
    if (this.active !== jid || document.hidden) {
      c.unread += 1;
    }
    this.#update(jid);
  }

  #onError(jid, id, stanza) {
    const { condition, text } = stanzaError(stanza);
    const description = describeStanzaError(condition, text);
    const c = this.conversation(jid);
    const original = id ? c.messages.find((m) => m.id === id && m.dir === 'out') : null;
    if (original) {
      original.error = description;
      this.#update(jid);
    } else {
      this.#push(jid, { id, dir: 'system', type: 'error', body: `Error: ${description}`, subject: '',
        time: new Date(), resource: '', error: description });
    }
  }

  #push(jid, message) {
    const c = this.conversation(jid);
    c.messages.push(message);
    if (c.messages.length > MAX_MESSAGES) c.messages.shift();
    c.lastActivity = Date.now();
    this.dispatchEvent(new CustomEvent('message', { detail: { jid: c.jid, message, conversation: c } }));
    return c;
  }

  #update(jid) {
    this.dispatchEvent(new CustomEvent('update', { detail: { jid: bare(jid) } }));
  }
}

/** The XEP-0203 delay stamp of an offline message, if any. */
function delayOf(stanza) {
  const delay = [...stanza.children].find((c) => c.localName === 'delay' && c.getAttribute('stamp'));
  if (!delay) return null;
  const date = new Date(delay.getAttribute('stamp'));
  return Number.isNaN(date.getTime()) ? null : date;
}
