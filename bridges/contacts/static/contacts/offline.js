/* The contact log offline: a record written with no connection is kept on this phone
   (IndexedDB) and sent to the JSON endpoint when the connection returns, exactly once (each
   record carries its own client_id; the server stores an id once).

   Without JavaScript the form posts to the server as usual; this only adds to it.
   Every word shown comes from the page (data- attributes, translated there). */
(function () {
  "use strict";
  const root = document.getElementById("ct-offline");
  if (!root || !window.indexedDB) return;
  const text = root.dataset;
  const form = document.querySelector("form.ct-form [name=client_id]")?.form;
  const DAY = 24 * 60 * 60 * 1000;
  const USED = "bridges-contacts-used"; // client ids already sent or kept (localStorage)
  const LAST = "bridges-contacts-last"; // the record being sent now (sessionStorage)

  // --- The queue: one IndexedDB store, a record per client_id ---------------------------
  function store(mode) {
    return new Promise((resolve, reject) => {
      const open = indexedDB.open("bridges-contacts", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("queue", { keyPath: "client_id" });
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve(open.result.transaction("queue", mode).objectStore("queue"));
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
  // Only this person's records for this programme (a shared phone, several programmes).
  const mine = async () =>
    (await ask((await store("readonly")).getAll())).filter(
      (item) => item.api === text.api && item.user === text.user,
    );

  // --- The form's answers as the endpoint takes them ------------------------------------
  const LISTS = ["languages", "needs", "actions", "services"];
  function answers() {
    const data = new FormData(form);
    const payload = {};
    for (const name of new Set(data.keys())) {
      if (name === "csrfmiddlewaretoken") continue;
      payload[name] = LISTS.includes(name) ? data.getAll(name) : data.get(name);
    }
    return payload;
  }
  function used(id) {
    const ids = JSON.parse(localStorage.getItem(USED) || "[]");
    if (id === undefined) return ids;
    localStorage.setItem(USED, JSON.stringify([...ids, id].slice(-500)));
  }
  const freshId = () => (form.elements.client_id.value = crypto.randomUUID());

  async function keep(payload) {
    used(payload.client_id);
    await put({
      client_id: payload.client_id,
      payload,
      api: text.api,
      user: text.user,
      queued_at: Date.now(),
      status: "waiting",
      errors: [],
    });
    document.getElementById("ct-offline-said").textContent = text.saved;
    await show();
  }

  // --- Sending: 201/200 stored (or stored before), 409 conflict, 400 invalid ------------
  let sending = false;
  async function send() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      for (const item of await mine()) {
        if (item.status !== "waiting") continue;
        let response;
        try {
          response = await fetch(text.api, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": text.csrf },
            body: JSON.stringify(item.payload),
          });
        } catch (error) {
          break; // no connection after all: try again later
        }
        if (response.status === 201 || response.status === 200) {
          await remove(item.client_id);
        } else if (response.status === 409 || response.status === 400) {
          const answer = await response.json().catch(() => ({}));
          const errors = Object.values(answer.errors || {}).flat().map((e) => e.message);
          await put({ ...item, status: response.status === 409 ? "conflict" : "invalid", errors });
        } else {
          break; // signed out, or the server is unwell: keep everything and try later
        }
      }
    } finally {
      sending = false;
      await show();
    }
  }

  // --- Showing: the count, a flag for old ones, and the records that could not go -------
  async function show() {
    const items = await mine();
    const count = document.getElementById("ct-offline-count");
    const old = items.some((item) => Date.now() - item.queued_at > DAY);
    count.hidden = items.length === 0;
    count.classList.toggle("notice-warning", old);
    count.textContent = `${text.unsent} ${items.length}` + (old ? ` ${text.old}` : "");
    const list = document.getElementById("ct-offline-problems");
    list.replaceChildren(
      ...items
        .filter((item) => item.status !== "waiting")
        .map((item) => {
          const line = document.createElement("li");
          const why = item.status === "conflict" ? text.conflict : text.invalid;
          line.textContent = [item.payload.date, why, ...item.errors].join(" ");
          return line;
        }),
    );
    list.hidden = list.children.length === 0;
  }

  // --- The form ---------------------------------------------------------------------------
  if (form) {
    // A copy of the form kept by the service worker may carry an id already used.
    if (used().includes(form.elements.client_id.value)) freshId();
    const params = new URLSearchParams(location.search);
    const last = sessionStorage.getItem(LAST);
    sessionStorage.removeItem(LAST);
    if (params.has("unsent")) {
      // The service worker's answer to a form sent as the connection dropped.
      if (last) keep(JSON.parse(last));
      history.replaceState(null, "", location.pathname);
    }
    form.addEventListener("submit", (event) => {
      const payload = answers();
      if (navigator.onLine) {
        used(payload.client_id);
        sessionStorage.setItem(LAST, JSON.stringify(payload)); // in case the send fails
        return; // the usual post
      }
      event.preventDefault();
      keep(payload).then(() => {
        form.reset();
        freshId();
        form.querySelector("input:not([type=hidden]), select, textarea")?.focus();
      });
    });
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(text.sw).catch(() => {}); // no worker: online only
    }
  }

  window.addEventListener("online", send);
  show().then(send);
})();
