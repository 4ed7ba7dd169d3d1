// Entry point of the web chat (/ and the widget's /embed): reads the page settings, runs the login form,
// and wires the connection, roster, conversations and stanza log together.

import { XmppClient, ConnState } from './connection.js';
import { StanzaLog } from './stanza-log.js';
import { ConsoleView } from './console-view.js';
import { Roster } from './roster.js';
import { RosterView } from './roster-view.js';
import { Chats } from './chats.js';
import { ChatView } from './chat-view.js';
import { MyPresence } from './presence.js';
import { byId } from './dom.js';
import { bare, completeJid, domainOf } from './jid.js';
import { LoginForm } from './login.js';
import { disco } from './disco.js';
import { Avatars } from './avatars.js';
import { ContactCard } from './contact-card.js';
import { ProfileEditor } from './profile.js';
import { DiscoView } from './disco-view.js';
import { ConsoleComposer } from './console-composer.js';
import { Notifier, titleWithUnread } from './notifications.js';
import { fetchVCard } from './vcard.js';
import { GroupChat } from './group-chat.js';
import { mentions } from './muc-model.js';
import { csi } from './csi.js';
import { carbons } from './carbons.js';
import { History } from './history.js';
import { forgetSession, loadSession, saveSession, updateSession } from './saved-session.js';

const settings = readSettings();
const log = new StanzaLog();
let session = null; // {client, roster, chats, views…} while signed in

function readSettings() {
  const d = document.body.dataset;
  const toUrl = (path, ws) => {
    const url = new URL(path, window.location.href);
    if (ws) url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  };
  return {
    title: d.title || 'Portico',
    webSocketUrl: toUrl(d.websocketPath || '/xmpp-websocket', true),
    boshUrl: toUrl(d.boshPath || '/http-bind', false),
    defaultDomain: d.defaultDomain || '',
    openTo: d.openTo || '',
    transport: d.transport || 'auto',
    embed: d.embed === 'true',
  };
}

const login = new LoginForm(settings, (jid, password, transport) => signIn(jid, password, transport));

// --- session ------------------------------------------------------------------------------------

