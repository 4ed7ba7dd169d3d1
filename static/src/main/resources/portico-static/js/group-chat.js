// Wires group chat into the page: the Rooms model and its views, the join/invite/subject dialogs, and the
// connection's life cycle (rooms come back after a fresh login; a resumed stream keeps them).
// main.js creates one per signed-in session and tells it when a contact conversation takes the pane.

import { ConnState } from './connection.js';
import { Bookmarks } from './bookmarks.js';
import { Rooms } from './rooms.js';
import { RoomView } from './room-view.js';
import { RoomListView } from './room-list-view.js';
import { el, byId, clear } from './dom.js';
import { roomAddress } from './muc-model.js';
import { completeJid } from './jid.js';

export class GroupChat {
  /**
   * @param client the XmppClient
   * @param {{signal: AbortSignal, defaultDomain: string, onActivate: () => void, onBack: () => void,
   *          onUnread: () => void}} options onActivate: a room takes the conversation pane
   */
  constructor(client, { signal, defaultDomain, onActivate, onBack, onUnread, photo, photoHash = () => null }) {
    this.client = client;
    this.signal = signal;
    this.defaultDomain = defaultDomain || '';
    this.onActivate = onActivate;
    this.openRoomOnStart = document.body.dataset.openRoom || '';
    this.rooms = new Rooms(client, new Bookmarks(client));
    this.rooms.presence = () => ({ show: byId('my-show').value, status: byId('my-status').value.trim(), photo: photoHash() });
    this.view = new RoomView(this.rooms, {
      onSend: (jid, body) => this.rooms.send(jid, body) !== null,
      onRejoin: (jid, nick, password) => this.rooms.join(jid, nick, { password, bookmark: true }),
      onLeave: (jid) => this.#leave(jid),
      onSubject: (jid) => this.#subjectDialog(jid),
      onInvite: (jid) => this.#inviteDialog(jid),
      photo,
      onBack: () => {
        this.deactivate();
        onBack();
      },
    }, signal);
    this.listView = new RoomListView(this.rooms, {
      onOpen: (jid) => this.open(jid),
      onAccept: (jid) => {
        if (this.rooms.accept(jid)) this.open(jid);
      },
      onDecline: (jid) => this.rooms.decline(jid),
    });
    const on = (type, fn) => this.rooms.addEventListener(type, (e) => fn(e.detail), { signal });
    on('rooms', () => {
      this.listView.render();
      onUnread();
    });
    on('invitations', () => this.listView.renderInvitations());
    on('state', ({ room }) => {
      this.view.renderState(room);
      this.view.renderHeader(room);
      if (room.state === 'joined' && room.jid === this.rooms.active) this.view.focusComposer();
    });
    on('occupant', ({ room, change }) => this.view.occupantChanged(room, change));
    on('message', ({ room, message }) => this.view.appendMessage(room, message));
    on('message-update', ({ room, message }) => this.view.updateMessage(room, message));
    on('subject', ({ room }) => {
      this.view.renderHeader(room);
      this.listView.render();
    });
    client.addEventListener('state', (e) => {
      if (e.detail.state === ConnState.RECONNECTING) this.rooms.connectionLost();
    }, { signal });
    client.addEventListener('online', (e) => this.#online(e.detail || {}), { signal });
    // Our show/status goes to the rooms too, when the "me" box sends it to contacts.
    const myPresence = () => this.rooms.presenceChanged();
    byId('my-show').addEventListener('change', myPresence, { signal });
    byId('my-status').addEventListener('change', myPresence, { signal });
    byId('my-status').addEventListener('keydown', (e) => e.key === 'Enter' && myPresence(), { signal });
    this.#wireDialogs();
    this.listView.render();
    this.listView.renderInvitations();
  }

  /** Shows a room in the conversation pane. */
  open(jid) {
    this.onActivate();
    this.rooms.open(jid);
    byId('empty-state').hidden = true;
    this.view.render();
    this.listView.render();
    this.view.focusComposer();
  }

  /** A contact conversation (or nothing) takes the pane. */
  deactivate() {
    if (!this.rooms.active) return;
    this.rooms.open(null);
    this.view.render();
    this.listView.render();
  }

  /** Signed out: nothing of the rooms stays in the page. */
  dispose() {
    for (const id of ['room-list', 'invitations', 'room-messages', 'occupant-list', 'room-status', 'room-directory']) {
      clear(byId(id));
    }
    byId('room-pane').hidden = true;
    byId('invitations').hidden = true;
    for (const id of ['join-dialog', 'invite-dialog', 'subject-dialog']) {
      if (byId(id).open) byId(id).close();
    }
  }

  async #online(detail) {
    await this.rooms.online(detail);
    if (detail.first && this.openRoomOnStart) {
      const jid = roomAddress(this.openRoomOnStart, null);
      if (jid) {
        if (!this.rooms.rooms.has(jid)) this.rooms.join(jid, this.rooms.defaultNick(), { bookmark: false });
        this.open(jid);
      }
    }
  }

