// JID helpers (RFC 7622, the parts the chat needs). Comparisons use the bare JID, lower-cased in the
// local and domain parts.

/** "alice@example.com/phone" → "alice@example.com" (normalised to lower case). */
export function bare(jid) {
  const s = String(jid || '');
  const slash = s.indexOf('/');
  return (slash < 0 ? s : s.slice(0, slash)).toLowerCase();
}

/** "alice@example.com/phone" → "phone"; "" when there is none. */
export function resourceOf(jid) {
  const s = String(jid || '');
  const slash = s.indexOf('/');
  return slash < 0 ? '' : s.slice(slash + 1);
}

/** "alice@example.com" → "alice". */
export function localOf(jid) {
  const b = bare(jid);
  const at = b.indexOf('@');
  return at < 0 ? '' : b.slice(0, at);
}

/** "alice@example.com/x" → "example.com". */
export function domainOf(jid) {
  const b = bare(jid);
  return b.slice(b.indexOf('@') + 1);
}

/**
 * What the user typed on a login or add-contact form, completed with `defaultDomain` when it is a bare
 * name; null when it cannot be an account address.
 */
export function completeJid(input, defaultDomain) {
  let text = String(input || '').trim();
  if (!text) return null;
  if (!text.includes('@')) {
    if (!defaultDomain) return null;
    text = `${text}@${defaultDomain}`;
  }
  const b = text.split('/')[0];
  const [local, domain, extra] = b.split('@');
  if (extra !== undefined || !local || !domain || /[\s"&'/:<>]/.test(local) || !/^[^\s@/]+$/.test(domain)) return null;
  return `${local}@${domain.toLowerCase()}`;
}

/** True when `jid` looks like a bare account address (local@domain). */
export function isBareAccount(jid) {
  return completeJid(jid, null) !== null;
}
