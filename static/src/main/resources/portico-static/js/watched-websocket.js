// A small documented wrapper around Strophe's WebSocket transport, so the rest of the web chat never
// reaches into Strophe's private fields (`conn._proto.socket`). It is registered through Strophe's public
// `Connection.addProtocol()` and chosen with the connection option `protocol: WATCHED_WEBSOCKET`; Strophe's
// XEP-0198 support keeps working because it checks `instanceof Strophe.Websocket`, which a subclass passes.
//
// What it adds:
// - `onClose(event, gotInput)`: how each socket closed (RFC 6455 code), and whether anything arrived first.
//   Strophe itself only reports code 1006 before the stream is open, and no code at all afterwards.
// - `drop()`: closes the socket without an XMPP `<close/>`, which is what a lost network does. Portico then
//   hangs up the server connection without a closing tag, so a session with XEP-0198 resumption stays
//   resumable; the next connection resumes it. (Strophe's `disconnect()` would end the session for good.)
//
// The only inherited members used are `socket` (a public field of Strophe's transport) and `_connect()`,
// the transport's own entry point that a transport class must implement.

import { Strophe } from '../vendor/strophe.esm.js';

/** The protocol name to pass as Strophe's `protocol` option. */
export const WATCHED_WEBSOCKET = 'portico-watched-ws';

const transports = new WeakMap(); // Strophe connection → its WatchedWebsocket

class WatchedWebsocket extends Strophe.Websocket {
  constructor(connection) {
    super(connection);
    this.onClose = null;
    transports.set(connection, this);
  }

  _connect() {
    super._connect();
    const socket = this.socket;
    let gotInput = false;
    socket.addEventListener('message', () => { gotInput = true; });
    socket.addEventListener('close', (event) => {
      if (this.onClose) this.onClose(event, gotInput);
    });
  }

  /** Closes the socket without the XMPP close handshake (as a network loss would). */
  drop() {
    const socket = this.socket;
    if (socket && socket.readyState <= 1) socket.close(4000, 'client reconnecting');
  }
}

Strophe.Connection.addProtocol(WATCHED_WEBSOCKET, WatchedWebsocket);

/** The watched transport of a Strophe connection made with `protocol: WATCHED_WEBSOCKET`, else null. */
export function watchedTransport(connection) {
  return transports.get(connection) || null;
}
