// Group chat (XEP-0045) state without DOM or network: a room's occupants, ordering, messages with
// de-duplication of the own echo and of history replayed on a rejoin, join errors in words, nickname
// suggestions and room addresses. rooms.js feeds it parsed stanzas (muc-stanzas.js); node --test runs it.

const ROLE_RANK = { moderator: 0, participant: 1, visitor: 2, none: 3 };
const AFFILIATION_RANK = { owner: 0, admin: 1, member: 2, none: 3, outcast: 4 };
const MAX_MESSAGES = 500; // per room, in memory
const MAX_SEEN = 2000; // de-duplication keys kept per room

/** Labels of roles, for the occupant list. */
export const ROLE_LABELS = Object.freeze({
  moderator: 'Moderators', participant: 'Participants', visitor: 'Visitors', none: 'Others',
});

/** Occupant order: moderators, participants, visitors; within a role by affiliation, then by nickname. */
export function compareOccupants(a, b) {
  return ((ROLE_RANK[a.role] ?? 3) - (ROLE_RANK[b.role] ?? 3))
    || ((AFFILIATION_RANK[a.affiliation] ?? 3) - (AFFILIATION_RANK[b.affiliation] ?? 3))
    || a.nick.localeCompare(b.nick, undefined, { sensitivity: 'base' })
    || (a.nick < b.nick ? -1 : a.nick > b.nick ? 1 : 0);
}

/**
 * A nickname to propose after a conflict: `nick2`, `nick3`… (or `nick_2` when the nick ends in a digit),
 * the first one not in `taken` (nicknames known to be in the room).
 */
export function suggestNick(nick, taken = []) {
  const base = String(nick || 'guest').trim() || 'guest';
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  const join = /\d$/.test(base) ? '_' : '';
  for (let i = 2; ; i++) {
    const candidate = `${base}${join}${i}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

const JOIN_ERRORS = {
  'not-authorized': (r) => (r.password ? 'Wrong password for this room.' : 'This room needs a password.'),
  forbidden: () => 'You are banned from this room.',
  conflict: (r) => `The nickname “${r.nick}” is already taken in this room. Choose another one.`,
  'registration-required': () => 'This room is for members only.',
  'service-unavailable': () => 'This room is full right now.',
  'item-not-found': () => 'This room does not exist or is locked.',
  'not-allowed': () => 'You may not create rooms on this service.',
  'not-acceptable': () => 'The room does not accept this nickname.',
  'jid-malformed': () => 'A nickname is needed to join.',
  'remote-server-not-found': () => 'The room’s server cannot be found.',
};

/** A sentence for a join error's condition (XEP-0045 §7.2); `room` gives the nick and password tried. */
export function describeJoinError(condition, room = {}, text = '') {
  const describe = JOIN_ERRORS[condition];
  const base = describe ? describe(room) : `Could not join the room (${condition || 'unknown error'}).`;
  return text && condition !== 'conflict' ? `${base} (${text})` : base;
}

/** Why we are no longer in a room, from the status codes of our own unavailable presence (§9, §10). */
export function describeExit(codes, actor = '', reason = '') {
  const by = actor ? ` by ${actor}` : '';
  const why = reason ? `: ${reason}` : '';
  if (codes.includes('301')) return `You were banned from the room${by}${why}.`;
  if (codes.includes('307')) return `You were removed from the room${by}${why}.`;
  if (codes.includes('321')) return 'You were removed because your membership changed.';
  if (codes.includes('322')) return 'You were removed because the room became members-only.';
  if (codes.includes('332')) return 'The room’s service is shutting down.';
  return '';
}

/** Whether a room message mentions `nick` (as a whole word, any case): such messages notify. */
export function mentions(body, nick) {
  if (!nick) return false;
  const escaped = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escaped}($|[^\\p{L}\\p{N}_])`, 'iu').test(String(body || ''));
}

/**
 * A room address from what a person typed: `room@service` as is, a bare `room` on `service` (the
 * server's MUC service); null when it cannot be an address. Room names are lower-cased (nodeprep).
 */
