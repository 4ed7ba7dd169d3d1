// Small DOM helpers. Everything that comes from the network is inserted as text (textContent or text
// nodes), never parsed as HTML: there is deliberately no innerHTML anywhere in the chat.

/**
 * Creates an element. `props` may hold `class`, `text`, `dataset`, `attrs`, `on` (event listeners) and
 * any plain property (`type`, `value`, `hidden`…). Children are nodes or strings (strings become text).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'attrs') for (const [a, v] of Object.entries(value)) { if (v !== null && v !== undefined) node.setAttribute(a, v); }
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else node[key] = value;
  }
  append(node, children);
  return node;
}

/** Appends nodes or strings (as text) to `parent`, flattening arrays and skipping null. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Removes every child of `node`. */
export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/** Shorthand for document.getElementById that fails loudly when the template lacks the element. */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node;
}

/** Two-letter initials for an avatar, from a display name or address. */
export function initials(name) {
  const clean = String(name || '?').replace(/@.*$/, '').trim();
  const words = clean.split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[1][0] : clean.slice(0, 2);
  return letters.toUpperCase() || '?';
}

/** A stable hue (0–359) for an address, so each contact keeps its avatar colour. */
export function hueOf(text) {
  let h = 0;
  for (const ch of String(text)) h = (h * 31 + ch.codePointAt(0)) % 360;
  return h;
}

/** Fills an avatar element with initials and a per-contact colour (a CSS custom property, not a style attribute). */
export function paintAvatar(node, name, jid) {
  node.textContent = initials(name || jid);
  node.style.setProperty('--hue', String(hueOf(jid || name)));
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });

/** "14:05" */
export function shortTime(date) { return timeFormat.format(date); }
/** "25 Nov 2026, 14:05:12" */
export function fullTime(date) { return fullFormat.format(date); }
/** "Today", "Yesterday" or "Wednesday, 25 November" */
export function dayLabel(date) {
  const today = new Date();
  const start = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const diff = Math.round((start(today) - start(date)) / 86400000);
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Yesterday';
  return dayFormat.format(date);
}

/** A composer: the form's submit and Enter in `input` (Shift+Enter starts a new line) call `submit()`. */
export function wireComposer(form, input, submit, opts) {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  }, opts);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  }, opts);
}
