/* Reach reports offline: a report written with no connection is kept on this phone
   (IndexedDB) and sent to the JSON endpoint when the connection returns, exactly once (each
   report carries its own client_id; the server stores an id once).

   Every signed-in page runs this script (the base layout includes it through the phone queue
   in bridges/cascades/offline.py), so waiting reports are sent whatever page is opened. The
   report form and the key messages page add the form and the list of reports not sent.

   Reports the server refuses (409, 400, 403, 404) are kept, not retried, and listed on the
   key messages page to discard. A failed request keeps the report waiting; it is tried again
   later. Without JavaScript the form posts to the server as usual.
   Every word shown comes from the page (data- attributes, translated there). */
(function () {
  "use strict";
  const badge = document.getElementById("unsent-badge"); // every signed-in page (core)
  if (!badge || !window.indexedDB) return;
  const root = document.getElementById("kc-offline");
  const text = root ? root.dataset : {};
  const user = badge.dataset.user;
  const form = document.querySelector("form.kc-form");
  const TIMEOUT = 20 * 1000;
  const LIMIT_DAYS = 60; // then removed from the phone (a person who never came back)

  function store(mode) {
    return new Promise((resolve, reject) => {
      const open = indexedDB.open("bridges-cascades", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("queue", { keyPath: "client_id" });
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        resolve(db.transaction("queue", mode).objectStore("queue"));
        db.close();
      };
    });
  }
  function ask(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  const put = async (item) => ask((await store("readwrite")).put(item));
  const remove = async (id) => ask((await store("readwrite")).delete(id));
  const mine = async () =>
    (await ask((await store("readonly")).getAll()))
      .filter((item) => String(item.user) === user)
      .sort((a, b) => a.queued_at - b.queued_at);

  async function purge() {
    for (const item of await mine()) {
      if (Date.now() - item.queued_at > LIMIT_DAYS * 24 * 60 * 60 * 1000) await remove(item.client_id);
    }
  }

  function csrf() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return cookie ? cookie.slice("csrftoken=".length) : text.csrf || "";
  }
  const REFUSED = { 409: "conflict", 400: "invalid", 403: "refused", 404: "refused" };
  let sending = false;
  let again = false;
  let wait = 5 * 1000;
  let retry = null;
  async function send() {
    if (!navigator.onLine) return;
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    again = false;
    clearTimeout(retry);
    let failed = false;
    let sent = 0;
    try {
      for (const item of await mine()) {
        if (item.status !== "waiting") continue;
        let response;
        let answer = {};
        try {
          response = await fetch(item.api, {
            method: "POST",
            credentials: "same-origin",
            redirect: "manual",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify(item.payload),
            signal: AbortSignal.timeout(TIMEOUT),
          });
          answer = await response.json().catch(() => ({}));
        } catch (error) {
          failed = true;
          break;
        }
        const stored = answer.report && answer.report.client_id === item.client_id;
        if ((response.status === 201 || response.status === 200) && stored) {
          await remove(item.client_id);
          sent += 1;
        } else if (REFUSED[response.status]) {
          await put({ ...item, status: REFUSED[response.status], refused_at: Date.now() });
        } else {
          failed = true;
          break;
        }
      }
    } finally {
      sending = false;
      if (sent && root) document.getElementById("kc-offline-said").textContent = text.sent;
      await show();
    }
    if (failed) {
      retry = setTimeout(send, wait);
      wait = Math.min(wait * 2, 5 * 60 * 1000);
    } else {
      wait = 5 * 1000;
      if (again) send();
    }
  }

  async function show() {
    document.dispatchEvent(new Event("bridges:queue")); // core/phone.js: the badge
    if (!root) return;
    const items = await mine();
    const box = document.getElementById("kc-unsent");
    box.hidden = items.length === 0;
    document.getElementById("kc-unsent-count").textContent = `${text.unsent} ${items.length}`;
    const list = document.getElementById("kc-unsent-list");
    list.replaceChildren(
      ...items.map((item) => {
        const card = document.createElement("li");
        card.className = "card";
        card.dataset.clientId = item.client_id;
        card.dataset.status = item.status;
        const title = document.createElement("p");
        const name = document.createElement("bdi");
        name.textContent = item.title || "";
        title.append(name, ` · ${item.payload.date || ""} · ${item.payload.people_reached || ""}`);
        const why = document.createElement("p");
        why.textContent = text[`why_${item.status}`] || text.why_invalid;
        card.append(title, why);
        if (item.status !== "waiting") {
          const discard = document.createElement("button");
          discard.type = "button";
          discard.className = "button button-secondary";
          discard.textContent = text.discard;
          discard.addEventListener("click", async () => {
            if (!window.confirm(text.confirm)) return;
            await remove(item.client_id);
            await show();
          });
          card.append(discard);
        }
        return card;
      }),
    );
    list.dataset.shown = items.length; // read by the browser tests
  }

  if (form) {
    form.addEventListener("submit", async (event) => {
      if (navigator.onLine) return; // the usual post
      event.preventDefault();
      const data = new FormData(form);
      const payload = {};
      for (const [name, value] of data.entries()) {
        if (name !== "csrfmiddlewaretoken") payload[name] = value;
      }
      const title = document.querySelector(".kc-title");
      await put({
        client_id: payload.client_id,
        payload,
        api: form.dataset.api,
        review: text.review,
        title: title ? title.textContent.trim() : "",
        user,
        queued_at: Date.now(),
        status: "waiting",
      });
      form.reset();
      form.elements.client_id.value = crypto.randomUUID();
      document.getElementById("kc-offline-said").textContent = text.saved;
      await show();
    });
  }

  window.addEventListener("online", send);
  purge()
    .catch(() => {})
    .then(show)
    .then(send);
})();