export function roomAddress(input, service) {
  const text = String(input || '').trim().replace(/^xmpp:/i, '').replace(/\?join$/i, '');
  if (!text || /[\s"&'/:<>]/.test(text)) return null;
  const at = text.indexOf('@');
  if (at < 0) return service ? `${text.toLowerCase()}@${service.toLowerCase()}` : null;
  if (at === 0 || at !== text.lastIndexOf('@') || at === text.length - 1) return null;
  return text.toLowerCase();
}

/**
 * One room: who is in it and what was said. `applyPresence` and `addMessage` say what changed, so the
 * view can update one node.
 */
export class Room {
  constructor(jid, nick, { password = '', name = '' } = {}) {
    this.jid = jid;
    this.nick = nick; // the nickname asked for, or the one the room gave us
    this.password = password;
    this.name = name;
    this.state = 'joining'; // joining | joined | error | left
    this.error = null; // {condition, text, message} of a failed join
    this.exitMessage = '';
    this.subject = '';
    this.subjectBy = '';
    this.occupants = new Map(); // nick → occupant
    this.self = null;
    this.messages = [];
    this.unread = 0;
    this.lastStamp = null; // time of the newest message from the room (for history on rejoin)
    this.created = false; // we created it (status 201)
    this.suspended = false; // joined when the connection was lost
    this.seen = new Set();
    this.seenOrder = [];
  }

  /** Occupants in display order. */
  sortedOccupants() {
    return [...this.occupants.values()].sort(compareOccupants);
  }

  /** Nicknames in the room (for nick suggestions). */
  nicks() {
    return [...this.occupants.keys()];
  }

  /** Whether our role lets us change the subject (moderators always may; others when the room says so). */
  canChangeSubject() {
    return this.state === 'joined' && this.self !== null && this.self.role === 'moderator';
  }

  /** A join is starting (first time or again after a reconnect): nobody is known to be in the room. */
  startJoin(nick = this.nick) {
    this.nick = nick;
    this.suspended = false;
    this.state = 'joining';
    this.error = null;
    this.exitMessage = '';
    this.occupants.clear();
    this.self = null;
  }

  /**
   * The connection is gone: the room will have to be joined again, unless the stream resumes (XEP-0198)
   * and we never left; the occupants stay until we know which.
   */
  connectionLost() {
    if (this.state !== 'joined') return;
    this.state = 'joining';
    this.suspended = true;
  }

  /** The stream was resumed: we are still in the room, with everyone we knew of. */
  resumed() {
    if (!this.suspended) return false;
    this.suspended = false;
    this.state = 'joined';
    return true;
  }

  /**
   * Applies an occupant presence `p` = {nick, type: 'available'|'unavailable'|'error', role,
   * affiliation, jid, show, status, codes, newNick, actor, reason, condition, text}.
   * Returns {kind, occupant} with kind one of 'joined' (we are in), 'enter', 'update', 'leave', 'rename',
   * 'self-left', 'error', or null when nothing changed.
   */
  applyPresence(p) {
    const codes = p.codes || [];
    if (p.type === 'error') {
      if (this.state === 'joined' && p.condition !== 'conflict') return null; // e.g. a refused presence update
      this.state = 'error';
      this.error = { condition: p.condition, text: p.text || '',
        message: describeJoinError(p.condition, this, p.text) };
      this.occupants.clear();
      this.self = null;
      return { kind: 'error', occupant: null };
    }
    const isSelf = codes.includes('110');
    const occupant = {
      nick: p.nick,
      jid: p.jid || '',
      role: p.role || 'none',
      affiliation: p.affiliation || 'none',
      show: p.show || 'available',
      status: p.status || '',
      self: isSelf,
    };
    if (p.type === 'unavailable') {
      const known = this.occupants.get(p.nick) || occupant;
      this.occupants.delete(p.nick);
      if (codes.includes('303') && p.newNick) {
        const renamed = { ...known, nick: p.newNick, self: isSelf };
        this.occupants.set(p.newNick, renamed);
        if (isSelf) {
          this.nick = p.newNick;
          this.self = renamed;
        }
        return { kind: 'rename', occupant: renamed, oldNick: p.nick };
      }
      if (isSelf) {
        this.state = 'left';
        this.exitMessage = describeExit(codes, p.actor, p.reason);
        this.occupants.clear();
        this.self = null;
        return { kind: 'self-left', occupant: known };
      }
      return { kind: 'leave', occupant: known };
    }
    const before = this.occupants.get(p.nick);
    this.occupants.set(p.nick, occupant);
    if (isSelf) {
      this.self = occupant;
      if (codes.includes('210') || p.nick !== this.nick) this.nick = p.nick; // the service changed our nick
      if (codes.includes('201')) this.created = true;
      if (this.state !== 'joined') {
        this.state = 'joined';
        this.error = null;
        return { kind: 'joined', occupant };
      }
    }
    if (!before) return { kind: 'enter', occupant };
    const same = before.role === occupant.role && before.affiliation === occupant.affiliation
      && before.show === occupant.show && before.status === occupant.status && before.jid === occupant.jid;
    return same ? null : { kind: 'update', occupant };
  }

  /** Sets the subject; returns whether it changed. */
  setSubject(subject, by) {
    if (subject === this.subject && by === this.subjectBy) return false;
    this.subject = subject;
    this.subjectBy = by || '';
    return true;
  }

  /** Records a message we just sent, shown at once and confirmed by the room's echo. */
  addOwn(id, body, time = new Date()) {
    const message = { id, nick: this.nick, body, time, dir: 'out', pending: true, delayed: false, error: null };
    this.#remember(`id:${id}`);
    this.#push(message);
    return message;
  }

  /**
   * Adds a groupchat message `m` = {id, stanzaId, nick, body, time, delayed}; returns
   * {added: message} for a new one, {confirmed: message} when it is the echo of our own message,
   * or null for a duplicate (history replayed on a rejoin, the echo of an echo).
   */
  addMessage(m) {
    const own = m.nick === this.nick;
    if (own && m.id) {
      const pending = this.messages.find((x) => x.dir === 'out' && x.id === m.id);
      if (pending) {
        if (!pending.pending) return null;
        pending.pending = false;
        if (m.stanzaId) this.#remember(`sid:${m.stanzaId}`);
        this.#track(m.time);
        return { confirmed: pending };
      }
    }
    const keys = [];
    if (m.stanzaId) keys.push(`sid:${m.stanzaId}`);
    if (m.id && m.nick) keys.push(`id:${m.nick}\n${m.id}`);
    if (m.delayed) keys.push(`h:${m.nick}\n${m.time.getTime()}\n${m.body}`);
    if (keys.some((k) => this.seen.has(k))) return null;
    if (m.delayed && this.messages.some((x) => x.nick === m.nick && x.body === m.body
      && Math.abs(x.time.getTime() - m.time.getTime()) < 2000)) {
      return null; // replayed history of a message we already show (its live copy had no stable id)
    }
    keys.forEach((k) => this.#remember(k));
    const message = { id: m.id || '', nick: m.nick, body: m.body, time: m.time,
      dir: own ? 'out' : 'in', pending: false, delayed: Boolean(m.delayed), error: null };
    this.#track(m.time);
    this.#push(message);
    return { added: message };
  }

  /** Marks our message `id` as refused by the room; returns it, or null. */
  failOwn(id, description) {
    const message = this.messages.find((x) => x.dir === 'out' && x.id === id);
    if (!message) return null;
    message.pending = false;
    message.error = description;
    return message;
  }

  #track(time) {
    if (!this.lastStamp || time > this.lastStamp) this.lastStamp = time;
  }

  #push(message) {
    this.messages.push(message);
    if (this.messages.length > MAX_MESSAGES) this.messages.shift();
  }

  #remember(key) {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.seenOrder.push(key);
    if (this.seenOrder.length > MAX_SEEN) this.seen.delete(this.seenOrder.shift());
  }
}
