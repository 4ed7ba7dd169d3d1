// Reads group chat stanzas (XEP-0045 presence and messages, XEP-0249 and XEP-0045 invitations) into
// plain objects for muc-model.js. Works on any DOM-like element (localName, namespaceURI or an xmlns
// attribute, getAttribute, children, textContent), so node --test can feed it small fakes.

export const NS = Object.freeze({
  MUC: 'http://jabber.org/protocol/muc',
  USER: 'http://jabber.org/protocol/muc#user',
  OWNER: 'http://jabber.org/protocol/muc#owner',
  CONFERENCE: 'jabber:x:conference',
  SID: 'urn:xmpp:sid:0',
  DELAY: 'urn:xmpp:delay',
  DISCO_INFO: 'http://jabber.org/protocol/disco#info',
  DISCO_ITEMS: 'http://jabber.org/protocol/disco#items',
  STANZAS: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  DATA: 'jabber:x:data',
  BOOKMARKS: 'urn:xmpp:bookmarks:1',
  STORAGE: 'storage:bookmarks',
});

function nsOf(el) {
  return el.namespaceURI || el.getAttribute('xmlns') || '';
}

/** The first child element called `name` (in namespace `ns`, when given). */
export function child(el, name, ns) {
  if (!el) return null;
  for (const c of el.children) {
    if (c.localName === name && (!ns || nsOf(c) === ns)) return c;
  }
  return null;
}

function children(el, name, ns) {
  return el ? [...el.children].filter((c) => c.localName === name && (!ns || nsOf(c) === ns)) : [];
}

function text(el, name, ns) {
  const c = child(el, name, ns);
  return c ? c.textContent : '';
}

/** "room@service/nick" → ["room@service", "nick"] (the nick may contain slashes). */
export function splitOccupant(jid) {
  const s = String(jid || '');
  const slash = s.indexOf('/');
  return slash < 0 ? [s.toLowerCase(), ''] : [s.slice(0, slash).toLowerCase(), s.slice(slash + 1)];
}

/** The condition and text of a stanza's <error/>. */
export function errorOf(stanza) {
  const error = child(stanza, 'error');
  let condition = null;
  let errorText = '';
  if (error) {
    for (const c of error.children) {
      if (nsOf(c) !== NS.STANZAS) continue;
      if (c.localName === 'text') errorText = c.textContent;
      else if (!condition) condition = c.localName;
    }
  }
  return { condition, text: errorText };
}

/**
 * An occupant presence: {room, nick, type, role, affiliation, jid, show, status, codes, newNick, actor,
 * reason, condition, text}. `type` is 'available', 'unavailable' or 'error'.
 */
export function parseOccupantPresence(stanza) {
  const [room, nick] = splitOccupant(stanza.getAttribute('from'));
  const type = stanza.getAttribute('type') || 'available';
  const x = child(stanza, 'x', NS.USER);
  const item = child(x, 'item');
  const show = text(stanza, 'show').trim();
  const result = {
    room,
    nick,
    type: type === 'unavailable' || type === 'error' ? type : 'available',
    role: item ? item.getAttribute('role') || 'none' : 'none',
    affiliation: item ? item.getAttribute('affiliation') || 'none' : 'none',
    jid: item ? item.getAttribute('jid') || '' : '',
    show: ['chat', 'away', 'xa', 'dnd'].includes(show) ? show : 'available',
    status: text(stanza, 'status'),
    codes: children(x, 'status').map((s) => s.getAttribute('code')).filter(Boolean),
    newNick: item ? item.getAttribute('nick') || '' : '',
    actor: '',
    reason: item ? text(item, 'reason') : '',
    condition: null,
    text: '',
  };
  const actor = child(item, 'actor');
  if (actor) result.actor = actor.getAttribute('nick') || actor.getAttribute('jid') || '';
  if (result.type === 'error') Object.assign(result, errorOf(stanza));
  return result;
}

function delayOf(stanza) {
  const delay = child(stanza, 'delay', NS.DELAY);
  const stamp = delay ? new Date(delay.getAttribute('stamp')) : null;
  return stamp && !Number.isNaN(stamp.getTime()) ? stamp : null;
}

