// Group chat over the connection (XEP-0045): finding the server's MUC service and its rooms, joining with
// a nickname (and password), occupant presence, groupchat messages, the subject, leaving, invitations
// (XEP-0249 direct and XEP-0045 mediated), bookmarks and rejoining after a fresh login. The state lives
// in muc-model.js Rooms; room-view.js and room-list-view.js draw it.

import { $iq, $msg, $pres } from '../vendor/strophe.esm.js';
import { Room } from './muc-model.js';
import { NS, child, errorOf, isMucNotice, parseGroupchat, parseInvitation, parseOccupantPresence,
  splitOccupant } from './muc-stanzas.js';
import { describeStanzaError } from './errors.js';

const FIRST_HISTORY = 25; // messages of history asked for on a first join

/**
 * Events (CustomEvent, detail always has `room` — a Room — unless said otherwise):
 * `rooms` {} the list of rooms changed (added, removed, state, unread);
 * `state` a room's join state changed (joined, error, left, joining again);
 * `occupant` {change: {kind, occupant, oldNick}} one occupant entered, changed, left or was renamed;
 * `message` {message} a new message; `message-update` {message} one message changed (echo, error);
 * `subject` the subject changed; `invitations` {} an invitation came or went.
 */
export class Rooms extends EventTarget {
  constructor(client, bookmarks) {
    super();
    this.client = client;
    this.bookmarks = bookmarks;
    this.rooms = new Map(); // room JID → Room
    this.invitations = new Map(); // room JID → invitation
    this.active = null; // the room shown
    this.service = undefined; // the server's MUC service (null: none), found on first use
    this.presence = () => ({ show: 'available', status: '' }); // our own show/status for room presence
    client.addHandler((p) => this.#onPresence(p), null, 'presence');
    client.addHandler((m) => this.#onMessage(m), null, 'message');
  }

  /** Whether a message belongs to group chat (and not to one-to-one conversations). */
  claims(stanza) {
    const type = stanza.getAttribute('type');
    if (type === 'groupchat' || isMucNotice(stanza)) return true;
    return type === 'error' && this.rooms.has(splitOccupant(stanza.getAttribute('from'))[0]);
  }

  /** The default nickname: the local part of our address. */
  defaultNick() {
    const jid = String(this.client.jid || '');
    return jid.includes('@') ? jid.slice(0, jid.indexOf('@')) : 'guest';
  }

  /** Total unread messages over all rooms. */
  totalUnread() {
    let n = 0;
    for (const r of this.rooms.values()) n += r.unread;
    return n;
  }

  /** The server's MUC service JID (disco#items of the domain, the item with a conference identity), or null. */
  async findService() {
    if (this.service !== undefined) return this.service;
    const domain = splitOccupant(this.client.jid)[0].replace(/^.*@/, '');
    let found = null;
    try {
      const items = await this.#discoItems(domain);
      for (const item of items) {
        const info = await this.#discoInfo(item.jid).catch(() => null);
        if (info && info.identities.some((i) => i.category === 'conference')
          && info.features.includes(NS.MUC)) {
          found = item.jid;
          break;
        }
      }
    } catch (e) {
      found = null;
    }
    this.service = found;
    return found;
  }

  /** The rooms a MUC service lists (disco#items): [{jid, name}]. */
  async listRooms(service) {
    const items = await this.#discoItems(service);
    return items.map((i) => ({ jid: i.jid.toLowerCase(), name: i.name || '' }))
      .sort((a, b) => (a.name || a.jid).localeCompare(b.name || b.jid));
  }

  /** Joins (or re-joins with another nick/password) a room; `bookmark` also stores it for next time. */
  join(jid, nick, { password = '', bookmark = true } = {}) {
    let room = this.rooms.get(jid);
    if (!room) {
      room = new Room(jid, nick, { password });
      this.rooms.set(jid, room);
    }
    room.password = password || room.password;
    room.bookmark = bookmark;
    this.invitations.delete(jid);
    this.#sendJoin(room, nick, { history: { maxstanzas: String(FIRST_HISTORY) } });
    this.#emit('rooms', room);
    this.#emit('invitations', null);
    return room;
  }

  /** Leaves a room for good (and forgets its bookmark). */
  leave(jid) {
    const room = this.rooms.get(jid);
    if (!room) return;
    if (room.state === 'joined' || room.state === 'joining') {
      this.client.send($pres({ to: `${jid}/${room.nick}`, type: 'unavailable' }));
    }
    this.rooms.delete(jid);
    if (this.active === jid) this.active = null;
    this.bookmarks.remove(jid).catch((e) => console.warn('bookmark removal failed', e));
    this.#emit('rooms', room);
  }

  /** Sends a message to the room; returns the message shown at once, or null when offline or not joined. */
  send(jid, body) {
    const room = this.rooms.get(jid);
    if (!room || room.state !== 'joined') return null;
    const id = this.client.nextId('g');
    const stanza = $msg({ to: jid, type: 'groupchat', id }).c('body').t(body).up()
      .c('origin-id', { xmlns: NS.SID, id });
    if (!this.client.send(stanza)) return null;
    const message = room.addOwn(id, body);
    this.#emit('message', room, { message });
    return message;
  }

  /** Asks the room to change its subject (the room answers with the new subject, or an error). */
  setSubject(jid, subject) {
    const room = this.rooms.get(jid);
    const id = this.client.nextId('s');
    if (room) room.subjectRequest = id; // an error reply names only the id
    return this.client.send($msg({ to: jid, type: 'groupchat', id }).c('subject').t(subject));
  }

  /** Invites someone: a direct invitation (XEP-0249) with the room's password, if any. */
  invite(jid, who, reason = '') {
    const room = this.rooms.get(jid);
    const attrs = { xmlns: NS.CONFERENCE, jid };
    if (reason) attrs.reason = reason;
    if (room && room.password) attrs.password = room.password;
    return this.client.send($msg({ to: who, id: this.client.nextId('i') }).c('x', attrs));
  }

  /** Accepts an invitation: joins the room with our default nick. */
  accept(jid) {
    const invitation = this.invitations.get(jid);
    if (!invitation) return null;
    return this.join(jid, this.defaultNick(), { password: invitation.password });
  }

  /** Declines an invitation (and tells the inviter through the room, for mediated ones). */
  decline(jid) {
    const invitation = this.invitations.get(jid);
    if (!invitation) return;
    this.invitations.delete(jid);
    if (invitation.kind === 'mediated') {
      this.client.send($msg({ to: jid }).c('x', { xmlns: NS.USER }).c('decline', { to: invitation.from }));
    }
    this.#emit('invitations', null);
  }

  /** Makes `jid` the room shown (null for none) and marks it read. */
  open(jid) {
    this.active = jid;
    const room = jid ? this.rooms.get(jid) : null;
    if (room && room.unread) {
      room.unread = 0;
      this.#emit('rooms', room);
    }
  }

  /**
   * After (re)connecting: on the first login, joins the bookmarked rooms marked autojoin; after a fresh
   * login following a lost connection, joins again every room we were in (asking only for history newer
   * than what we have). A resumed stream (XEP-0198) kept the rooms joined: nothing to do.
   */
  async online({ first = false, resumed = false } = {}) {
    if (resumed) {
      for (const room of this.rooms.values()) {
        if (room.resumed()) this.#emit('state', room);
      }
      this.#emit('rooms', null);
      return;
    }
    if (!first) {
      for (const room of this.rooms.values()) {
        if (room.state !== 'joining') continue; // left or failed: needs the person (new nick, password)
        const history = room.lastStamp
          ? { since: new Date(room.lastStamp.getTime() + 1).toISOString() }
          : { maxstanzas: String(FIRST_HISTORY) };
        this.#sendJoin(room, room.nick, { history });
      }
      return;
    }
    const saved = await this.bookmarks.load().catch(() => []);
    for (const b of saved) {
      if (b.autojoin && !this.rooms.has(b.jid)) {
        const room = this.join(b.jid, b.nick || this.defaultNick(), { password: b.password, bookmark: false });
        room.name = room.name || b.name;
        room.bookmark = true;
      }
    }
  }

  /** Our show/status changed: every joined room gets it (undirected presence does not reach rooms). */
  presenceChanged() {
    const mine = JSON.stringify(this.presence());
    if (mine === this.lastPresence) return; // Enter and the change event both fire
    this.lastPresence = mine;
    for (const room of this.rooms.values()) {
      if (room.state === 'joined') this.client.send(this.#presenceTo(room, room.nick));
    }
  }

  /** The connection is gone: every room needs a join again unless the stream resumes. */
  connectionLost() {
    for (const room of this.rooms.values()) {
      if (room.state === 'joined') {
        room.connectionLost();
        this.#emit('state', room);
      }
    }
    this.#emit('rooms', null);
  }

  #sendJoin(room, nick, { history }) {
    room.startJoin(nick);
    const pres = this.#presenceTo(room, nick).c('x', { xmlns: NS.MUC });
    if (room.password) pres.c('password').t(room.password).up();
    pres.c('history', history);
    this.client.send(pres);
    this.#emit('state', room);
  }

  #presenceTo(room, nick) {
    const pres = $pres({ to: `${room.jid}/${nick}` });
    const mine = this.presence();
    if (mine.show && mine.show !== 'available') pres.c('show').t(mine.show).up();
    if (mine.status) pres.c('status').t(mine.status).up();
    // XEP-0153 in the room too, so the other occupants can show our picture.
    if (mine.photo !== null && mine.photo !== undefined) pres.c('x', { xmlns: 'vcard-temp:x:update' }).c('photo').t(mine.photo).up().up();
    return pres;
  }

  #onPresence(stanza) {
    const [jid, nick] = splitOccupant(stanza.getAttribute('from'));
    const room = this.rooms.get(jid);
    if (!room || !nick && stanza.getAttribute('type') !== 'error') return;
    const p = parseOccupantPresence(stanza);
    if (p.type === 'error' && p.nick && p.nick !== room.nick) return; // about a nick we no longer use
    const change = room.applyPresence(p);
    if (!change) return;
    if (['joined', 'error', 'self-left'].includes(change.kind)) {
      if (change.kind === 'joined') this.#afterJoin(room);
      this.#emit('state', room);
      this.#emit('rooms', room);
    } else {
      this.#emit('occupant', room, { change });
    }
  }

