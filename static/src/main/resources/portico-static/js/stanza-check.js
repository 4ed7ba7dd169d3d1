// Checks what a person typed in the XML console before it is sent: exactly one well-formed element, a
// stanza (message, presence or iq), nothing the gateway refuses (DOCTYPE, processing instructions,
// comments). Portico would end the whole session with a stream error for those; here they are refused
// with a sentence instead. Also the templates the composer offers.

const STANZAS = new Set(['message', 'presence', 'iq']);

/** Text templates; `{id}` is replaced by a fresh id and `{to}` by an address. */
export const TEMPLATES = Object.freeze({
  message: "<message to='{to}' type='chat' id='{id}'>\n  <body>Hello</body>\n</message>",
  presence: "<presence id='{id}'>\n  <show>away</show>\n  <status>Back soon</status>\n</presence>",
  iq: "<iq type='get' to='{to}' id='{id}'>\n  <query xmlns='jabber:iq:version'/>\n</iq>",
});

/** The template `name` with `id` and `to` filled in. */
export function fillTemplate(name, id, to) {
  return TEMPLATES[name].replaceAll('{id}', id).replaceAll('{to}', to);
}

function parseErrorOf(doc) {
  const errors = doc.getElementsByTagName('parsererror');
  if (errors.length === 0) return null;
  return (errors[0].textContent || 'not well-formed').trim().split('\n')[0];
}

/**
 * {ok: true, element} with the parsed stanza (xmlns jabber:client added when it has none, and an id when
 * `newId` is given and it has none), or {ok: false, error} with a sentence.
 * @param parser a DOMParser instance
 */
export function checkStanza(text, parser, newId) {
  const source = String(text || '').trim();
  if (!source) return { ok: false, error: 'Type a stanza first.' };
  if (/<!DOCTYPE|<!ENTITY/i.test(source)) return { ok: false, error: 'DOCTYPE and entity declarations are not allowed in XMPP.' };
  let doc;
  try {
    doc = parser.parseFromString(source, 'text/xml');
  } catch (e) {
    return { ok: false, error: `Not well-formed XML: ${String(e.message || e).split('\n')[0]}` };
  }
  const problem = parseErrorOf(doc);
  if (problem || !doc.documentElement) return { ok: false, error: `Not well-formed XML: ${problem || 'no element'}` };
  for (const node of [...doc.childNodes]) {
    if (node.nodeType === Node.PROCESSING_INSTRUCTION_NODE || node.nodeType === Node.COMMENT_NODE) {
      return { ok: false, error: 'Processing instructions and comments are not allowed in XMPP.' };
    }
  }
  const element = doc.documentElement;
  if (hasForbidden(element)) return { ok: false, error: 'Processing instructions and comments are not allowed in XMPP.' };
  if (!STANZAS.has(element.localName) || element.prefix) {
    return { ok: false, error: `Only <message>, <presence> and <iq> can be sent, not <${element.nodeName}>.` };
  }
  const ns = element.getAttribute('xmlns');
  if (ns && ns !== 'jabber:client') return { ok: false, error: `A stanza's namespace is jabber:client, not ${ns}.` };
  if (!ns) element.setAttribute('xmlns', 'jabber:client');
  if (element.localName === 'iq' && !['get', 'set', 'result', 'error'].includes(element.getAttribute('type'))) {
    return { ok: false, error: "An <iq> needs type='get', 'set', 'result' or 'error'." };
  }
  if (!element.getAttribute('id') && newId) element.setAttribute('id', newId);
  return { ok: true, element };
}

function hasForbidden(element) {
  for (const node of [...element.childNodes]) {
    if (node.nodeType === Node.PROCESSING_INSTRUCTION_NODE || node.nodeType === Node.COMMENT_NODE) return true;
    if (node.nodeType === Node.ELEMENT_NODE && hasForbidden(node)) return true;
  }
  return false;
}
