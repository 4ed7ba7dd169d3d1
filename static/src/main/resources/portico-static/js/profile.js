// Editing one's own vCard: full name, nickname, email and a picture. The picture is scaled down in the
// browser (a canvas, centre-cropped to a square of AVATAR_SIZE pixels) and sent as PNG, or as JPEG when
// the PNG would be large (photos), so the vCard stays small.

import { byId } from './dom.js';
import { emptyVCard, fetchVCard, publishVCard } from './vcard.js';

export const AVATAR_SIZE = 96;
const PNG_LIMIT = 48 * 1024; // base64 characters; above this a photo goes as JPEG

/** {type, data (base64)} of `file` scaled to a square avatar. */
export async function scaleImage(file, size = AVATAR_SIZE) {
  const bitmap = await createImageBitmap(file);
  try {
    const side = Math.min(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, size, size);
    let url = canvas.toDataURL('image/png');
    if (url.length > PNG_LIMIT) url = canvas.toDataURL('image/jpeg', 0.85);
    const [head, data] = url.split(',');
    return { type: head.slice(5, head.indexOf(';')), data };
  } finally {
    bitmap.close();
  }
}

export class ProfileEditor {
  /**
   * @param client the XmppClient
   * @param avatars remembers the new picture (and gives its hash for presence)
   * @param me own bare JID (a function, it is known after binding)
   * @param onPublished called with the photo hash after the server accepted the card
   */
  constructor(client, avatars, me, onPublished, signal) {
    this.client = client;
    this.avatars = avatars;
    this.me = me;
    this.onPublished = onPublished;
    this.dialog = byId('profile-dialog');
    this.form = byId('profile-form');
    this.error = byId('profile-error');
    this.card = emptyVCard();
    this.photo = null;
    const opts = { signal };
    byId('profile-cancel').addEventListener('click', () => this.dialog.close(), opts);
    byId('profile-photo-remove').addEventListener('click', () => this.#setPhoto(null), opts);
    byId('profile-photo-input').addEventListener('change', (e) => this.#pick(e.target), opts);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#save();
    }, opts);
  }

  /** Loads the current card into the form and shows it. */
  async open() {
    this.#showError('');
    this.form.reset();
    this.dialog.showModal();
    byId('profile-save').disabled = true;
    try {
      this.card = await fetchVCard(this.client, null);
    } catch (e) {
      this.card = emptyVCard();
    }
    byId('profile-fn').value = this.card.fn;
    byId('profile-nickname').value = this.card.nickname;
    byId('profile-email').value = this.card.email;
    this.#setPhoto(this.card.photo);
    byId('profile-save').disabled = false;
  }

  #setPhoto(photo) {
    this.photo = photo;
    const preview = byId('profile-avatar');
    const me = this.me();
    preview.replaceChildren();
    preview.classList.toggle('has-photo', Boolean(photo));
    if (photo) {
      const img = document.createElement('img');
      img.alt = '';
      img.src = `data:${photo.type};base64,${photo.data}`;
      preview.append(img);
    } else {
      preview.textContent = (byId('profile-nickname').value || me || '?').slice(0, 2).toUpperCase();
    }
    byId('profile-photo-remove').hidden = !photo;
  }

  async #pick(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    try {
      this.#setPhoto(await scaleImage(file));
      this.#showError('');
    } catch (e) {
      this.#showError('That file is not a picture this browser can read.');
    }
    input.value = '';
  }

  async #save() {
    const card = {
      fn: byId('profile-fn').value.trim(),
      nickname: byId('profile-nickname').value.trim(),
      email: byId('profile-email').value.trim(),
      photo: this.photo,
    };
    byId('profile-save').disabled = true;
    try {
      await publishVCard(this.client, card);
      this.card = card;
      const hash = await this.avatars.remember(this.me(), card);
      this.onPublished(hash);
      this.dialog.close();
    } catch (e) {
      this.#showError('The server did not accept the profile.');
    } finally {
      byId('profile-save').disabled = false;
    }
  }

  #showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
  }
}