  #afterJoin(room) {
    if (room.created) {
      // A new room is locked until configured (XEP-0045 §10.1.2): accept the default configuration.
      room.created = false;
      this.client.sendIQ($iq({ to: room.jid, type: 'set' }).c('query', { xmlns: NS.OWNER })
        .c('x', { xmlns: NS.DATA, type: 'submit' })).catch((e) => console.warn('room configuration failed', e));
    }
    if (room.bookmark) {
      room.bookmark = false; // once per join from the UI
      this.bookmarks.save({ jid: room.jid, name: room.name, autojoin: true, nick: room.nick, password: room.password })
        .catch((e) => console.warn('bookmark failed', e));
    }
    if (!room.name) {
      this.#discoInfo(room.jid).then((info) => {
        const name = info.identities.find((i) => i.category === 'conference')?.name || '';
        if (name && name !== room.jid && name !== splitOccupant(room.jid)[0].replace(/@.*$/, '')) {
          room.name = name;
          this.#emit('rooms', room);
          this.#emit('subject', room);
        }
      }).catch(() => {});
    }
  }

  #onMessage(stanza) {
    const type = stanza.getAttribute('type');
    const [jid, nick] = splitOccupant(stanza.getAttribute('from'));
    const room = this.rooms.get(jid);
    if (type === 'error') {
      if (room) this.#onError(room, stanza);
      return;
    }
    const invitation = parseInvitation(stanza);
    if (invitation) {
      const joined = this.rooms.get(invitation.room);
      if (!joined || joined.state !== 'joined') {
        this.invitations.set(invitation.room, invitation);
        this.#emit('invitations', null);
      }
      return;
    }
    if (type !== 'groupchat' || !room) return;
    const m = parseGroupchat(stanza);
    if (m.subject !== null) {
      if (room.setSubject(m.subject, nick)) this.#emit('subject', room);
      return;
    }
    if (!m.body || !nick) return; // room notices without a nick are not shown as chat
    const result = room.addMessage(m);
    if (!result) return;
    if (result.confirmed) {
      this.#emit('message-update', room, { message: result.confirmed });
      return;
    }
    if (result.added.dir === 'in' && !result.added.delayed && (this.active !== jid || document.hidden)) {
      room.unread += 1;
      this.#emit('rooms', room);
    }
    this.#emit('message', room, { message: result.added });
  }

  #onError(room, stanza) {
    const { condition, text } = errorOf(stanza);
    const id = stanza.getAttribute('id') || '';
    const failed = room.failOwn(id, describeStanzaError(condition, text));
    if (failed) {
      this.#emit('message-update', room, { message: failed });
    } else if (id && id === room.subjectRequest) {
      room.notice = condition === 'forbidden' ? 'You may not change the subject of this room.'
        : `The subject was not changed (${condition || 'error'}).`;
      this.#emit('subject', room);
    }
  }

  async #discoItems(jid) {
    const result = await this.client.sendIQ($iq({ type: 'get', to: jid }).c('query', { xmlns: NS.DISCO_ITEMS }));
    const query = child(result, 'query', NS.DISCO_ITEMS);
    return query ? [...query.children].filter((c) => c.localName === 'item' && c.getAttribute('jid'))
      .map((c) => ({ jid: c.getAttribute('jid'), name: c.getAttribute('name') || '' })) : [];
  }

  async #discoInfo(jid) {
    const result = await this.client.sendIQ($iq({ type: 'get', to: jid }).c('query', { xmlns: NS.DISCO_INFO }));
    const query = child(result, 'query', NS.DISCO_INFO);
    const all = query ? [...query.children] : [];
    return {
      identities: all.filter((c) => c.localName === 'identity').map((c) => ({
        category: c.getAttribute('category'), type: c.getAttribute('type'), name: c.getAttribute('name') || '' })),
      features: all.filter((c) => c.localName === 'feature').map((c) => c.getAttribute('var')),
    };
  }

  #emit(type, room, extra = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail: { room, ...extra } }));
  }
}
