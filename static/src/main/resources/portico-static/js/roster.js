// The roster (RFC 6121): contacts with groups and subscription state, their presence per resource, and
// incoming subscription requests. This is the model and the protocol; roster-view.js draws it.

import { $iq, $pres } from '../vendor/strophe.esm.js';
import { bare, resourceOf } from './jid.js';
import { showOf, showRank, childText } from './presence.js';

const NS_ROSTER = 'jabber:iq:roster';

/**
 * Emits `change` whenever anything visible changed; `detail.jid` names the one contact that changed, or
 * is null when the whole roster may have (a load, a reconnect), so views can redraw only what changed.
 */
export class Roster extends EventTarget {
  constructor(client) {
    super();
    this.client = client;
    this.me = null;
    this.items = new Map(); // bare → {jid, name, groups, subscription, ask}
    this.presence = new Map(); // bare → Map(resource → {show, status, priority})
    this.requests = new Map(); // bare → {jid, time}
    this.errors = new Map(); // bare → text of a presence error
    client.addHandler((iq) => this.#onPush(iq), NS_ROSTER, 'iq', 'set');
    client.addHandler((p) => this.#onPresence(p), null, 'presence');
  }

  /** Fetches the roster after (re)connecting; presence from before is stale. */
  async load(me) {
    this.me = bare(me);
    this.presence.clear();
    const result = await this.client.sendIQ($iq({ type: 'get' }).c('query', { xmlns: NS_ROSTER }));
    this.items.clear();
    const query = [...result.children].find((c) => c.localName === 'query');
    for (const item of query ? query.children : []) this.#applyItem(item);
    this.#changed(null);
  }

  /** While disconnected nobody's presence is known: show everyone offline until the server tells again. */
  forgetPresence() {
    if (this.presence.size === 0) return;
    this.presence.clear();
    this.#changed(null);
  }

  /** Display name: roster name, else the address. */
  nameOf(jid) {
    const item = this.items.get(bare(jid));
    if (item && item.name) return item.name;
    return bare(jid);
  }

  /** {show, status, resources: [{resource, show, status, priority}]} — the best resource first. */
  presenceOf(jid) {
    const map = this.presence.get(bare(jid));
    const resources = map ? [...map.entries()].map(([resource, p]) => ({ resource, ...p })) : [];
    resources.sort((a, b) => (b.priority - a.priority) || (showRank(a.show) - showRank(b.show)));
    if (resources.length === 0) return { show: 'offline', status: '', resources };
    return { show: resources[0].show, status: resources[0].status, resources };
  }

  /** Group names in use, sorted. */
  groupNames() {
    const names = new Set();
    for (const item of this.items.values()) item.groups.forEach((g) => names.add(g));
    return [...names].sort((a, b) => a.localeCompare(b));
  }

  /** Adds (or renames/regroups) a contact and asks to see their presence. */
  async add(jid, name, group) {
    const item = { jid: bare(jid) };
    if (name) item.name = name;
    const iq = $iq({ type: 'set' }).c('query', { xmlns: NS_ROSTER }).c('item', item);
    if (group) iq.c('group').t(group);
    await this.client.sendIQ(iq);
    const existing = this.items.get(bare(jid));
    if (!existing || (existing.subscription !== 'to' && existing.subscription !== 'both')) {
      this.client.send($pres({ to: bare(jid), type: 'subscribe' }));
    }
  }

  /** Removes a contact (the server also cancels both subscriptions). */
  async remove(jid) {
    await this.client.sendIQ($iq({ type: 'set' }).c('query', { xmlns: NS_ROSTER })
      .c('item', { jid: bare(jid), subscription: 'remove' }));
  }

  /** Approves a request, and asks back so that both see each other. */
  approve(jid) {
    const b = bare(jid);
    this.client.send($pres({ to: b, type: 'subscribed' }));
    const item = this.items.get(b);
    if (!item || (item.subscription !== 'to' && item.subscription !== 'both' && item.ask !== 'subscribe')) {
      this.client.send($pres({ to: b, type: 'subscribe' }));
    }
    this.requests.delete(b);
    this.#changed(b);
  }

  /** Denies a request. */
  deny(jid) {
    const b = bare(jid);
    this.client.send($pres({ to: b, type: 'unsubscribed' }));
    this.requests.delete(b);
    this.#changed(b);
  }

  #onPush(iq) {
    const from = iq.getAttribute('from');
    if (from && bare(from) !== this.me) return; // only our own server may push (RFC 6121 §2.1.6)
    const query = [...iq.children].find((c) => c.localName === 'query');
    const items = query ? [...query.children].filter((c) => c.localName === 'item') : [];
    for (const item of items) this.#applyItem(item);
    this.client.send($iq({ type: 'result', id: iq.getAttribute('id') }));
    this.#changed(items.length === 1 ? bare(items[0].getAttribute('jid')) : null);
  }

  #applyItem(item) {
    if (item.localName !== 'item') return;
    const jid = bare(item.getAttribute('jid'));
    const subscription = item.getAttribute('subscription') || 'none';
    if (subscription === 'remove') {
      this.items.delete(jid);
      this.presence.delete(jid);
      return;
    }
    const groups = [...item.children].filter((c) => c.localName === 'group')
      .map((g) => g.textContent.trim()).filter(Boolean);
    this.items.set(jid, {
      jid,
      name: item.getAttribute('name') || '',
      groups,
      subscription,
      ask: item.getAttribute('ask') || '',
    });
    if (subscription === 'both' || subscription === 'from') this.requests.delete(jid);
  }

  #onPresence(p) {
    const from = p.getAttribute('from') || '';
    const jid = bare(from);
    const type = p.getAttribute('type') || 'available';
    if (!jid || jid === this.me) return;
    switch (type) {
      case 'available': {
        let map = this.presence.get(jid);
        if (!map) this.presence.set(jid, map = new Map());
        const priority = Number.parseInt(childText(p, 'priority'), 10);
        map.set(resourceOf(from), {
          show: showOf(p),
          status: childText(p, 'status').trim(),
          priority: Number.isFinite(priority) ? priority : 0,
        });
        this.errors.delete(jid);
        break;
      }
      case 'unavailable': {
        const map = this.presence.get(jid);
        if (map) {
          map.delete(resourceOf(from));
          if (map.size === 0) this.presence.delete(jid);
        }
        break;
      }
      case 'subscribe': {
        const item = this.items.get(jid);
        if (item && (item.subscription === 'from' || item.subscription === 'both')) {
          this.client.send($pres({ to: jid, type: 'subscribed' })); // already approved
        } else if (item && (item.subscription === 'to' || item.ask === 'subscribe')) {
          // We asked to see them first: they ask back, so the request was meant mutually.
          this.client.send($pres({ to: jid, type: 'subscribed' }));
        } else {
          this.requests.set(jid, { jid, time: new Date() });
          this.dispatchEvent(new CustomEvent('request', { detail: { jid } }));
        }
        break;
      }
      case 'unsubscribed':
        this.presence.delete(jid);
        break;
      case 'error':
        this.errors.set(jid, childText(p, 'error') || 'presence error');
        break;
      default:
        return;
    }
    this.#changed(jid);
  }

  #changed(jid) {
    this.dispatchEvent(new CustomEvent('change', { detail: { jid } }));
  }
}
