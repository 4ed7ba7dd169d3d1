// Loaded with `node --import` before the unit tests of the web chat's modules. The modules are written for
// the browser: they import Strophe.js from the served `../vendor/` folder and use a few DOM globals. Here
// the vendor import resolves to the npm copy, and @xmldom/xmldom provides the XML DOM that Strophe and the
// stanza code need (no HTML rendering is tested here; the Playwright tests do that).

import { register } from 'node:module';
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';

register('./resolve-vendor.mjs', import.meta.url);

globalThis.document = new DOMImplementation().createDocument(null, null);
globalThis.DOMParser = DOMParser;
globalThis.XMLSerializer = XMLSerializer;
globalThis.Node = { ELEMENT_NODE: 1, TEXT_NODE: 3, CDATA_SECTION_NODE: 4, PROCESSING_INSTRUCTION_NODE: 7, COMMENT_NODE: 8 };

// xmldom implements DOM Level 2; the code under test also uses ParentNode.append (DOM4).
let proto = Object.getPrototypeOf(globalThis.document.createDocumentFragment());
while (proto && !Object.prototype.hasOwnProperty.call(proto, 'appendChild')) proto = Object.getPrototypeOf(proto);
if (proto && !proto.append) {
  proto.append = function append(...nodes) {
    for (const n of nodes) this.appendChild(typeof n === 'string' ? this.ownerDocument.createTextNode(n) : n);
  };
}
