// One-to-one conversations: incoming messages of every type, sending, unread counts, and error replies
// attached to the message that caused them. chat-view.js draws them.

import { $msg } from '../vendor/strophe.esm.js';
import { bare, resourceOf } from './jid.js';
import { childText } from './presence.js';
import { describeStanzaError, stanzaError } from './errors.js';

const MAX_MESSAGES = 500; // per conversation, in memory
const NS_CHATSTATES = 'http://jabber.org/protocol/chatstates';
const PAUSE_AFTER_MS = 5000;

/**
 * Messages are {id, dir: 'in'|'out'|'system', type, body, subject, time, resource, error}.
 * Events: `message` {jid, message, conversation} (one new message, unread already counted),
 * `update` {jid, message} (an error reply arrived for `message`; without `message`: unread changed),
 * `chatstate` {jid, state} (XEP-0085: the contact is typing, paused…),
 * `history` {jid} (archived messages were merged into the conversation, in time order).
 * An incoming message whose id was already received from the same contact is a redelivery (a resent
 * offline message, a reconnect replay) and is dropped, so it shows once. The same holds for a message
 * whose server archive id (XEP-0359 stanza-id) is known: a live message, its carbon copy and its archived
 * copy (MAM) are one message.
 */
export class Chats extends EventTarget {
  constructor(client) {
    super();
    this.client = client;
    this.me = null;
    this.conversations = new Map(); // bare → {jid, messages, unread}
    this.active = null;
    this.ignore = () => false; // messages another part handles (group chat)
    client.addHandler((m) => this.receive(m), null, 'message');
  }

  /** The conversation with `jid`, created on first use. */
  conversation(jid) {
    const key = bare(jid);
    let c = this.conversations.get(key);
    if (!c) {
      // peerState: their last XEP-0085 state; statesOk: they send chat states, so we may too (§5.1).
      c = { jid: key, messages: [], unread: 0, lastActivity: 0, peerState: '', statesOk: false, myState: '' };
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
      .c('active', { xmlns: NS_CHATSTATES });
    if (!this.client.send(stanza)) return null;
    const c = this.conversation(to);
    clearTimeout(c.pauseTimer);
    c.myState = 'active';
    const message = { id, dir: 'out', type: 'chat', body, subject: '', time: new Date(), resource: '', error: null,
      archiveId: '' };
    this.#push(to, message);
    return message;
  }

  /** Tells the contact we are typing (or stopped), when they use chat states themselves. */
  typing(to, hasText) {
    const c = this.conversation(to);
    if (!c.statesOk) return;
    clearTimeout(c.pauseTimer);
    if (hasText) {
      this.#sendState(c, 'composing');
      c.pauseTimer = setTimeout(() => this.#sendState(c, 'paused'), PAUSE_AFTER_MS);
    } else {
      this.#sendState(c, 'active');
    }
  }

  #sendState(c, state) {
    if (c.myState === state) return;
    if (this.client.send($msg({ to: c.jid, type: 'chat' }).c(state, { xmlns: NS_CHATSTATES }))) c.myState = state;
  }

  /**
   * Takes one message. Live ones come from the connection; carbons.js and history.js pass messages they
   * unwrapped from a carbon copy or an archive result, with `dir: 'out'` for ones this account sent (the
   * conversation is then the recipient's), the archive's `time`, and `archiveId` (the server's stanza-id).
   * `archived` messages never count as unread.
   */
  receive(stanza, { dir = 'in', time = null, archiveId = '', archived = false } = {}) {
    const from = stanza.getAttribute('from') || '';
    const jid = bare(dir === 'out' ? stanza.getAttribute('to') || '' : from);
    if (!jid || jid === this.me || this.ignore(stanza)) return;
    const type = stanza.getAttribute('type') || 'normal';
    const state = [...stanza.children].find((el) => el.namespaceURI === NS_CHATSTATES
      || el.getAttribute('xmlns') === NS_CHATSTATES);
    if (state && type !== 'error' && dir === 'in' && !archived) {
      const c = this.conversation(jid);
      c.statesOk = true;
      if (c.peerState !== state.localName) {
        c.peerState = state.localName;
        this.dispatchEvent(new CustomEvent('chatstate', { detail: { jid, state: c.peerState } }));
      }
    }
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
      dir,
      type: ['chat', 'normal', 'headline'].includes(type) ? type : 'normal',
      body,
      subject,
      time: time || delayOf(stanza) || new Date(),
      resource: dir === 'in' ? resourceOf(from) : '',
      error: null,
      archiveId: archiveId || stanzaIdOf(stanza, this.me),
    };
    const c = this.conversation(jid);
    if (isDuplicate(c, message)) return;
    if (archived) {
      this.#insertByTime(c, message);
      return;
    }
    if (dir === 'in' && (this.active !== jid || document.hidden)) {
      c.unread += 1;
    }
    this.#push(jid, message);
  }

  // An archived message goes where its time puts it; the view redraws the conversation once per batch
  // (history.js calls historyLoaded()).
  #insertByTime(c, message) {
    let at = c.messages.length;
    while (at > 0 && c.messages[at - 1].time > message.time) at -= 1;
    c.messages.splice(at, 0, message);
    if (c.messages.length > MAX_MESSAGES) c.messages.shift();
  }

  /** A batch of archived messages for `jid` was merged: event `history` {jid}, for one redraw. */
  historyLoaded(jid) {
    this.dispatchEvent(new CustomEvent('history', { detail: { jid: bare(jid) } }));
  }

  #onError(jid, id, stanza) {
    const { condition, text } = stanzaError(stanza);
    const description = describeStanzaError(condition, text);
    const c = this.conversation(jid);
    const original = id ? c.messages.find((m) => m.id === id && m.dir === 'out') : null;
    if (original) {
      original.error = description;
      this.dispatchEvent(new CustomEvent('update', { detail: { jid: c.jid, message: original } }));
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
    this.dispatchEvent(new CustomEvent('update', { detail: { jid: bare(jid), message: null } }));
  }
}

/**
 * True when `c` already holds this message: the same server archive id, or the same id in the same
 * direction (ids are unique per sender).
 */
export function isDuplicate(c, message) {
  return c.messages.some((m) => (message.archiveId && m.archiveId === message.archiveId)
    || (message.id && m.dir === message.dir && m.id === message.id));
}

/** The XEP-0359 stanza-id our own server stamped on a message (by = our bare JID), or ''. */
function stanzaIdOf(stanza, me) {
  const sid = [...stanza.children].find((c) => c.localName === 'stanza-id'
    && c.getAttribute('by') === me);
  return sid ? sid.getAttribute('id') || '' : '';
}

/** The XEP-0203 delay stamp of an offline message, if any. */
function delayOf(stanza) {
  const delay = [...stanza.children].find((c) => c.localName === 'delay' && c.getAttribute('stamp'));
  if (!delay) return null;
  const date = new Date(delay.getAttribute('stamp'));
  return Number.isNaN(date.getTime()) ? null : date;
}