async function signIn(jid, password, transport, restoring = false) {
  const client = new XmppClient({
    webSocketUrl: settings.webSocketUrl,
    boshUrl: settings.boshUrl,
    transport,
    onFrame: (direction, element, via) => log.record(direction, element, via),
  });
  const roster = new Roster(client);
  const chats = new Chats(client);
  const avatars = new Avatars(client);
  disco(client);
  const s = { client, roster, chats, avatars, abort: new AbortController(), history: new History(client, chats) };
  const { signal } = s.abort;
  const me = () => bare(client.jid);
  csi(client, signal);
  carbons(client, chats, signal);
  s.presence = new MyPresence(client, signal);
  s.rosterView = new RosterView(roster, chats, (peer) => openConversation(peer), signal, avatars.paint);
  s.card = new ContactCard(client, roster, avatars.paint, signal);
  s.chatView = new ChatView(roster, chats, {
    onSend: (to, body) => chats.send(to, body) !== null,
    onRemove: (peer) => confirmRemove(peer),
    onBack: () => openConversation(null),
    onInfo: (peer) => peer && s.card.open(peer),
    paint: avatars.paint,
  }, signal);
  s.profile = new ProfileEditor(client, avatars, me, (hash) => {
    s.presence.photoHash = hash;
    s.presence.announce();
    s.groupChat.rooms.presenceChanged();
  }, signal);
  s.disco = new DiscoView(client, () => domainOf(client.jid), signal);
  byId('edit-profile').addEventListener('click', () => s.profile.open(), { signal });
  byId('disco-toggle').addEventListener('click', () => s.disco.open(), { signal });
  avatars.addEventListener('change', (e) => {
    const { jid } = e.detail;
    if (jid.includes('/')) { // a room occupant
      s.groupChat.view.occupantPhotoChanged(jid);
      return;
    }
    if (jid === me()) paintMe(s);
    s.rosterView.update(jid);
    if (jid === chats.active) s.chatView.renderHeader();
  });
  s.groupChat = new GroupChat(client, {
    signal,
    defaultDomain: settings.defaultDomain,
    onActivate: () => showRoomPane(),
    onBack: () => openConversation(null),
    onUnread: () => updateTitle(),
    photo: avatars.photo,
    photoHash: () => s.presence.photoHash,
  });
  chats.ignore = (stanza) => s.groupChat.rooms.claims(stanza);
  s.groupChat.rooms.addEventListener('message', (e) => {
    const { room, message } = e.detail;
    if (message.dir === 'in' && !message.delayed && mentions(message.body, room.nick)) {
      notifier.incoming(`${message.nick} in ${room.name || room.jid}`, room.jid, message.body, () => s.groupChat.open(room.jid));
    }
  });
  client.addEventListener('state', (e) => {
    showConnectionState(e.detail);
    if (e.detail.state === ConnState.RECONNECTING) {
      // Kept aside: if the stream is resumed, the server re-sends only what we missed, not everyone's presence.
      if (!s.presenceBeforeLoss) s.presenceBeforeLoss = new Map(roster.presence);
      roster.forgetPresence();
    }
  });
  client.addEventListener('online', (e) => onOnline(s, e.detail));
  client.addEventListener('offline', (e) => signedOut(e.detail.message));
  // Each event redraws only what it changed: one roster row, one message, the open chat's header.
  roster.addEventListener('change', (e) => {
    const { jid } = e.detail;
    s.rosterView.update(jid);
    if (!jid || jid === chats.active) s.chatView.renderHeader();
    if (!jid || roster.items.has(jid)) updateGroupList(roster);
  });
  chats.addEventListener('message', (e) => {
    const { jid, message } = e.detail;
    s.chatView.appendIfActive(jid, message);
    s.rosterView.update(jid);
    updateTitle();
    if (message.dir === 'in') {
      notifier.incoming(roster.nameOf(jid), jid, message.body || message.subject, () => openConversation(jid));
    }
  });
  chats.addEventListener('chatstate', (e) => {
    if (e.detail.jid === chats.active) s.chatView.renderHeader();
  });
  chats.addEventListener('history', (e) => {
    if (e.detail.jid === chats.active) s.chatView.render();
  });
  chats.addEventListener('update', (e) => {
    const { jid, message } = e.detail;
    if (message) s.chatView.refreshMessage(jid, message);
    s.rosterView.update(jid);
    updateTitle();
  });
  session = s;
  try {
    await client.login(restoring ? jid : jid + '/' + resourceName(), password);
  } catch (error) {
    session = null;
    s.abort.abort();
    throw error;
  }
}

function resourceName() {
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  return `${settings.embed ? 'portico-widget' : 'portico-web'}-${random}`;
}

async function onOnline(s, detail) {
  const { client, roster, chats } = s;
  const first = byId('chat-view').hidden;
  roster.me = bare(client.jid);
  chats.me = bare(client.jid);
  const saved = loadSession();
  saveSession({ jid: client.jid, transport: client.mode, keys: detail.keys || (saved && saved.keys),
    active: first ? (saved && saved.active) || null : chats.active });
  if (first) enterChat(s);
  if (detail.resumeFailed) showQuietNotice('Your previous session had expired; signed in again.');
  const kept = detail.resumed && !first ? s.presenceBeforeLoss : null;
  s.presenceBeforeLoss = null;
  if (kept) {
    // Resumed: the server kept our presence and re-sent what we missed; nothing to fetch or announce.
    for (const [jid, resources] of kept) roster.presence.set(jid, resources);
    roster.dispatchEvent(new CustomEvent('change', { detail: { jid: null } }));
    return;
  }
  try {
    await roster.load(client.jid);
  } catch (e) {
    console.warn('roster fetch failed', e);
  }
  s.presence.announce(true); // initial presence after the roster (RFC 6121 §4.2)
  if (first && settings.openTo) openConversation(bare(settings.openTo));
  else if (first && saved && saved.active) openConversation(saved.active); // a reloaded page
  if (first) loadOwnCard(s);
}

// Our own picture (for the avatar at the top and the XEP-0153 hash in our presence).
async function loadOwnCard(s) {
  try {
    const card = await fetchVCard(s.client, null);
    const hash = await s.avatars.remember(bare(s.client.jid), card);
    if (session !== s) return;
    s.presence.photoHash = hash;
    if (hash) s.presence.announce();
    if (hash) s.groupChat.rooms.presenceChanged();
  } catch (e) {
    console.warn('own vCard not available', e);
  }
}