/**
 * A groupchat message: {room, nick, id, stanzaId, body, subject, time, delayed}. `subject` is null unless
 * this is a subject change (a <subject/> without a <body/>, XEP-0045 §8.1). `id` is the origin-id when
 * present (kept by every room), else the id attribute.
 */
export function parseGroupchat(stanza, now = new Date()) {
  const [room, nick] = splitOccupant(stanza.getAttribute('from'));
  const bodyNode = child(stanza, 'body');
  const subjectNode = child(stanza, 'subject');
  const origin = child(stanza, 'origin-id', NS.SID);
  const stanzaIdNode = children(stanza, 'stanza-id', NS.SID)
    .find((s) => (s.getAttribute('by') || '').toLowerCase() === room);
  const delay = delayOf(stanza);
  return {
    room,
    nick,
    id: (origin && origin.getAttribute('id')) || stanza.getAttribute('id') || '',
    stanzaId: stanzaIdNode ? stanzaIdNode.getAttribute('id') || '' : '',
    body: bodyNode ? bodyNode.textContent : '',
    subject: subjectNode && !bodyNode ? subjectNode.textContent : null,
    time: delay || now,
    delayed: Boolean(delay),
  };
}

/**
 * An invitation to a room: {room, from, reason, password, kind: 'direct'|'mediated'}, or null.
 * Direct (XEP-0249) comes from the inviter; mediated (XEP-0045 §7.8.2) from the room, naming the inviter.
 */
export function parseInvitation(stanza) {
  if (stanza.getAttribute('type') === 'error') return null;
  const from = stanza.getAttribute('from') || '';
  // Mediated first: a room may add a jabber:x:conference element for old clients (Prosody does), and
  // only the <invite/> names the inviter.
  const x = child(stanza, 'x', NS.USER);
  const invite = child(x, 'invite');
  if (invite) {
    const room = splitOccupant(from)[0];
    const [inviter, nick] = splitOccupant(invite.getAttribute('from'));
    // A room that hides real addresses names the inviter by occupant JID: room@service/nick.
    return { room, from: inviter === room && nick ? nick : inviter,
      reason: text(invite, 'reason'), password: text(x, 'password'), kind: 'mediated' };
  }
  const direct = child(stanza, 'x', NS.CONFERENCE);
  if (direct && direct.getAttribute('jid')) {
    return { room: direct.getAttribute('jid').toLowerCase(), from: splitOccupant(from)[0],
      reason: direct.getAttribute('reason') || '', password: direct.getAttribute('password') || '', kind: 'direct' };
  }
  return null;
}

/** Whether a message is part of the group chat protocol (invitations, declines), not a one-to-one message. */
export function isMucNotice(stanza) {
  if (child(stanza, 'x', NS.CONFERENCE)) return true;
  const x = child(stanza, 'x', NS.USER);
  return Boolean(x && (child(x, 'invite') || child(x, 'decline')));
}

/** A room bookmark: {jid, name, autojoin, nick, password}. */
function bookmark(jid, conference) {
  const autojoin = conference.getAttribute('autojoin');
  return { jid: String(jid || '').toLowerCase(), name: conference.getAttribute('name') || '',
    autojoin: autojoin === 'true' || autojoin === '1', nick: text(conference, 'nick'), password: text(conference, 'password') };
}

/** Bookmarks from a XEP-0402 <items node='urn:xmpp:bookmarks:1'/> result (each item's id is the room). */
export function parsePepBookmarks(items) {
  return children(items, 'item').map((item) => {
    const conference = child(item, 'conference', NS.BOOKMARKS);
    return conference && item.getAttribute('id') ? bookmark(item.getAttribute('id'), conference) : null;
  }).filter(Boolean);
}

/** Bookmarks from a XEP-0048 <storage xmlns='storage:bookmarks'/>. */
export function parseStoredBookmarks(storage) {
  return children(storage, 'conference').filter((c) => c.getAttribute('jid'))
    .map((c) => bookmark(c.getAttribute('jid'), c));
}
