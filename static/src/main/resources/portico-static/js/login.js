// The sign-in form: address (or bare user name with the default domain), password, transport, and
// "remember me" (the address and transport only, never the password).

import { byId } from './dom.js';
import { completeJid } from './jid.js';

const REMEMBER_KEY = 'portico.login';

const TRANSPORT_HINTS = {
  auto: 'Auto tries WebSocket first and falls back to BOSH.',
  websocket: 'WebSocket only: one lasting connection, the fastest.',
  bosh: 'BOSH only: plain HTTP requests, for networks that block WebSocket.',
};

// Storage may be unavailable (a third-party frame with storage blocked, private modes): then nothing is
// remembered, and nothing breaks.
const store = {
  available() {
    try {
      return Boolean(window.localStorage);
    } catch (e) {
      return false;
    }
  },
  get() {
    try {
      return JSON.parse(window.localStorage.getItem(REMEMBER_KEY) || 'null');
    } catch (e) {
      return null;
    }
  },
  set(value) {
    try {
      if (value) window.localStorage.setItem(REMEMBER_KEY, JSON.stringify(value));
      else window.localStorage.removeItem(REMEMBER_KEY);
    } catch (e) {
      // not available
    }
  },
};

export class LoginForm {
  /**
   * @param settings page settings (defaultDomain, transport)
   * @param signIn async (jid, password, transport) => void; throws an Error with a sentence for the user
   */
  constructor(settings, signIn) {
    this.settings = settings;
    this.signIn = signIn;
    this.form = byId('login-form');
    this.jid = byId('login-jid');
    this.password = byId('login-password');
    this.remember = byId('login-remember');
    this.error = byId('login-error');
    this.submit = byId('login-submit');
    for (const radio of this.form.querySelectorAll('input[name="transport"]')) {
      radio.addEventListener('change', () => this.#showTransportHint());
    }
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#submit();
    });
  }

  /** Fills the form from what was remembered and focuses the first empty field. */
  restore() {
    this.remember.closest('label').hidden = !store.available();
    const saved = store.get();
    const transport = saved && saved.transport ? saved.transport : this.settings.transport;
    const radio = this.form.querySelector(`input[name="transport"][value="${transport}"]`);
    if (radio) radio.checked = true;
    this.#showTransportHint();
    if (saved && saved.jid) {
      this.jid.value = saved.jid;
      this.remember.checked = true;
      this.password.focus();
    } else {
      this.jid.focus();
    }
  }

  showError(message) {
    this.error.textContent = message || '';
    this.error.hidden = !message;
  }

  setBusy(busy, label = 'Signing in…') {
    this.submit.disabled = busy;
    this.submit.classList.toggle('busy', busy);
    this.submit.querySelector('.label').textContent = busy ? label : 'Sign in';
    for (const input of this.form.querySelectorAll('input')) input.readOnly = busy;
  }

  #transport() {
    const checked = this.form.querySelector('input[name="transport"]:checked');
    return checked ? checked.value : 'auto';
  }

  #showTransportHint() {
    byId('login-transport-hint').textContent = TRANSPORT_HINTS[this.#transport()];
  }

  async #submit() {
    this.showError('');
    const jid = completeJid(this.jid.value, this.settings.defaultDomain);
    if (!jid) {
      this.showError(this.settings.defaultDomain
        ? 'Enter a user name, or a full address like alice@example.com.'
        : 'Enter your full address, like alice@example.com.');
      this.jid.focus();
      return;
    }
    if (!this.password.value) {
      this.showError('Enter your password.');
      this.password.focus();
      return;
    }
    const transport = this.#transport();
    store.set(this.remember.checked ? { jid: this.jid.value.trim(), transport } : null);
    this.setBusy(true);
    try {
      await this.signIn(jid, this.password.value, transport);
      this.password.value = '';
    } catch (error) {
      this.showError(error.message || String(error));
      this.password.select();
    } finally {
      this.setBusy(false);
    }
  }
}
