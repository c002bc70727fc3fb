// The field app's service worker (served at /sw.js, scope /): keeps the volunteer's pages and
// their assets on the phone so that a day without signal still has the worklist and every
// plate's card. Registered by field_store.js on /field and the volunteer's address page.
"use strict";
const SHELL = "diachiso-shell-v1";   // the assets: the same for every user
const PAGES = "diachiso-pages-v1";   // /field, the worklist, address pages: the user's own
const WAIT_MS = 4000;                // a weak signal loses to the cache after this long
const ASSETS = [
  "/static/site.css", "/static/field.css", "/static/field.js", "/static/field_store.js",
  "/static/field_card.js", "/static/field_card.css", "/static/field_scan.js",
  "/static/field_scan.css", "/static/address.js",
  "/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css",
  "/static/leaflet/images/marker-icon.png", "/static/leaflet/images/marker-shadow.png",
  "/static/leaflet/images/layers.png",
];
// Never kept: signing in and out must reach the server, and a kept sign-in page would show a
// signed-out form after sign-in.
const NEVER = /^\/(signin|signout|sw\.js|console)(\/|$)/;
const NETWORK_FIRST = /^\/(field$|A\/[^/]+$|api\/field\/worklist$)/;

self.addEventListener("install", (event) => {
  // Each on its own: an asset missing from this version of the app must not stop the others.
  // A refusal's body is read to its end, since an unread one holds its connection open (and
  // six of them stall every later request to the site).
  const one = (cache, url) => fetch(url).then((r) => (r.ok ? cache.put(url, r) : r.arrayBuffer()))
    .catch(() => undefined);
  event.waitUntil(caches.open(SHELL)
    .then((cache) => Promise.all(ASSETS.map((url) => one(cache, url))))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const current = [SHELL, PAGES];
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => !current.includes(n)).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

function keep(cacheName, request, response) {
  if (response && response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(cacheName).then((cache) => cache.put(request, copy));
  }
  return response;
}

// An answer nobody will read is read to its end all the same: an unread body holds its
// connection, and six such stall every later request to the site.
const drain = (answer) => answer.then((r) => r && r.arrayBuffer()).catch(() => undefined);

// The network's answer, or after WAIT_MS the kept one (the network still refreshes the cache).
// Assets too: with signal the phone always runs the app's current version, never last week's
// script beside today's page.
function networkFirst(request, cacheName, fallback) {
  const fresh = fetch(request).then((r) => keep(cacheName, request, r));
  const late = new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  const kept = () => caches.match(request).then((hit) => hit || fallback());
  return Promise.race([fresh.catch(() => null), late.then(() => "late")]).then((r) => {
    if (r && r !== "late") return r;
    return kept().then((hit) => {
      if (!hit) return fresh;
      drain(fresh);
      return hit;
    });
  });
}

// A plate's page never opened here: the kept worklist page, whose script opens that plate's
// card from the kept worklist (it reads the code from the address bar).
function shellFor(url) {
  if (!url.pathname.startsWith("/A/")) return Promise.resolve(undefined);
  return caches.open(PAGES).then((cache) => cache.match("/field", { ignoreSearch: true }));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only this site's reads: writes go to the server (the page queues them itself).
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NEVER.test(url.pathname)) return;
  if (NETWORK_FIRST.test(url.pathname)) {
    event.respondWith(networkFirst(request, PAGES, () => shellFor(url)));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(networkFirst(request, SHELL, () => Promise.resolve(undefined)));
  }
});
