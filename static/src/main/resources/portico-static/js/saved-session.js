// What lets a reloaded page take its session back: the bound JID, the transport, the open conversation and
// the SCRAM keys Strophe derived at sign-in (`connection.scram_keys`). Kept in sessionStorage, so it belongs
// to this tab only and is gone when the tab closes; signing out deletes it. The plain password is never
// stored: the SCRAM client/server keys prove the password to this server only (RFC 5802), and Strophe
// signs in with them directly. A server that offers only PLAIN leaves nothing to save; such a reload shows
// the sign-in form. Strophe keeps the XEP-0198 counters and unacknowledged stanzas itself, in the same
// sessionStorage (key `strophe-sm:<bare JID>`).

const KEY = 'portico-session';

/** The saved session of this tab, or null. */
export function loadSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    return saved && saved.jid && saved.keys && saved.keys.ck ? saved : null;
  } catch (e) {
    return null;
  }
}

/** Saves (or, with `keys` null, forgets) what a reload needs; `extra` merges into an existing entry. */
export function saveSession(entry) {
  try {
    if (!entry || !entry.keys) {
      sessionStorage.removeItem(KEY);
      return;
    }
    sessionStorage.setItem(KEY, JSON.stringify(entry));
  } catch (e) {
    // Storage full or disabled: the page simply cannot restore after a reload.
  }
}

/** Updates one field of the saved session, if there is one. */
export function updateSession(field, value) {
  const saved = loadSession();
  if (!saved) return;
  saved[field] = value;
  saveSession(saved);
}

/** Forgets the saved session and Strophe's stream-management state for `bareJid`. */
export function forgetSession(bareJid) {
  try {
    sessionStorage.removeItem(KEY);
    if (bareJid) sessionStorage.removeItem(`strophe-sm:${bareJid.toLowerCase()}`);
  } catch (e) {
    // nothing stored
  }
}

/**
 * The storage Strophe's XEP-0198 engine keeps its counters and unacknowledged stanzas in: this tab's
 * sessionStorage when the page may use it, else memory (resumption then still works within the page, not
 * across a reload). A page in a third-party frame (the widget on another site) may be refused storage:
 * merely reading the `sessionStorage` global throws there, and Strophe would throw while constructing
 * its connection, so the check happens here, once, inside try/catch.
 */
// Stream-management state kept in memory when the page may not use sessionStorage. One map for the whole
// page, not one per connection attempt: a widget refused storage that reconnects after a network drop
// builds a new connection, and that connection must find the counters and unacknowledged stanzas the
// dropped one left, or it cannot resume.
const pageMemory = new Map();

export function smStorage() {
  let store = null;
  try {
    store = window.sessionStorage;
    const probe = '__portico_probe__';
    store.setItem(probe, '1');
    store.removeItem(probe);
  } catch (e) {
    store = null;
  }
  const memory = pageMemory;
  return {
    load(key) {
      try {
        // A save that sessionStorage refused (full) went to memory: look there too.
        const raw = (store ? store.getItem(key) : null) ?? memory.get(key);
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return null;
      }
    },
    save(key, state) {
      const raw = JSON.stringify(state);
      try {
        if (store) store.setItem(key, raw);
        else memory.set(key, raw);
      } catch (e) {
        memory.set(key, raw); // full or refused now: keep it for this page
      }
    },
    clear(key) {
      memory.delete(key);
      try {
        if (store) store.removeItem(key);
      } catch (e) {
        // nothing stored there
      }
    },
  };
}
