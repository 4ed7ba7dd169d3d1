// The "XML console" panel over a StanzaLog: filter by kind and text, pause/resume, clear, copy.

import { el, byId, clear } from './dom.js';

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false,
});

export class ConsoleView {
  constructor(log) {
    this.log = log;
    this.panel = byId('console');
    this.list = byId('log-entries');
    this.count = byId('log-count');
    this.filterInput = byId('log-filter');
    this.pauseButton = byId('log-pause');
    this.kinds = new Set(['message', 'presence', 'iq', 'other']);
    this.query = '';
    this.paused = false;
    this.pending = 0;
    this.nodes = new Map(); // seq → li

    log.subscribe((event, entry) => this.#onLog(event, entry));
    for (const box of this.panel.querySelectorAll('input[name="kind"]')) {
      box.addEventListener('change', () => {
        if (box.checked) this.kinds.add(box.value); else this.kinds.delete(box.value);
        this.#refilter();
      });
    }
    this.filterInput.addEventListener('input', () => {
      this.query = this.filterInput.value.trim().toLowerCase();
      this.#refilter();
    });
    this.pauseButton.addEventListener('click', () => this.setPaused(!this.paused));
    byId('log-clear').addEventListener('click', () => log.clear());
    byId('log-copy').addEventListener('click', () => this.copy());
  }

  get open() {
    return !this.panel.hidden;
  }

  /** Shows or hides the panel. */
  toggle(open = !this.open) {
    this.panel.hidden = !open;
    if (open) this.#scrollToEnd(true);
  }

  /** Pausing freezes the list; entries keep being recorded and appear on resume. */
  setPaused(paused) {
    this.paused = paused;
    this.pauseButton.setAttribute('aria-pressed', String(paused));
    if (!paused) {
      for (const entry of this.log.entries) {
        if (!this.nodes.has(entry.seq)) this.#append(entry);
      }
      this.pending = 0;
      this.#scrollToEnd(true);
    }
    this.#updateCount();
  }

  /** Copies the visible entries as text. */
  async copy() {
    const text = this.log.entries
      .filter((e) => this.nodes.has(e.seq) && this.#matches(e))
      .map((e) => `[${timeFormat.format(e.time)}] ${e.direction === 'in' ? 'IN ' : 'OUT'} ${e.transport}\n${e.text}`)
      .join('\n\n');
    const button = byId('log-copy');
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch (e) {
      // Clipboard API refused (insecure context, no permission): fall back to a selection.
      const area = el('textarea', { value: text, class: 'offscreen', attrs: { 'aria-hidden': 'true' } });
      document.body.append(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      button.textContent = ok ? 'Copied' : 'Copy failed';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  }

  #onLog(event, entry) {
    if (event === 'clear') {
      clear(this.list);
      this.nodes.clear();
      this.pending = 0;
    } else if (event === 'drop') {
      const node = this.nodes.get(entry.seq);
      if (node) node.remove();
      this.nodes.delete(entry.seq);
    } else if (this.paused) {
      this.pending += 1;
    } else {
      const atEnd = this.#atEnd();
      this.#append(entry);
      if (atEnd) this.#scrollToEnd(false);
    }
    this.#updateCount();
  }

  #append(entry) {
    const incoming = entry.direction === 'in';
    const code = el('pre', { class: 'log-xml' });
    code.append(entry.fragment.cloneNode(true));
    const li = el('li', { class: `log-entry ${incoming ? 'in' : 'out'}`, dataset: { kind: entry.kind } },
      el('div', { class: 'log-meta' },
        el('span', { class: 'log-dir', text: incoming ? '↓ in' : '↑ out', attrs: { title: incoming ? 'received' : 'sent' } }),
        el('time', { class: 'log-time', text: timeFormat.format(entry.time), attrs: { datetime: entry.time.toISOString() } }),
        el('span', { class: `log-kind k-${entry.kind}`, text: entry.name }),
        el('span', { class: 'log-transport', text: entry.transport === 'websocket' ? 'WebSocket' : 'BOSH' })),
      code);
    li.hidden = !this.#matches(entry);
    this.nodes.set(entry.seq, li);
    this.list.append(li);
  }

  #matches(entry) {
    return this.kinds.has(entry.kind) && (!this.query || entry.text.toLowerCase().includes(this.query));
  }

  #refilter() {
    for (const entry of this.log.entries) {
      const node = this.nodes.get(entry.seq);
      if (node) node.hidden = !this.#matches(entry);
    }
    this.#updateCount();
  }

  #updateCount() {
    const shown = this.log.entries.filter((e) => this.nodes.has(e.seq) && this.#matches(e)).length;
    const total = this.log.entries.length;
    this.count.textContent = shown === total ? `${total} frames` : `${shown} of ${total} frames`;
    this.pauseButton.textContent = this.paused ? (this.pending ? `Resume (${this.pending} new)` : 'Resume') : 'Pause';
  }

  #atEnd() {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
  }

  #scrollToEnd(force) {
    if (force || !this.panel.hidden) this.list.scrollTop = this.list.scrollHeight;
  }
}
