/* On every signed-in page: the records this phone keeps for the signed-in person and has not
   sent yet (the apps' offline queues, see bridges/core/offline.py), read from IndexedDB with no
   request to the server.

   - The badge shows their count, flagged when one has waited more than a day or was refused.
   - Signing out while some wait goes to the sign-out page with the count, which warns first.
   - Signing out, or another person signing in on this phone, forgets every page a service
     worker kept (they may show someone's data); scripts and stylesheets stay.
   Without JavaScript there is no queue, and the badge stays hidden. */
(function () {
  "use strict";
  const badge = document.getElementById("unsent-badge");
  if (!badge || !window.indexedDB) return;
  const text = badge.dataset;
  const DAY = 24 * 60 * 60 * 1000;
  const PERSON = "bridges-person"; // who was last signed in on this phone (localStorage)

  // One queue's records; a queue this phone never had is not made here.
  function read({ database, store }) {
    return new Promise((resolve) => {
      const open = indexedDB.open(database);
      open.onupgradeneeded = () => open.transaction.abort();
      open.onerror = () => resolve([]);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains(store)) {
          db.close();
          return resolve([]);
        }
        const all = db.transaction(store).objectStore(store).getAll();
        all.onsuccess = () => resolve(all.result);
        all.onerror = () => resolve([]);
        db.close(); // closes once the reading is done
      };
    });
  }

  async function unsent() {
    const lists = await Promise.all(JSON.parse(text.queues || "[]").map(read));
    return lists
      .flat()
      .filter((item) => String(item.user) === text.user)
      .sort((a, b) => a.queued_at - b.queued_at);
  }

  async function forgetPages() {
    if (!window.caches) return;
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const kept = await cache.match(request);
        const type = kept ? kept.headers.get("Content-Type") || "" : "";
        if (type.startsWith("text/html")) await cache.delete(request);
      }
    }
  }

  async function show() {
    const items = await unsent();
    const old = items.some((item) => Date.now() - item.queued_at > DAY);
    const refused = items.some((item) => item.status !== "waiting");
    badge.hidden = items.length === 0;
    badge.textContent = `${text.label} ${items.length}`;
    if (old) badge.textContent += ` ${text.old}`;
    if (refused) badge.textContent += ` ${text.refused}`;
    badge.classList.toggle("unsent-badge-flagged", old || refused);
    const review = items.find((item) => item.review);
    if (review) {
      badge.href = review.review;
      for (const link of document.querySelectorAll("a[data-unsent-review]")) link.href = review.review;
    }
    // A page may hold a place for the count too (the networker's Today page).
    const slot = document.getElementById("unsent-count");
    if (slot) {
      const label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = text.label;
      slot.replaceChildren(label, String(items.length));
      slot.hidden = items.length === 0;
      slot.classList.add("unsent-count");
      slot.classList.toggle("unsent-badge-flagged", old || refused);
    }
    badge.dataset.count = items.length; // read by the browser tests
    return items;
  }

  // Signing out: warn first while records wait; then forget the kept pages.
  for (const form of document.querySelectorAll("form[data-signout]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const items = await unsent().catch(() => []);
      if (items.length && !form.hasAttribute("data-signout-confirmed")) {
        const warning = new URL(form.action, location.href);
        warning.searchParams.set("unsent", items.length);
        location.assign(warning);
        return;
      }
      await forgetPages().catch(() => {});
      sessionStorage.clear();
      form.submit();
    });
  }

  // Another person signed in on this phone: pages kept for the one before are forgotten. (A
  // copy opened with no connection may be an old one: it does not count as signing in.)
  if (navigator.onLine && localStorage.getItem(PERSON) !== text.user) {
    forgetPages().catch(() => {});
    localStorage.setItem(PERSON, text.user);
  }

  document.addEventListener("bridges:queue", show); // an app's script changed its queue
  show();
})();
