/* The contact log's service worker: keeps the record form and its stylesheets and scripts on
   the phone, so the form opens with no connection. Served from /p/<programme>/contacts/sw.js,
   so it controls that programme's contact pages only.

   Pages: network first (always the newest when online), the stored copy when offline.
   A form sent while the connection drops: answered with the form again and `?unsent=1`, so
   the page keeps that record on the phone (offline.js).
   Signing out, or another person signing in, deletes the pages kept here (core/phone.js). */

const CACHE = "bridges-contacts-v1";
const SCOPE = new URL("./", self.location).href; // /p/<programme>/contacts/
const FORM = SCOPE + "new/";
const isForm = (url) => new URL(url).pathname === new URL(FORM).pathname;

// Store the form and every stylesheet and script it links (read from its HTML).
async function storeForm() {
  const cache = await caches.open(CACHE);
  const response = await fetch(FORM, { credentials: "same-origin" });
  if (!response.ok || response.redirected) return; // not a networker here: nothing to keep
  const html = await response.clone().text();
  await cache.put(FORM, response);
  const assets = [...html.matchAll(/<(?:link|script)\b[^>]*?(?:href|src)="([^"]+\.(?:css|js))"/g)]
    .map((match) => new URL(match[1].replace(/&amp;/g, "&"), FORM))
    .filter((url) => url.origin === self.location.origin);
  await cache.addAll(assets.map(String));
}

self.addEventListener("install", (event) => {
  event.waitUntil(storeForm().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

// Network first; a good answer to a GET replaces the stored copy of anything already kept.
async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    const form = request.mode === "navigate" && isForm(request.url);
    if (response.ok && !response.redirected && (form || (await cache.match(request)))) {
      await cache.put(form ? FORM : request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    if (kept) return kept;
    if (request.mode === "navigate") {
      const form = await cache.match(FORM);
      if (form) return form;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  if (request.method === "GET") {
    event.respondWith(networkFirst(request));
  } else if (request.method === "POST" && request.mode === "navigate" && isForm(request.url)) {
    // The form was sent but the connection failed: show the form again, flagged, and the
    // page stores the record it had just sent (it kept a copy before sending).
    event.respondWith(fetch(request).catch(() => Response.redirect(FORM + "?unsent=1", 303)));
  }
});