  #leave(jid) {
    this.rooms.leave(jid);
    this.view.render(); // no room is active any more: hides the pane
    this.listView.render();
    byId('empty-state').hidden = false;
    document.querySelector('.workspace').dataset.pane = 'list';
  }

  // --- dialogs -----------------------------------------------------------------------------------

  #wireDialogs() {
    const opts = { signal: this.signal };
    const join = byId('join-dialog');
    byId('join-room').addEventListener('click', () => this.#joinDialog(), opts);
    byId('join-cancel').addEventListener('click', () => join.close(), opts);
    byId('join-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const jid = roomAddress(byId('join-room-jid').value, this.rooms.service);
      const nick = byId('join-nick').value.trim();
      const error = byId('join-error');
      if (!jid) {
        error.textContent = this.rooms.service
          ? `Enter a room name or an address like room@${this.rooms.service}.`
          : 'Enter a room address like room@conference.example.com.';
        error.hidden = false;
        return;
      }
      if (!nick) {
        error.textContent = 'Choose a nickname.';
        error.hidden = false;
        return;
      }
      this.rooms.join(jid, nick, { password: byId('join-password').value, bookmark: byId('join-bookmark').checked });
      join.close();
      this.open(jid);
    }, opts);

    const invite = byId('invite-dialog');
    byId('invite-cancel').addEventListener('click', () => invite.close(), opts);
    byId('invite-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const who = completeJid(byId('invite-jid').value, this.defaultDomain);
      if (!who) {
        byId('invite-error').textContent = 'Enter an address like friend@example.com.';
        byId('invite-error').hidden = false;
        return;
      }
      this.rooms.invite(invite.dataset.room, who, byId('invite-reason').value.trim());
      invite.close();
    }, opts);

    const subject = byId('subject-dialog');
    byId('subject-cancel').addEventListener('click', () => subject.close(), opts);
    byId('subject-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.rooms.setSubject(subject.dataset.room, byId('subject-input').value.trim());
      subject.close();
    }, opts);
  }

  async #joinDialog() {
    byId('join-form').reset();
    byId('join-error').hidden = true;
    byId('join-nick').value = this.rooms.defaultNick();
    byId('join-dialog').showModal();
    byId('join-room-jid').focus();
    const list = clear(byId('room-directory'));
    const title = byId('room-directory-title');
    title.textContent = 'Looking for rooms on your server…';
    const service = await this.rooms.findService();
    if (!service) {
      title.textContent = 'Your server lists no group chat service.';
      return;
    }
    byId('join-room-jid').placeholder = `room@${service}`;
    try {
      const found = await this.rooms.listRooms(service);
      title.textContent = found.length ? `Rooms on ${service}` : `No public rooms on ${service} yet.`;
      for (const r of found) {
        list.append(el('li', {}, el('button', { type: 'button', class: 'directory-room', dataset: { jid: r.jid },
          on: { click: () => {
            byId('join-room-jid').value = r.jid;
            byId('join-nick').focus();
          } } },
        el('span', { class: 'contact-name', text: r.name || r.jid.replace(/@.*$/, '') }),
        el('span', { class: 'contact-status', text: r.jid }))));
      }
    } catch (e) {
      title.textContent = `${service} did not list its rooms.`;
    }
  }

  #inviteDialog(jid) {
    const dialog = byId('invite-dialog');
    byId('invite-form').reset();
    byId('invite-error').hidden = true;
    dialog.dataset.room = jid;
    byId('invite-room').textContent = jid;
    dialog.showModal();
    byId('invite-jid').focus();
  }

  #subjectDialog(jid) {
    const dialog = byId('subject-dialog');
    const room = this.rooms.rooms.get(jid);
    dialog.dataset.room = jid;
    byId('subject-input').value = room ? room.subject : '';
    dialog.showModal();
    byId('subject-input').select();
  }
}