function paintMe(s) {
  s.avatars.paint(byId('me-avatar'), bare(s.client.jid), bare(s.client.jid));
}

/** A short note in the connection status that does not interrupt (e.g. a session that was renewed). */
function showQuietNotice(text) {
  const box = byId('conn-status');
  box.title = text;
  box.querySelector('.conn-text').textContent = `Connected · ${text}`;
}

function enterChat(s) {
  byId('login-view').hidden = true;
  byId('chat-view').hidden = false;
  document.body.classList.add('signed-in');
  byId('me-jid').textContent = bare(s.client.jid);
  paintMe(s);
  s.rosterView.render();
  s.chatView.render();
  updateTitle();
}

function openConversation(peer) {
  if (!session) return;
  const previous = session.chats.active;
  if (peer) session.groupChat.deactivate();
  session.chats.open(peer);
  updateSession('active', peer || null);
  if (peer) session.history.load(peer);
  document.querySelector('.workspace').dataset.pane = peer ? 'chat' : 'list';
  session.chatView.render();
  if (previous) session.rosterView.update(previous);
  if (peer && peer !== previous) session.rosterView.update(bare(peer));
  updateTitle();
  if (peer) session.chatView.focusComposer();
}

// A group chat room takes the conversation pane: no contact conversation is open meanwhile.
function showRoomPane() {
  const previous = session.chats.active;
  session.chats.open(null);
  session.chatView.render();
  if (previous) session.rosterView.update(previous);
  document.querySelector('.workspace').dataset.pane = 'chat';
}

function showConnectionState(detail) {
  const box = byId('conn-status');
  const text = box.querySelector('.conn-text');
  const via = detail.transport === 'bosh' ? 'BOSH' : 'WebSocket';
  box.dataset.state = detail.state;
  const banner = byId('reconnect-banner');
  clearInterval(showConnectionState.timer);
  banner.hidden = detail.state !== ConnState.RECONNECTING;
  if (detail.state === ConnState.ONLINE) {
    text.textContent = `Connected · ${via}`;
    byId('me-transport').textContent = `via ${via}`;
    setComposerEnabled(true);
  } else if (detail.state === ConnState.RECONNECTING) {
    text.textContent = 'Reconnecting…';
    setComposerEnabled(false);
    const line = byId('reconnect-text');
    const tick = () => {
      const left = detail.retryAt ? Math.max(0, Math.ceil((detail.retryAt - Date.now()) / 1000)) : 0;
      line.textContent = left > 0
        ? `Connection lost. Reconnecting in ${left} s…`
        : 'Connection lost. Reconnecting…';
    };
    tick();
    showConnectionState.timer = setInterval(tick, 500);
  } else if (detail.state === ConnState.CONNECTING) {
    text.textContent = `Connecting · ${via}`;
    if (!byId('login-view').hidden) login.setBusy(true, `Connecting via ${via}…`);
  } else {
    text.textContent = 'Offline';
    setComposerEnabled(false);
  }
}

function setComposerEnabled(enabled) {
  byId('composer-input').disabled = !enabled;
  byId('send').disabled = !enabled;
}

function updateTitle() {
  const unread = session ? session.chats.totalUnread() + session.groupChat.rooms.totalUnread() : 0;
  document.title = titleWithUnread(settings.title, unread);
}

function updateGroupList(roster) {
  const list = byId('group-names');
  list.replaceChildren(...roster.groupNames().map((g) => Object.assign(document.createElement('option'), { value: g })));
}

function signedOut(message) {
  const s = session;
  session = null;
  forgetSession(s && s.client.jid ? bare(s.client.jid) : null);
  if (s) {
    s.client.onFrame = () => {}; // the closing frames belong to the account being forgotten
    s.client.logout();
    s.abort.abort();
    s.avatars.clear();
    s.groupChat.dispose();
  }
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  composer.reset();
  byId('chat-view').hidden = true;
  byId('login-view').hidden = false;
  document.body.classList.remove('signed-in');
  byId('console').hidden = true;
  byId('console-toggle').setAttribute('aria-pressed', 'false');
  document.querySelector('.workspace').classList.remove('with-console');
  document.querySelector('.workspace').dataset.pane = 'list';
  document.title = settings.title;
  forgetEverything();
  login.showError(message || '');
  login.setBusy(false);
  login.restore();
}

