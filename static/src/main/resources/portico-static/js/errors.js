// Turns what Strophe reports (a status and an error condition) into sentences a person understands.

const CONDITIONS = {
  'not-authorized': 'Wrong address or password.',
  'account-disabled': 'This account is disabled. Ask your server administrator.',
  'credentials-expired': 'Your password has expired. Change it with another client first.',
  'temporary-auth-failure': 'The server could not check your password just now. Try again in a moment.',
  'host-unknown': 'This chat server does not serve that domain. Check the part after the @.',
  'improper-addressing': 'That address is not valid.',
  'remote-connection-failed': 'The chat server cannot be reached right now. Try again in a little while.',
  'connection-timeout': 'The chat server took too long to answer.',
  'policy-violation': 'Too many attempts. Wait a minute and try again.',
  'system-shutdown': 'The chat server is shutting down for maintenance.',
  'conflict': 'You signed in somewhere else with the same device name.',
  'see-other-host': 'The chat server moved this connection elsewhere.',
  'no-auth-mech': 'The server offers no sign-in method this client supports.',
  'x-strophe-bad-non-anon-jid': 'Enter a full address like alice@example.com.',
  'bad-service': 'The connection address is not valid.',
};

/** The error shown when neither transport reaches Portico at all. */
export const GATEWAY_UNREACHABLE = 'Chat server unreachable. Check your internet connection and try again.';

// What Strophe reports when the answer was not XMPP at all: typically a proxy's HTML error page (a 502 on
// the BOSH URL, an HTML body where XML was expected). That is an unreachable server, not a parser problem.
const NOT_XMPP = new Set(['strophe-parsererror', 'parsererror', 'bad-format']);

/** A human sentence for a failure; `kind` is 'auth', 'stream' or 'transport'. */
export function describe(kind, condition) {
  if (condition && NOT_XMPP.has(condition)) return GATEWAY_UNREACHABLE;
  if (condition && CONDITIONS[condition]) return CONDITIONS[condition];
  if (kind === 'auth') return CONDITIONS['not-authorized'];
  if (kind === 'stream' && condition) return `The chat server closed the connection (${condition}).`;
  return GATEWAY_UNREACHABLE;
}

const STANZA_ERRORS = {
  'service-unavailable': 'not delivered: the recipient is unavailable',
  'recipient-unavailable': 'not delivered: the recipient is unavailable',
  'item-not-found': 'not delivered: no such user',
  'remote-server-not-found': 'not delivered: their server cannot be found',
  'remote-server-timeout': 'not delivered: their server did not answer',
  'not-allowed': 'not delivered: not allowed',
  'forbidden': 'not delivered: forbidden',
  'not-acceptable': 'not delivered: rejected by the server',
  'policy-violation': 'not delivered: blocked by server policy',
  'resource-constraint': 'not delivered: the server is busy',
  'jid-malformed': 'not delivered: invalid address',
  'bad-request': 'not delivered: the server rejected the message',
};

/** "not delivered: the recipient is unavailable" for an error stanza's condition. */
export function describeStanzaError(condition, text) {
  const base = STANZA_ERRORS[condition] || `not delivered (${condition || 'unknown error'})`;
  return text ? `${base} — ${text}` : base;
}

/** Reads condition and text out of a stanza's <error/> child. */
export function stanzaError(stanza) {
  const error = [...stanza.children].find((c) => c.localName === 'error');
  if (!error) return { condition: null, text: '' };
  let condition = null;
  let text = '';
  for (const child of error.children) {
    if (child.namespaceURI !== 'urn:ietf:params:xml:ns:xmpp-stanzas') continue;
    if (child.localName === 'text') text = child.textContent;
    else condition = child.localName;
  }
  return { condition, text };
}
