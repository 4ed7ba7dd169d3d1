// The XMPP connection: Strophe.js does all the protocol work (WebSocket or BOSH, SASL, binding, XEP-0198
// stream management); this module picks the transport (Auto tries WebSocket, then BOSH), turns Strophe's
// status callbacks into a small state machine, and reconnects with exponential backoff and jitter after a
// connection that was online is lost. Stanza handlers are registered here once and re-attached to every
// new Strophe connection.
//
// Surviving real life (see the README's web chat section):
// - XEP-0198 with resumption over WebSocket (Strophe's own engine; it keeps the resumption id, counters and
//   unacknowledged stanzas in sessionStorage). A reconnect, or a reloaded page (restore()), resumes the
//   server's session through whichever Portico node answers; the server re-sends what we had not
//   acknowledged, and Strophe re-sends what the server had not. When resumption fails, Strophe binds a new
//   session on the same stream; `online` then says `resumeFailed` and the page says so quietly.
// - Conditions that need the person (wrong password, unknown domain, a session replaced elsewhere) stop the
//   reconnecting: `offline` with a message, never a loop.
// - The browser's `offline`/`online` events: going offline drops the socket (the server keeps the session
//   for a resume); coming back online reconnects at once, or checks a connection that looks alive.

import { $iq, Strophe } from '../vendor/strophe.esm.js';
import { describe } from './errors.js';
import { WATCHED_WEBSOCKET, watchedTransport } from './watched-websocket.js';
import { smStorage } from './saved-session.js';

const Status = Strophe.Status;

/** Connection states shown to the user. */
export const ConnState = Object.freeze({
  OFFLINE: 'offline',
  CONNECTING: 'connecting',
  ONLINE: 'online',
  RECONNECTING: 'reconnecting',
});

/** A failed sign-in, with a sentence for the user. */
export class LoginError extends Error {
  constructor(kind, condition) {
    super(describe(kind, condition));
    this.kind = kind;
    this.condition = condition;
  }
}

const FIRST_INPUT_TIMEOUT_MS = 6000; // no answer at all on a transport: try the next one
const ATTEMPT_TIMEOUT_MS = 25000; // whole sign-in took too long
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 20000;
const LIVENESS_TIMEOUT_MS = 5000; // back online: a ping unanswered this long means the socket is dead
/** Failures a retry cannot fix: the person must act (sign in again, fix the address). */
const NEEDS_THE_USER = new Set(['conflict', 'not-authorized', 'host-unknown', 'account-disabled',
  'credentials-expired', 'improper-addressing']);

