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
