// Pretty-prints an XML element as indented, syntax-highlighted DOM (spans built with text nodes, never
// markup) and as plain text for copying. Secrets are replaced by "[redacted]" in both: SASL payloads,
// and passwords in in-band registration (XEP-0077, also password changes) and legacy auth (XEP-0078),
// typed in the XML console.

const SASL_NS = 'urn:ietf:params:xml:ns:xmpp-sasl';
const SECRET_SASL = new Set(['auth', 'response', 'challenge', 'success']);
const PASSWORD_NS = new Set(['jabber:iq:register', 'jabber:iq:auth']);
const SECRET_FIELDS = new Set(['password', 'digest']);
const INDENT = '  ';

/** The element's namespace as written (Strophe-built elements carry it only as an xmlns attribute). */
export function namespaceOf(element) {
  return element.getAttribute('xmlns') || element.namespaceURI || '';
}

/** The namespace in scope for the element: its own, else the nearest ancestor's. */
function namespaceInScope(element) {
  for (let e = element; e && e.nodeType === Node.ELEMENT_NODE; e = e.parentNode) {
    const ns = namespaceOf(e);
    if (ns) return ns;
  }
  return '';
}

/** True inside a registration or legacy-auth query, where data-form fields can carry the password too. */
function inPasswordQuery(element) {
  for (let e = element; e && e.nodeType === Node.ELEMENT_NODE; e = e.parentNode) {
    if (PASSWORD_NS.has(namespaceOf(e))) return true;
  }
  return false;
}

/** True for elements whose text carries credentials or proofs. */
export function isSecret(element) {
  if (SECRET_SASL.has(element.localName) && namespaceOf(element) === SASL_NS) return true;
  if (SECRET_FIELDS.has(element.localName) && PASSWORD_NS.has(namespaceInScope(element))) return true;
  // <field var='password'> of a data form (XEP-0004) inside such a query.
  return element.localName === 'field' && /password/i.test(element.getAttribute('var') || '')
    && inPasswordQuery(element);
}

function escapeText(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(text) {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** A sink collecting both highlighted DOM and plain text. */
class Printer {
  constructor() {
    this.fragment = document.createDocumentFragment();
    this.text = '';
  }

  put(cls, text) {
    this.text += text;
    if (cls) {
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = text;
      this.fragment.append(span);
    } else {
      this.fragment.append(document.createTextNode(text));
    }
  }

  openTag(element, close) {
    this.put('x-p', '<');
    this.put('x-t', element.nodeName);
    for (const attr of element.attributes) {
      this.put(null, ' ');
      this.put('x-a', attr.name);
      this.put('x-p', '="');
      this.put('x-v', escapeAttr(attr.value));
      this.put('x-p', '"');
    }
    this.put('x-p', close ? '/>' : '>');
  }

  closeTag(element) {
    this.put('x-p', '</');
    this.put('x-t', element.nodeName);
    this.put('x-p', '>');
  }
}

function print(p, element, depth) {
  const pad = INDENT.repeat(depth);
  p.put(null, pad);
  if (isSecret(element)) {
    p.openTag(element, false);
    p.put('x-redacted', '[redacted]');
    p.closeTag(element);
    return;
  }
  const children = [...element.childNodes].filter((n) => n.nodeType === Node.ELEMENT_NODE
      || ((n.nodeType === Node.TEXT_NODE || n.nodeType === Node.CDATA_SECTION_NODE) && n.nodeValue.trim() !== ''));
  if (children.length === 0) {
    p.openTag(element, true);
    return;
  }
  if (children.every((n) => n.nodeType !== Node.ELEMENT_NODE)) {
    p.openTag(element, false);
    p.put('x-x', escapeText(children.map((n) => n.nodeValue).join('')));
    p.closeTag(element);
    return;
  }
  p.openTag(element, false);
  for (const child of children) {
    p.put(null, '\n');
    if (child.nodeType === Node.ELEMENT_NODE) {
      print(p, child, depth + 1);
    } else {
      p.put(null, pad + INDENT);
      p.put('x-x', escapeText(child.nodeValue.trim()));
    }
  }
  p.put(null, '\n' + pad);
  p.closeTag(element);
}

/** {fragment, text}: the element pretty-printed, with secrets redacted. */
export function render(element) {
  const p = new Printer();
  print(p, element, 0);
  return { fragment: p.fragment, text: p.text };
}
