/* bf.js, BrightFunnel web tracking. Records page views and identify events for the site named by
   the script tag's data-site. Nothing is recorded while the browser sends Do-Not-Track, nor until
   the page calls bf.consent(true); the consent is kept in a first-party cookie (bf_consent), the
   visitor id in another (bf_vid). Calls made before this script loads wait in the stub's queue:
   window.bf=window.bf||{q:[],consent:function(v){this.q.push(['consent',v])},identify:function(e){this.q.push(['identify',e])}}; */
(function (w, d) {
  'use strict';
  var queued = (w.bf && w.bf.q) || [];
  var me = d.currentScript || d.querySelector('script[data-site]');
  if (!me || !me.getAttribute('data-site')) return;
  var endpoint = new URL('/e/v1/' + encodeURIComponent(me.getAttribute('data-site')), me.src || location.href).href;
  var dnt = navigator.doNotTrack === '1' || navigator.doNotTrack === 'yes' || w.doNotTrack === '1' || navigator.msDoNotTrack === '1';
  var VISITOR = 'bf_vid', CONSENT = 'bf_consent', TWO_YEARS = 63072000;
  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  var pending = [], timer = null, visitor = null, pageSent = false;

  function cookie(name) {
    var m = d.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function setCookie(name, value, maxAge) {
    d.cookie = name + '=' + encodeURIComponent(value) + '; Path=/; Max-Age=' + maxAge + '; SameSite=Lax' +
      (location.protocol === 'https:' ? '; Secure' : '');
  }
  function uuid() {
    if (w.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
  }
  function enabled() { return !dnt && cookie(CONSENT) === '1'; }
  function record(e) {
    if (!enabled()) return false;
    if (!visitor) { visitor = cookie(VISITOR) || uuid(); setCookie(VISITOR, visitor, TWO_YEARS); }
    e.id = uuid(); e.visitor = visitor; e.ts = Date.now();
    pending.push(e);
    if (!timer) timer = setTimeout(flush, 1000);
    return true;
  }
  function flush() {
    clearTimeout(timer); timer = null;
    if (!pending.length) return;
    var body = JSON.stringify({ sent: Date.now(), events: pending.splice(0, pending.length) });
    // text/plain keeps it a simple CORS request (no preflight); keepalive lets it finish while the page unloads.
    try {
      fetch(endpoint, { method: 'POST', body: body, keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain' } })
        .catch(function () {});
    } catch (x) { /* an old browser: the events are lost, the page is not disturbed */ }
  }
  function page() { pageSent = record({ type: 'page', url: location.href, referrer: d.referrer || null, title: d.title || null }) || pageSent; }
  function identify(email) {
    if (typeof email !== 'string' || !EMAIL.test(email.trim())) return;
    // Sent at once: an identify usually comes with a form that leaves the page.
    if (record({ type: 'identify', email: email.trim(), url: location.href })) flush();
  }
  function consent(on) {
    if (on) { setCookie(CONSENT, '1', TWO_YEARS); if (!pageSent) page(); return; }
    setCookie(CONSENT, '', 0); setCookie(VISITOR, '', 0);
    visitor = null; pending = [];
  }

  d.addEventListener('submit', function (ev) {
    var fields = ev.target && ev.target.elements;
    if (!fields) return;
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (typeof f.value === 'string' && (f.type === 'email' || /e-?mail/i.test(f.name || '')) && EMAIL.test(f.value.trim())) {
        identify(f.value);
        return;
      }
    }
  }, true);
  d.addEventListener('visibilitychange', function () { if (d.visibilityState === 'hidden') flush(); });
  w.addEventListener('pagehide', flush);

  var api = { consent: consent, identify: identify, page: page, flush: flush, enabled: enabled, loaded: true };
  w.bf = api;
  for (var i = 0; i < queued.length; i++) {
    var call = queued[i];
    if (typeof api[call[0]] === 'function') api[call[0]].apply(null, Array.prototype.slice.call(call, 1));
  }
  if (!pageSent) page();
})(window, document);
