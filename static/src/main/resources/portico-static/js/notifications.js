// Unread messages in the tab title, desktop notifications while the page is hidden, and an optional
// sound. Notifications are off until the person turns them on: the browser's permission prompt only
// ever comes from that click (a user gesture), never on load. Sound is off by default. The choices are
// remembered on this device (they are not secrets).

import { byId } from './dom.js';

const PREFS_KEY = 'portico.notify';

/** "(3) Portico" with unread messages, else the plain title. */
export function titleWithUnread(title, unread) {
  return unread > 0 ? `(${unread}) ${title}` : title;
}

function loadPrefs() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(PREFS_KEY) || 'null');
    return { desktop: Boolean(saved && saved.desktop), sound: Boolean(saved && saved.sound) };
  } catch (e) {
    return { desktop: false, sound: false };
  }
}

function savePrefs(prefs) {
  try {
    window.localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch (e) {
    // storage unavailable: the choice lasts for this page only
  }
}

export class Notifier {
  constructor() {
    this.prefs = loadPrefs();
    this.audio = null;
    this.desktopButton = byId('notify-toggle');
    this.soundButton = byId('sound-toggle');
    this.supported = typeof window.Notification === 'function';
    this.desktopButton.hidden = !this.supported;
    this.desktopButton.addEventListener('click', () => this.#toggleDesktop());
    this.soundButton.addEventListener('click', () => {
      this.prefs.sound = !this.prefs.sound;
      savePrefs(this.prefs);
      this.#show();
    });
    this.#show();
  }

  /** Desktop notifications are shown only when wanted, allowed, and the page cannot be seen. */
  get desktopActive() {
    return this.supported && this.prefs.desktop && Notification.permission === 'granted';
  }

  /**
   * A message arrived from `name`. Notifies when the page is hidden; `onClick` brings the conversation up.
   */
  incoming(name, jid, body, onClick) {
    if (!document.hidden) return;
    if (this.prefs.sound) this.#beep();
    if (!this.desktopActive) return;
    try {
      const n = new Notification(name, { body: body.length > 140 ? `${body.slice(0, 139)}…` : body, tag: `portico:${jid}` });
      n.onclick = () => {
        window.focus();
        onClick();
        n.close();
      };
    } catch (e) {
      // some browsers only allow notifications from a service worker; the title still counts
    }
  }

  async #toggleDesktop() {
    if (this.prefs.desktop) {
      this.prefs.desktop = false;
    } else {
      // This runs inside the click handler: the one place the permission may be asked.
      const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
      this.prefs.desktop = permission === 'granted';
    }
    savePrefs(this.prefs);
    this.#show();
  }

  #show() {
    const denied = this.supported && Notification.permission === 'denied';
    this.desktopButton.setAttribute('aria-pressed', String(this.desktopActive));
    this.desktopButton.title = denied ? 'Desktop notifications are blocked in the browser settings'
      : (this.desktopActive ? 'Desktop notifications on' : 'Desktop notifications off');
    this.soundButton.setAttribute('aria-pressed', String(this.prefs.sound));
    this.soundButton.title = this.prefs.sound ? 'Sound on' : 'Sound off';
  }

  // A short two-tone chime made with Web Audio (no sound file to fetch).
  #beep() {
    try {
      this.audio = this.audio || new AudioContext();
      const ctx = this.audio;
      const gain = ctx.createGain();
      gain.connect(ctx.destination);
      gain.gain.setValueAtTime(0.0001, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.35);
      for (const [freq, at] of [[880, 0], [1320, 0.12]]) {
        const osc = ctx.createOscillator();
        osc.frequency.value = freq;
        osc.connect(gain);
        osc.start(ctx.currentTime + at);
        osc.stop(ctx.currentTime + at + 0.2);
      }
    } catch (e) {
      // audio not available
    }
  }
}
