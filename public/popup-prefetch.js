// Classic script, first in the popup's <head>: it starts reading the cached keys and plan
// (non-secret data) before the styles and the app's modules load, so the app's first render has
// them; and when the view the popup last showed was made from exactly this cache, it puts that
// view on screen right away (inert until the app takes over a few tens of milliseconds later).
// It reads the instant-open copy in storage.session first (faster, lib/storage.ts), and the
// durable copy in storage.local only when that is empty.
(function () {
  var api = (typeof browser !== 'undefined' && browser) || (typeof chrome !== 'undefined' && chrome);
  var KEYS = ['cache', 'popupSnapshot'];

  // The read can answer before the parser has reached <div id="root"> (this script is in <head>):
  // then the snapshot goes in as soon as the root exists. Resolves once it is in (or not wanted).
  function whenRoot() {
    var root = document.getElementById('root');
    if (root || document.readyState !== 'loading') return Promise.resolve(root);
    return new Promise(function (resolve) {
      function done() {
        observer.disconnect();
        document.removeEventListener('DOMContentLoaded', done);
        resolve(document.getElementById('root'));
      }
      var observer = new MutationObserver(function () {
        if (document.getElementById('root')) done();
      });
      observer.observe(document, { childList: true, subtree: true });
      document.addEventListener('DOMContentLoaded', done);
    });
  }

  function show(items) {
    var cache = items && items.cache ? items.cache : null;
    var snapshot = items && items.popupSnapshot;
    if (!cache || !snapshot || snapshot.cacheUpdatedAt !== cache.updatedAt) return cache;
    return whenRoot().then(function (root) {
      if (root && !root.firstChild) {
        // DOMParser, not innerHTML: nothing in the snapshot can run (the CSP forbids it anyway).
        var doc = new DOMParser().parseFromString(snapshot.html, 'text/html');
        root.inert = true;
        root.replaceChildren.apply(root, Array.prototype.slice.call(doc.body.childNodes));
      }
      return cache;
    });
  }

  try {
    window.__kbCache = api.storage.session
      .get(KEYS)
      .then(function (items) {
        return items && items.cache ? items : api.storage.local.get(KEYS);
      })
      .then(show);
  } catch {
    window.__kbCache = Promise.resolve(null);
  }
})();
