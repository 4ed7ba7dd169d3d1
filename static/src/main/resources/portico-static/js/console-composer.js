// The XML console's composer: type (or start from a template) a raw stanza, check it is well-formed and
// a stanza before sending, and see the reply with the same id next to what was sent. The log itself
// still shows both, with secrets redacted (xml-view.js); so does the exchange box here.

import { byId, clear } from './dom.js';
import { domainOf } from './jid.js';
import { render } from './xml-view.js';
import { checkStanza, fillTemplate } from './stanza-check.js';

const REPLY_TIMEOUT_MS = 15000;

export class ConsoleComposer {
  /**
   * @param log the StanzaLog (replies are found there by id)
   * @param session a function giving {client, chats} while signed in, else null
   */
  constructor(log, session) {
    this.session = session;
    this.form = byId('console-composer');
    this.input = byId('console-input');
    this.error = byId('console-error');
    this.waitingId = null;
    this.timer = null;
    this.parser = new DOMParser();
    for (const button of this.form.querySelectorAll('button[data-template]')) {
      button.addEventListener('click', () => this.useTemplate(button.dataset.template));
    }
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.send();
      }
    });
    log.subscribe((event, entry) => {
      if (event === 'add' && entry.direction === 'in' && this.waitingId && entry.id === this.waitingId) this.#reply(entry);
    });
  }

  /** Puts a template into the composer, with a fresh id and a sensible address. */
  useTemplate(name) {
    const s = this.session();
    const domain = s && s.client.jid ? domainOf(s.client.jid) : 'example.com';
    const to = name === 'message' && s && s.chats.active ? s.chats.active : domain;
    this.input.value = fillTemplate(name, this.#newId(), to);
    this.#showError('');
    this.input.focus();
  }

  /** Checks and sends what is in the composer; returns true when sent. */
  send() {
    const s = this.session();
    const checked = checkStanza(this.input.value, this.parser, this.#newId());
    if (!checked.ok) {
      this.#showError(checked.error);
      this.input.focus();
      return false;
    }
    if (!s || !s.client.send(checked.element)) {
      this.#showError('Not connected: nothing was sent.');
      return false;
    }
    this.#showError('');
    this.waitingId = checked.element.getAttribute('id');
    byId('console-exchange').hidden = false;
    clear(byId('console-sent')).append(render(checked.element).fragment);
    const reply = clear(byId('console-reply'));
    reply.dataset.state = 'waiting';
    reply.textContent = 'Waiting for a reply…';
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (reply.dataset.state !== 'waiting') return;
      reply.dataset.state = 'none';
      reply.textContent = this.waitingId ? 'No reply with this id (messages and presence usually get none).' : '';
      this.waitingId = null;
    }, REPLY_TIMEOUT_MS);
    return true;
  }

  /** Forgets the last exchange (sign-out). */
  reset() {
    clearTimeout(this.timer);
    this.waitingId = null;
    this.input.value = '';
    this.#showError('');
    byId('console-exchange').hidden = true;
    clear(byId('console-sent'));
    clear(byId('console-reply'));
  }

  #reply(entry) {
    this.waitingId = null;
    clearTimeout(this.timer);
    const reply = clear(byId('console-reply'));
    reply.dataset.state = 'replied';
    reply.append(entry.fragment.cloneNode(true));
  }

  #newId() {
    const s = this.session();
    return s ? s.client.nextId('console') : `console-${Date.now().toString(36)}`;
  }

  #showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
  }
}
