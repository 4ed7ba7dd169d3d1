/**
 * The web chat and the embeddable widget, served by Portico itself: {@link dev.portico.web.WebClientHandler}
 * renders the Thymeleaf pages ({@code /}, {@code /embed}), serves the widget loader ({@code /widget.js}) and
 * the static assets of {@code portico-static} under {@code /static/}, each with its Content-Security-Policy.
 * The live part runs in the browser (Strophe.js over Portico's own WebSocket and BOSH endpoints); this
 * package knows nothing of XMPP sessions and does not depend on the connection manager.
 */
package dev.portico.web;