// Nothing of the previous account stays in the page (a shared computer): not its messages, roster,
// presence choice, nor its stanza log.
function forgetEverything() {
  log.clear();
  for (const id of ['messages', 'roster', 'requests', 'me-jid', 'me-transport', 'peer-name', 'me-avatar',
    'card-fields', 'card-resources', 'card-name', 'card-jid', 'disco-result', 'disco-where']) {
    byId(id).replaceChildren();
  }
  byId('requests').hidden = true;
  byId('chat-pane').hidden = true;
  byId('empty-state').hidden = false;
  byId('my-show').value = 'available';
  byId('my-dot').dataset.show = 'available';
  byId('my-status').value = '';
  byId('my-priority').value = '0';
  byId('roster-filter').value = '';
  byId('log-filter').value = '';
  byId('log-filter').dispatchEvent(new Event('input'));
}

// --- contacts -----------------------------------------------------------------------------------

const addDialog = byId('add-dialog');
const addError = byId('add-error');

byId('add-contact').addEventListener('click', () => {
  byId('add-form').reset();
  addError.hidden = true;
  addDialog.showModal();
  byId('add-jid').focus();
});
byId('add-cancel').addEventListener('click', () => addDialog.close());
byId('add-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!session) return;
  const jid = completeJid(byId('add-jid').value, settings.defaultDomain);
  if (!jid) {
    addError.textContent = 'Enter an address like friend@example.com.';
    addError.hidden = false;
    return;
  }
  if (jid === bare(session.client.jid)) {
    addError.textContent = 'That is you.';
    addError.hidden = false;
    return;
  }
  try {
    await session.roster.add(jid, byId('add-name').value.trim(), byId('add-group').value.trim());
    addDialog.close();
    openConversation(jid);
  } catch (error) {
    addError.textContent = 'The server refused to add this contact.';
    addError.hidden = false;
  }
});

function confirmRemove(peer) {
  if (!session || !peer) return;
  const dialog = byId('confirm-dialog');
  byId('confirm-text').textContent =
    `${session.roster.nameOf(peer)} (${peer}) will be removed from your contacts and stop seeing your presence.`;
  dialog.returnValue = '';
  dialog.showModal();
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue === 'ok' && session) {
      try {
        await session.roster.remove(peer);
        openConversation(null);
      } catch (e) {
        console.warn('remove failed', e);
      }
    }
  }, { once: true });
}

// --- top bar --------------------------------------------------------------------------------------

const consoleView = new ConsoleView(log);
const composer = new ConsoleComposer(log, () => session);
const notifier = new Notifier();
byId('console-toggle').addEventListener('click', () => {
  consoleView.toggle();
  byId('console-toggle').setAttribute('aria-pressed', String(consoleView.open));
  document.querySelector('.workspace').classList.toggle('with-console', consoleView.open);
});
byId('console-close').addEventListener('click', () => {
  consoleView.toggle(false);
  byId('console-toggle').setAttribute('aria-pressed', 'false');
  document.querySelector('.workspace').classList.remove('with-console');
  byId('console-toggle').focus();
});
byId('logout').addEventListener('click', () => signedOut(''));
byId('reconnect-now').addEventListener('click', () => session && session.client.reconnectNow());
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && session && session.chats.active) {
    session.chats.open(session.chats.active);
  }
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !byId('console').hidden && !document.querySelector('dialog[open]')) {
    byId('console-close').click();
  }
});

// Leaving the page (reload, navigation, closing the tab) keeps a resumable session: the next page of this
// tab resumes it (nothing is lost, no ghost session), and if the tab is gone the server ends it after its
// hibernation time. A session that cannot be resumed (BOSH, or a server without XEP-0198) is signed out
// cleanly instead of being left to time out.
window.addEventListener('pagehide', () => {
  if (session && !session.client.resumable()) {
    forgetSession(null);
    session.client.logout();
  }
});

// A reloaded tab takes its session back (saved-session.js); if that fails, the sign-in form says so quietly.
const saved = loadSession();
if (saved) {
  login.setBusy(true, 'Restoring your session…');
  signIn(saved.jid, saved.keys, saved.transport || 'auto', true).catch(() => {
    forgetSession(bare(saved.jid));
    login.setBusy(false);
    login.restore();
    login.showError('Your previous session has ended. Please sign in again.');
  });
} else {
  login.restore();
}
document.body.classList.add('ready');
