// Classic script in the popup's <head>: starts reading the cached keys and plan while the
// JavaScript modules are still loading, so the first render has data. Non-secret data only.
(function () {
  var api = (typeof browser !== 'undefined' && browser) || (typeof chrome !== 'undefined' && chrome);
  try {
    window.__kbCache = api.storage.local.get('cache').then(function (items) {
      return items && items.cache ? items.cache : null;
    });
  } catch {
    window.__kbCache = Promise.resolve(null);
  }
})();
