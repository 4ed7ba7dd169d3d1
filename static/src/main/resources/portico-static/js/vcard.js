// vCards (XEP-0054 vcard-temp): the fields the chat shows and edits (full name, nickname, email, photo),
// fetched for any address and published for one's own account.

import { $iq } from '../vendor/strophe.esm.js';
import { bare } from './jid.js';

export const NS_VCARD = 'vcard-temp';

/** An empty card: {fn, nickname, email, photo: {type, data (base64)} | null}. */
export function emptyVCard() {
  return { fn: '', nickname: '', email: '', photo: null };
}

function child(element, name) {
  return element ? [...element.children].find((c) => c.localName === name) || null : null;
}

function text(element, name) {
  const c = child(element, name);
  return c ? c.textContent.trim() : '';
}

/** Reads the fields out of an IQ result (or a <vCard/> element); missing fields are ''. */
export function parseVCard(stanza) {
  const card = emptyVCard();
  const v = stanza && stanza.localName === 'vCard' ? stanza : child(stanza, 'vCard');
  if (!v) return card;
  card.fn = text(v, 'FN');
  card.nickname = text(v, 'NICKNAME');
  const email = child(v, 'EMAIL');
  card.email = email ? (text(email, 'USERID') || email.textContent.trim()) : '';
  const photo = child(v, 'PHOTO');
  const data = text(photo, 'BINVAL').replace(/\s+/g, '');
  if (data) card.photo = { type: text(photo, 'TYPE') || 'image/png', data };
  return card;
}

/** The <iq type='set'/> that publishes `card` as one's own vCard. */
export function vCardSet(card) {
  const iq = $iq({ type: 'set' }).c('vCard', { xmlns: NS_VCARD });
  if (card.fn) iq.c('FN').t(card.fn).up();
  if (card.nickname) iq.c('NICKNAME').t(card.nickname).up();
  if (card.email) iq.c('EMAIL').c('INTERNET').up().c('USERID').t(card.email).up().up();
  if (card.photo) iq.c('PHOTO').c('TYPE').t(card.photo.type).up().c('BINVAL').t(card.photo.data).up().up();
  return iq;
}

/** A data: URL for the photo (img-src allows data:), or null. */
export function photoUrl(card) {
  if (!card || !card.photo || !/^image\/(png|jpeg|gif|webp)$/.test(card.photo.type)) return null;
  if (!/^[A-Za-z0-9+/]+=*$/.test(card.photo.data)) return null;
  return `data:${card.photo.type};base64,${card.photo.data}`;
}

/** XEP-0153 hash of a photo: SHA-1 of the image bytes, lower-case hex. */
export async function photoHash(photo) {
  if (!photo) return '';
  const bytes = Uint8Array.from(atob(photo.data), (ch) => ch.charCodeAt(0));
  const digest = await crypto.subtle.digest('SHA-1', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches and parses the vCard of `jid` (bare unless `full`, for a room occupant; own when `jid` is null).
 * An absent card is empty. */
export async function fetchVCard(client, jid, { full = false } = {}) {
  const attrs = { type: 'get' };
  if (jid) attrs.to = full ? jid : bare(jid);
  try {
    return parseVCard(await client.sendIQ($iq(attrs).c('vCard', { xmlns: NS_VCARD })));
  } catch (error) {
    if (error && error.getAttribute && error.getElementsByTagName('item-not-found').length) return emptyVCard();
    throw error;
  }
}

/** Publishes one's own vCard; resolves when the server accepted it. */
export function publishVCard(client, card) {
  return client.sendIQ(vCardSet(card));
}
