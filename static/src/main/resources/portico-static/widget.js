/*
 * Portico chat widget loader. Include with
 *   <script src="https://portico.example/widget.js" data-domain="example.com" async></script>
 * Optional: data-to="support@example.com" (open that conversation), data-room="help@conference.example.com"
 * (join that group chat room and open it), data-transport="auto|websocket|bosh",
 * data-label="Chat with us", data-position="right|left".
 * It adds one element (a floating button and, once opened, a panel with an iframe served by Portico) in
 * its own shadow root, and touches nothing else on the page.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = new URL('.', script.src);
  var data = script.dataset;
  var label = data.label || 'Chat with us';
  var left = data.position === 'left';

  function embedUrl() {
    var url = new URL('embed', base);
    if (data.domain) url.searchParams.set('domain', data.domain);
    if (data.to) url.searchParams.set('to', data.to);
    if (data.room) url.searchParams.set('room', data.room);
    if (data.transport) url.searchParams.set('transport', data.transport);
    return url.href;
  }

  var css = [
    ':host{all:initial}',
    '.launcher{position:fixed;bottom:20px;' + (left ? 'left' : 'right') + ':20px;z-index:2147483000;width:58px;height:58px;',
    'border-radius:50%;border:0;cursor:pointer;color:#fff;background:linear-gradient(135deg,#6366f1,#0ea5e9);',
    'box-shadow:0 8px 24px rgba(30,30,60,.28);display:grid;place-items:center;transition:transform .15s}',
    '.launcher:hover{transform:scale(1.06)}',
    '.launcher:focus-visible{outline:3px solid #6366f1;outline-offset:3px}',
    '.launcher svg{width:28px;height:28px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}',
    '.panel{position:fixed;bottom:92px;' + (left ? 'left' : 'right') + ':20px;z-index:2147483000;width:380px;height:600px;',
    'max-width:calc(100vw - 24px);max-height:calc(100vh - 112px);border-radius:18px;overflow:hidden;background:#fff;',
    'box-shadow:0 24px 60px rgba(20,24,40,.3);display:flex;flex-direction:column}',
    '.panel[hidden]{display:none}',
    '.head{display:flex;align-items:center;gap:10px;padding:0 8px 0 16px;height:46px;flex:none;color:#fff;',
    'font:600 15px/1.2 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:linear-gradient(135deg,#6366f1,#0ea5e9)}',
    '.head span{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}',
    '.head button{width:34px;height:34px;border:0;border-radius:10px;background:transparent;color:#fff;cursor:pointer;',
    'display:grid;place-items:center}',
    '.head button:hover{background:rgba(255,255,255,.18)}',
    '.head button:focus-visible{outline:2px solid #fff;outline-offset:1px}',
    '.head svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round}',
    'iframe{border:0;width:100%;flex:1;min-height:0;color-scheme:normal}',
    '@media (max-width:480px){.panel{inset:0;width:auto;height:auto;max-width:none;max-height:none;border-radius:0}',
    '.open .launcher{display:none}}'
  ].join('');

  var chatIcon = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1.1-4.6A8 8 0 1 1 21 12z"/></svg>';
  var minimizeIcon = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 12h12"/></svg>';
  var closeIcon = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>';

  function icon(markup) {
    // Static, constant SVG: parsed with DOMParser as XML, never from page or user data.
    var doc = new DOMParser().parseFromString(markup.replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" '), 'image/svg+xml');
    return document.importNode(doc.documentElement, true);
  }

  function start() {
    if (document.querySelector('[data-portico-widget]')) return; // included twice: one button is enough
    var host = document.createElement('div');
    host.setAttribute('data-portico-widget', '');
    var root = host.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } else {
      var style = document.createElement('style');
      style.textContent = css;
      root.appendChild(style);
    }
    var wrap = document.createElement('div');
    var panel = document.createElement('div');
    panel.className = 'panel';
    panel.hidden = true;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', label);
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'launcher';
    button.setAttribute('aria-label', 'Open chat');
    button.setAttribute('aria-expanded', 'false');
    button.title = label;
    button.appendChild(icon(chatIcon));
    var head = document.createElement('div');
    head.className = 'head';
    var title = document.createElement('span');
    title.textContent = label;
    var minimize = document.createElement('button');
    minimize.type = 'button';
    minimize.setAttribute('aria-label', 'Minimise chat');
    minimize.title = 'Minimise';
    minimize.appendChild(icon(minimizeIcon));
    head.appendChild(title);
    head.appendChild(minimize);
    panel.appendChild(head);
    var frame = null;

    function setOpen(open) {
      if (open && !frame) {
        frame = document.createElement('iframe');
        frame.title = label;
        frame.src = embedUrl();
        frame.setAttribute('allow', 'clipboard-write');
        frame.setAttribute('referrerpolicy', 'no-referrer');
        panel.appendChild(frame);
      }
      panel.hidden = !open;
      wrap.className = open ? 'open' : '';
      button.setAttribute('aria-expanded', String(open));
      button.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
      button.replaceChild(icon(open ? closeIcon : chatIcon), button.firstChild);
      if (open) frame.focus();
    }

    button.addEventListener('click', function () { setOpen(panel.hidden); });
    minimize.addEventListener('click', function () {
      setOpen(false);
      button.focus();
    });
    root.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && !panel.hidden) {
        setOpen(false);
        button.focus();
      }
    });
    wrap.appendChild(panel);
    wrap.appendChild(button);
    root.appendChild(wrap);
    document.body.appendChild(host);
  }

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
}());