/** Exponential backoff with ±20 % jitter: 1 s, 2 s, 4 s … capped. */
export function backoffDelay(attempt) {
  const raw = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

/**
 * One signed-in account. Events (all CustomEvent):
 * `state` {state, transport, retryAt, attempt, message};
 * `online` {first, resumed, resumeFailed, keys}: `resumed` when XEP-0198 took the previous session back
 * (nothing was lost, the server kept roster and presence), `resumeFailed` when a resume was tried and the
 * server had forgotten the session (a new one was bound instead), `keys` the SCRAM keys a reload can sign
 * in with (null after PLAIN);
 * `offline` {message}: given up, the person must act.
 */
export class XmppClient extends EventTarget {
  /**
   * @param {{webSocketUrl: string, boshUrl: string, transport: 'auto'|'websocket'|'bosh',
   *          onFrame?: (direction: 'in'|'out', element: Element, transport: string) => void}} options
   */
  constructor(options) {
    super();
    this.webSocketUrl = options.webSocketUrl;
    this.boshUrl = options.boshUrl;
    this.mode = options.transport || 'auto';
    this.onFrame = options.onFrame || (() => {});
    this.state = ConnState.OFFLINE;
    this.transport = null;
    this.jid = null; // full JID once bound
    this.handlers = [];
    this.conn = null;
    this.credentials = null; // kept in memory only, for reconnects
    this.retryTimer = null;
    this.retryAttempt = 0;
    this.everOnline = false;
    this.resumeFailed = false;
    this.onNetworkOnline = () => this.#networkBack();
    this.onNetworkOffline = () => this.#networkGone();
    globalThis.addEventListener?.('online', this.onNetworkOnline);
    globalThis.addEventListener?.('offline', this.onNetworkOffline);
  }

  /** Registers a stanza handler for every connection this client makes. `fn(stanza)` return value is ignored. */
  addHandler(fn, ns, name, type) {
    this.handlers.push({ fn, ns, name, type });
  }

  /**
   * Signs in; resolves once online, rejects with a LoginError. `password` is the password, or the SCRAM keys
   * Strophe derived at an earlier sign-in (`online`'s `keys`): then a saved XEP-0198 session is resumed.
   */
  async login(jid, password) {
    this.credentials = { jid, password };
    this.everOnline = false;
    this.#setState(ConnState.CONNECTING);
    const result = await this.#connect(this.#order(null));
    if (!result.ok) {
      this.credentials = null;
      this.#setState(ConnState.OFFLINE);
      throw new LoginError(result.kind, result.condition);
    }
  }

  /**
   * Signs out: sends unavailable presence and closes the stream (which also forgets the XEP-0198 state: a
   * closed session cannot be resumed); no reconnect.
   */
  logout() {
    globalThis.removeEventListener?.('online', this.onNetworkOnline);
    globalThis.removeEventListener?.('offline', this.onNetworkOffline);
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.credentials = null;
    const conn = this.conn;
    this.conn = null;
    if (conn) this.#dispose(conn, 'logout');
    this.#setState(ConnState.OFFLINE);
  }

  /** Retries at once while waiting to reconnect. */
  reconnectNow() {
    if (this.state === ConnState.RECONNECTING && this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.#reconnect();
    }
  }

  /** Whether the server would keep this session for an XEP-0198 resume if the connection dropped now. */
  resumable() {
    const c = this.conn;
    return !!c && c.isStreamManagementEnabled() && !!(c.sm && c.sm.state.resumeSupported);
  }

  /** The stream features of the current connection (after sign-in), or null. */
  features() {
    return this.conn ? this.conn.features : null;
  }

  /** Sends a stanza (a Strophe builder or an Element) when online; returns false otherwise. */
  send(stanza) {
    if (this.state !== ConnState.ONLINE || !this.conn) return false;
    this.conn.send(stanza);
    return true;
  }

  /** Sends an IQ and resolves with the result stanza; rejects with the error stanza (or null on timeout). */
  sendIQ(stanza, timeoutMs = 15000) {
    return new Promise((resolve, reject) => {
      if (this.state !== ConnState.ONLINE || !this.conn) {
        reject(null);
        return;
      }
      this.conn.sendIQ(stanza, resolve, reject, timeoutMs);
    });
  }

  /** A unique id for outgoing stanzas. */
  nextId(prefix = 'p') {
    return this.conn ? this.conn.getUniqueId(prefix) : `${prefix}-${Date.now().toString(36)}`;
  }

  #order(preferred) {
    if (this.mode === 'websocket') return ['websocket'];
    if (this.mode === 'bosh') return ['bosh'];
    return preferred === 'bosh' ? ['bosh', 'websocket'] : ['websocket', 'bosh'];
  }

  async #connect(order) {
    let last = { ok: false, kind: 'transport', condition: null };
    for (let i = 0; i < order.length; i++) {
      if (!this.credentials) return { ok: false, kind: 'cancelled', condition: null };
      const transport = order[i];
      this.transport = transport;
      this.#setState(this.state, { transport });
      const canFallBack = i < order.length - 1;
      last = await this.#attempt(transport, canFallBack);
      if (last.ok || last.kind !== 'transport') return last;
    }
    return last;
  }

  // One sign-in over one transport. Resolves once: online, or failed with {kind, condition}.
  #attempt(transport, canFallBack) {
    const { jid, password } = this.credentials;
    const url = transport === 'websocket' ? this.webSocketUrl : this.boshUrl;
    // Strophe negotiates XEP-0198 over WebSocket only; over BOSH the BOSH session itself rides out short
    // network losses (requests are retried within the server's inactivity period).
    // Strophe builds its stream-management engine for every transport and, without a storage, reads the
    // sessionStorage global, which throws in a frame refused storage (the widget on another site).
    const streamManagement = { storage: smStorage() };
    const options = transport === 'websocket'
      ? { protocol: WATCHED_WEBSOCKET, enableStreamManagement: true, streamManagement }
      : { streamManagement };
    const conn = new Strophe.Connection(url, options);
    this.conn = conn;
    this.resumeFailed = false;
    if (conn.sm) {
      // Strophe's documented hook; after a failed resume it binds a new session on the same stream.
      conn.sm.onFailed = (view, resumeFailed) => {
        if (resumeFailed) this.resumeFailed = true;
      };
    }
    let gotInput = false;
    let settled = false;
    let condition = null;
    let kind = 'transport';

    conn.xmlInput = (element) => {
      gotInput = true;
      this.onFrame('in', element, transport);
    };
    conn.xmlOutput = (element) => this.onFrame('out', element, transport);
    for (const h of this.handlers) {
      conn.addHandler((stanza) => {
        try {
          h.fn(stanza);
        } catch (e) {
          console.error('stanza handler failed', e);
        }
        return true;
      }, h.ns || null, h.name || null, h.type || null);
    }

    return new Promise((resolve) => {
      const settle = (result) => {
        if (settled) return;
        settled = true;
        clearTimeout(firstInputTimer);
        clearTimeout(attemptTimer);
        if (!result.ok) {
          if (this.conn === conn) this.conn = null;
          this.#dispose(conn, 'failed');
        }
        resolve(result);
      };
      const firstInputTimer = setTimeout(() => {
        if (!gotInput && canFallBack) settle({ ok: false, kind: 'transport', condition: null });
      }, FIRST_INPUT_TIMEOUT_MS);
      const attemptTimer = setTimeout(() => {
        // Nothing but errors from the transport (e.g. a proxy's 502 pages, retried by Strophe): unreachable.
        settle({ ok: false, kind: gotInput ? 'stream' : 'transport', condition: gotInput ? 'connection-timeout' : null });
      }, ATTEMPT_TIMEOUT_MS);

      conn.connect(jid, password, (status, cond, elem) => {
        if (this.conn !== conn && settled) return; // an abandoned connection
        switch (status) {
          case Status.CONNECTED:
            this.jid = conn.jid;
            settle({ ok: true });
            this.#online(conn);
            break;
          case Status.AUTHFAIL:
            kind = 'auth';
            condition = cond || saslCondition(elem) || 'not-authorized';
            settle({ ok: false, kind, condition });
            break;
          case Status.CONNFAIL:
            if (!condition) condition = isCondition(cond) ? cond : null;
            kind = gotInput ? 'stream' : 'transport';
            break;
          case Status.CONNTIMEOUT:
            condition = condition || 'connection-timeout';
            break;
          case Status.DISCONNECTED:
            if (!settled) {
              settle({ ok: false, kind: gotInput ? (kind === 'auth' ? 'auth' : 'stream') : 'transport', condition });
            } else if (this.conn === conn) {
              this.conn = null;
              this.#lost(condition);
            }
            break;
          default:
            break;
        }
      });
      // A WebSocket closed before the server said anything (a proxy refusing the upgrade, a blocked
      // port): Strophe only reports closes with code 1006, so the watched transport tells us at once.
      const watched = watchedTransport(conn);
      if (watched) {
        watched.onClose = (event, anyInput) => {
          if (!anyInput) settle({ ok: false, kind: 'transport', condition: null });
        };
      }
    });
  }

  #online(conn) {
    const first = !this.everOnline;
    this.everOnline = true;
    this.retryAttempt = 0;
    if (conn.scram_keys) {
      // Strophe's SCRAM keys replace the password for later reconnects too: the password leaves memory.
      this.credentials = { jid: this.credentials.jid, password: conn.scram_keys };
    }
    const detail = {
      first,
      resumed: conn.hasResumed(),
      resumeFailed: this.resumeFailed,
      keys: conn.scram_keys || null,
    };
    this.#setState(ConnState.ONLINE);
    this.dispatchEvent(new CustomEvent('online', { detail }));
  }

  #lost(condition) {
    if (!this.credentials) return; // signed out meanwhile
    if (NEEDS_THE_USER.has(condition)) {
      this.#giveUp(describe('stream', condition));
      return;
    }
    this.#scheduleReconnect(condition);
  }

  // The browser lost its network: drop the socket (an XMPP close would end the session for good) and
  // wait for the network to come back; the server keeps a resumable session meanwhile.
  #networkGone() {
    if (this.state !== ConnState.ONLINE || !this.conn) return;
    const watched = watchedTransport(this.conn);
    if (watched) watched.drop();
  }

  // Back online: reconnect now if waiting; if the connection looks alive, make sure it is (a socket that
  // survived a network change often is not), and drop it if a ping goes unanswered.
  #networkBack() {
    if (this.state === ConnState.RECONNECTING) {
      this.reconnectNow();
      return;
    }
    const conn = this.conn;
    if (this.state !== ConnState.ONLINE || !conn) return;
    const ping = $iqPing(conn.getUniqueId('ping'));
    conn.sendIQ(ping, () => {}, (answer) => {
      if (answer === null && this.conn === conn) {
        const watched = watchedTransport(conn);
        if (watched) watched.drop();
      }
    }, LIVENESS_TIMEOUT_MS);
  }

  #scheduleReconnect(condition) {
    const delay = backoffDelay(this.retryAttempt);
    this.retryAttempt += 1;
    this.#setState(ConnState.RECONNECTING, {
      retryAt: Date.now() + delay,
      attempt: this.retryAttempt,
      message: condition ? describe('stream', condition) : 'The connection was lost.',
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.#reconnect();
    }, delay);
  }

  async #reconnect() {
    if (!this.credentials) return;
    this.#setState(ConnState.RECONNECTING, { retryAt: null, attempt: this.retryAttempt, message: 'Reconnecting now…' });
    const result = await this.#connect(this.#order(this.transport));
    if (!this.credentials || result.ok) return;
    if (result.kind === 'auth' || NEEDS_THE_USER.has(result.condition)) {
      this.#giveUp(describe(result.kind, result.condition));
    } else {
      this.#scheduleReconnect(result.condition);
    }
  }

  #giveUp(message) {
    clearTimeout(this.retryTimer);
    this.credentials = null;
    this.#setState(ConnState.OFFLINE, { message });
    this.dispatchEvent(new CustomEvent('offline', { detail: { message } }));
  }

  // Signing out closes the stream cleanly (the server ends the session; Strophe forgets its XEP-0198
  // state). A failed attempt is only dropped: a clean close would also wipe the resumable state saved for
  // the next attempt.
  #dispose(conn, reason) {
    const watched = reason === 'logout' ? null : watchedTransport(conn);
    if (watched) {
      watched.drop();
      return;
    }
    try {
      conn.disconnect(reason);
    } catch (e) {
      // already closed
    }
  }

  #setState(state, extra = {}) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', {
      detail: { state, transport: this.transport, ...extra },
    }));
  }
}

function $iqPing(id) {
  return $iq({ type: 'get', id }).c('ping', { xmlns: 'urn:xmpp:ping' });
}

function isCondition(text) {
  return typeof text === 'string' && /^[a-z][a-z-]*$/.test(text);
}

function saslCondition(failure) {
  if (!failure || !failure.children) return null;
  const first = [...failure.children].find((c) => c.localName !== 'text');
  return first ? first.localName : null;
}
