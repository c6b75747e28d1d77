/* The contact log offline: a record written with no connection is kept on this phone
   (IndexedDB) and sent to the JSON endpoint when the connection returns, exactly once (each
   record carries its own client_id; the server stores an id once).

   Every signed-in page runs this script (the base layout includes it through the contact
   log's phone queue, bridges/contacts/offline.py), so waiting records are sent whatever page
   the networker opens. The contact log's pages add the form, the count and the review page.

   Records the server refuses (409 another record has this id, 400 not valid, 403/404 no longer
   a networker there) are never retried as they are, nor dropped: the review page lists them
   to edit and send again (with a new id) or to discard. A failed or timed-out request keeps
   the record waiting and tries again later. Records are kept for LIMIT_DAYS (docs/privacy).

   Without JavaScript the form posts to the server as usual; this only adds to it.
   Every word shown comes from the page (data- attributes, translated there). */
(function () {
  "use strict";
  const badge = document.getElementById("unsent-badge"); // every signed-in page (core)
  const root = document.getElementById("ct-offline"); // the contact log's pages
  if (!badge || !window.indexedDB) return;
  const text = root ? root.dataset : {};
  const user = badge.dataset.user;
  const form = root && document.querySelector("form.ct-form [name=client_id]")?.form;
  const DAY = 24 * 60 * 60 * 1000;
  const LIMIT_DAYS = 30; // then removed once shown on the review page
  const HARD_LIMIT_DAYS = 60; // then removed, shown or not (a person who never came back)
  const TIMEOUT = 20 * 1000; // a request with no answer by then has failed
  const USED = "bridges-contacts-used"; // client ids already sent or kept (localStorage)
  const LAST = "bridges-contacts-last"; // the record being sent now (sessionStorage)
  const PERSON = "bridges-person"; // who last signed in on this phone (core/phone.js)

  // A copy of a page opened with no connection that was kept for someone else: do nothing.
  const person = localStorage.getItem(PERSON);
  if (!navigator.onLine && person && person !== user) return;

  // --- The queue: one IndexedDB store, a record per client_id ---------------------------
  function store(mode) {
    return new Promise((resolve, reject) => {
      const open = indexedDB.open("bridges-contacts", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("queue", { keyPath: "client_id" });
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        resolve(db.transaction("queue", mode).objectStore("queue"));
        db.close(); // once the transaction is done
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
  const everyone = async () => ask((await store("readonly")).getAll());
  // Only this person's records (a shared phone): in every programme, or in this page's one.
  const allMine = async () =>
    (await everyone())
      .filter((item) => String(item.user) === user)
      .sort((a, b) => a.queued_at - b.queued_at);
  const mine = async () => (await allMine()).filter((item) => item.api === text.api);
  async function replace(oldId, item) {
    const queue = await store("readwrite");
    queue.put(item);
    await ask(queue.delete(oldId)); // one transaction: both or neither
  }
  const age = (item) => Date.now() - item.queued_at;

  // Older than the limits: removed (docs/privacy/data-map.md, "the phone's queue").
  async function purge() {
    for (const item of await everyone()) {
      const shown = item.shown_at && item.shown_at - item.queued_at > LIMIT_DAYS * DAY;
      if (age(item) > HARD_LIMIT_DAYS * DAY || (String(item.user) === user && shown)) {
        await remove(item.client_id);
      }
    }
  }

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
  function fill(payload) {
    for (const field of form.elements) if (field.type === "checkbox") field.checked = false;
    for (const [name, value] of Object.entries(payload)) {
      const found = name === "client_id" ? null : form.elements[name];
      if (!found) continue;
      const values = (Array.isArray(value) ? value : [value]).map((v) => String(v ?? ""));
      for (const field of found instanceof RadioNodeList ? [...found] : [found]) {
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = values.includes(field.value);
        } else if (field.multiple) {
          for (const option of field.options) option.selected = values.includes(option.value);
        } else {
          field.value = values[0];
        }
      }
    }
  }
  function used(id) {
    const ids = JSON.parse(localStorage.getItem(USED) || "[]");
    if (id === undefined) return ids;
    localStorage.setItem(USED, JSON.stringify([...ids, id].slice(-500)));
  }
  const freshId = () => (form.elements.client_id.value = crypto.randomUUID());
  const entry = (payload) => ({
    client_id: payload.client_id,
    payload,
    api: text.api,
    review: text.review,
    form: text.form,
    programme: text.programme,
    user,
    queued_at: Date.now(),
    status: "waiting",
    errors: [],
  });

  async function keep(payload) {
    used(payload.client_id);
    await put(entry(payload));
    document.getElementById("ct-offline-said").textContent = text.saved;
    await show();
    send(); // "online" yet the send failed: try now, and again later
  }

  // --- Sending ----------------------------------------------------------------------------
  function csrf() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return cookie ? cookie.slice("csrftoken=".length) : text.csrf || "";
  }
  const REFUSED = { 409: "conflict", 400: "invalid", 403: "refused", 404: "refused" };
  let sending = false;
  let wait = 5 * 1000; // before trying again after a failure; doubles up to 5 minutes
  let retry = null;
  let again = false; // asked to send while sending: once more after
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
    try {
      for (const item of await allMine()) {
        if (item.status !== "waiting") continue;
        let response;
        let answer = {};
        try {
          response = await fetch(item.api, {
            method: "POST",
            credentials: "same-origin",
            redirect: "manual", // signed out: the sign-in page is not an answer
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify(item.payload),
            signal: AbortSignal.timeout(TIMEOUT),
          });
          answer = await response.json().catch(() => ({}));
        } catch (error) {
          failed = true; // no connection after all, or no answer in time
          break;
        }
        const stored = answer.record && answer.record.client_id === item.client_id;
        if ((response.status === 201 || response.status === 200) && stored) {
          await remove(item.client_id);
        } else if (REFUSED[response.status]) {
          const errors = answer.errors
            ? Object.values(answer.errors).flat().map((e) => e.message)
            : [];
          await put({ ...item, status: REFUSED[response.status], errors, refused_at: Date.now() });
        } else {
          failed = true; // signed out, or the server is unwell: keep everything, try later
          break;
        }
      }
    } finally {
      sending = false;
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

  // --- Showing: the count on the contact log's pages, and the badge on every page ----------
  async function show() {
    document.dispatchEvent(new Event("bridges:queue")); // core/phone.js: the badge
    if (!root) return;
    const items = await mine();
    const count = document.getElementById("ct-offline-count");
    const old = items.some((item) => age(item) > DAY);
    count.hidden = items.length === 0;
    count.classList.toggle("notice-warning", old);
    count.textContent = `${text.unsent} ${items.length}` + (old ? ` ${text.old}` : "");
    const problems = document.getElementById("ct-offline-problems");
    const review = document.getElementById("ct-review");
    problems.hidden = Boolean(review) || !items.some((item) => item.status !== "waiting");
    if (review) showReview(review, await allMine());
  }

  // --- The review page: every record waiting here, why, and what to do ---------------------
  function showReview(list, items) {
    const when = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium" });
    const day = (iso) => (iso ? when.format(new Date(`${iso}T12:00:00`)) : "");
    list.replaceChildren(
      ...items.map((item) => {
        const card = document.createElement("li");
        card.className = "card ct-review-item";
        card.dataset.clientId = item.client_id;
        card.dataset.status = item.status;
        const heading = document.createElement("h2");
        heading.append(`${text.dated} `, isolated(day(item.payload.date)));
        const why = document.createElement("p");
        why.className = "ct-review-why";
        why.textContent = text[`why_${item.status}`] || text.why_invalid;
        const saved = document.createElement("p");
        saved.append(`${text.kept} `, isolated(when.format(new Date(item.queued_at))));
        const where = document.createElement("p");
        where.append(`${text.where} `, isolated(item.programme || ""));
        card.append(heading, where, why);
        if (item.errors.length) {
          const errors = document.createElement("ul");
          errors.append(...item.errors.map(li));
          card.append(errors);
        }
        card.append(saved);
        if (age(item) > LIMIT_DAYS * DAY) {
          const expiring = document.createElement("p");
          expiring.className = "notice notice-warning";
          expiring.textContent = text.expiring;
          card.append(expiring);
          if (!item.shown_at) put({ ...item, shown_at: Date.now() });
        }
        const actions = document.createElement("div");
        actions.className = "actions";
        if (item.status === "refused") {
          // Perhaps a coordinator puts it right: try once more, as it is.
          const again = document.createElement("button");
          again.type = "button";
          again.className = "button";
          again.textContent = text.again;
          again.addEventListener("click", async () => {
            await put({ ...item, status: "waiting", errors: [] });
            await send();
          });
          actions.append(again);
        } else if (item.status !== "waiting") {
          const edit = document.createElement("a");
          edit.className = "button";
          edit.href = `${item.form || text.form}?edit=${encodeURIComponent(item.client_id)}`;
          edit.textContent = text.edit;
          actions.append(edit);
        }
        const discard = document.createElement("button");
        discard.type = "button";
        discard.className = "button button-secondary";
        discard.textContent = text.discard;
        discard.addEventListener("click", async () => {
          if (!window.confirm(text.confirm)) return;
          await remove(item.client_id);
          document.getElementById("ct-offline-said").textContent = text.discarded;
          await show();
        });
        actions.append(discard);
        card.append(actions);
        return card;
      }),
    );
    document.getElementById("ct-review-none").hidden = items.length > 0;
    list.dataset.shown = items.length; // read by the browser tests
  }
  function isolated(content) {
    const part = document.createElement("bdi"); // a name or a date inside a sentence
    part.textContent = content;
    return part;
  }
  function li(content) {
    const line = document.createElement("li");
    line.textContent = content;
    return line;
  }

  // --- The form ---------------------------------------------------------------------------
  async function startEditing(id) {
    const item = (await mine()).find((found) => found.client_id === id);
    if (!item) return;
    fill(item.payload);
    freshId();
    document.getElementById("ct-offline-said").textContent = text.editing;
    form.addEventListener(
      "submit",
      async (event) => {
        event.preventDefault();
        event.stopImmediatePropagation();
        const payload = answers();
        used(payload.client_id);
        await replace(item.client_id, entry(payload)); // the old one goes only with the new in
        await send();
        location.assign(text.review);
      },
      { capture: true },
    );
  }

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
    if (params.has("edit")) startEditing(params.get("edit"));
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
  purge()
    .catch(() => {})
    .then(show)
    .then(send);
})();
