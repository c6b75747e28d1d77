/* The contact form's service picker: search the programme's directory as you type, choose
   several, remove a choice by its chip. A combobox with a list box (WAI-ARIA 1.2 pattern):
   arrow keys move through the services found, Enter chooses, Escape closes.

   Without JavaScript the form draws tick boxes and a "Search" button (the server draws the
   form again with the services found); this replaces them. Each chosen service is a hidden
   `services` input, so the form posts, and the offline queue reads, the same field.
   With no connection the search falls back to the tick boxes the page was drawn with (the
   networker's usual services and the regulated immigration advisers), kept with the form on
   the phone. Every word shown comes from the page (data- attributes, translated there). */
(function () {
  "use strict";
  const root = document.querySelector("[data-ct-picker]");
  if (!root) return;
  const text = root.dataset;
  const form = root.closest("form");
  const input = root.querySelector("input[type=search]");
  const ticks = [...root.querySelectorAll("input[type=checkbox][name=services]")];
  const DELAY = 200;
  const MAX = 20;

  // What the page knows: every service drawn as a tick box (id → name), the chosen ones first.
  const nameOf = (box) => root.querySelector(`label[for="${box.id}"]`)?.textContent.trim() || "";
  const known = ticks.map((box) => ({ id: box.value, name: nameOf(box) }));
  const first = ticks.filter((box) => box.defaultChecked).map((box) => box.value);
  const start = ticks.filter((box) => box.checked).map((box) => box.value);
  const names = new Map(known.map((service) => [service.id, service.name]));

  // --- Build: chips, the combobox and its list box, a status line ---------------------------
  const make = (tag, attrs = {}, words = "") => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
    if (words) element.textContent = words;
    return element;
  };
  root.querySelector(".ct-picker-ticks")?.remove();
  root.querySelector(".ct-picker-find")?.remove();
  const chips = make("ul", { class: "ct-chips", "aria-label": text.chosen });
  const list = make("ul", { class: "ct-options", role: "listbox", id: `${input.id}-options` });
  const said = make("p", { class: "hint ct-picker-said", role: "status" });
  list.setAttribute("aria-label", input.labels[0]?.textContent.trim() || "");
  list.hidden = true;
  input.removeAttribute("name"); // the words typed are not part of the record
  Object.entries({
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": list.id,
  }).forEach(([name, value]) => input.setAttribute(name, value));
  const search = root.querySelector(".ct-picker-search");
  search.before(chips);
  input.after(list);
  search.append(said);

  const chosen = () => [...chips.querySelectorAll("input[name=services]")].map((i) => i.value);

  function chip(id) {
    const name = names.get(id) || id;
    const item = make("li", { class: "ct-chip" });
    const label = make("bdi", {}, name);
    const remove = make("button", { type: "button", class: "ct-chip-remove" }, "×");
    remove.setAttribute("aria-label", `${text.remove}: ${name}`);
    remove.addEventListener("click", () => {
      const next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      said.textContent = `${text.removed} ${name}`;
      (next?.querySelector("button") || input).focus();
    });
    item.append(label, remove, make("input", { type: "hidden", name: "services", value: id }));
    return item;
  }

  function choose(id, name) {
    if (name) names.set(id, name);
    if (!chosen().includes(id)) chips.append(chip(id));
    said.textContent = `${text.added} ${names.get(id)}`;
    input.value = "";
    close();
    input.focus();
  }

  function show(ids) {
    chips.replaceChildren(...ids.map(chip));
  }
  show(start);
  // The offline queue empties the form after keeping a record: start the next one afresh.
  form.addEventListener("reset", () => setTimeout(() => show(first), 0));

  // --- The list box ---------------------------------------------------------------------------
  let active = -1;
  const options = () => [...list.children];

  function open(services, words) {
    const left = services.filter((service) => !chosen().includes(service.id)).slice(0, MAX);
    list.replaceChildren(
      ...left.map((service, index) => {
        const option = make("li", {
          role: "option",
          id: `${list.id}-${index}`,
          "aria-selected": "false",
          "data-id": service.id,
        });
        option.append(make("bdi", {}, service.name));
        names.set(service.id, service.name);
        // pointerdown keeps the focus in the box (a click would blur it first).
        option.addEventListener("pointerdown", (event) => event.preventDefault());
        option.addEventListener("click", () => choose(service.id, service.name));
        return option;
      }),
    );
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = left.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    if (words !== undefined) said.textContent = words || (left.length ? text.found : text.none);
  }

  function close() {
    list.hidden = true;
    list.replaceChildren();
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function move(step) {
    const items = options();
    if (!items.length) return;
    active = (active + step + items.length) % items.length;
    items.forEach((item, index) => item.setAttribute("aria-selected", String(index === active)));
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  // --- Searching: the server's directory search, or the services the page knows -------------
  const fold = (words) =>
    words
      .normalize("NFKD")
      .replace(/[\u0300-\u036f\u064b-\u065f]/g, "")
      .toLocaleLowerCase();
  function nearby(words) {
    const wanted = fold(words).split(/\s+/).filter(Boolean);
    return known.filter((service) => wanted.every((word) => fold(service.name).includes(word)));
  }

  let timer;
  let asked = 0;
  async function lookUp() {
    const words = input.value.trim();
    const ask = ++asked;
    if (!words) {
      open(known, text.usual);
      return;
    }
    if (!navigator.onLine) {
      open(nearby(words), text.offline);
      return;
    }
    try {
      const url = `${text.url}?${new URLSearchParams({ q: words })}`;
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      const found = (await response.json()).results || [];
      if (ask === asked) open(found);
    } catch (error) {
      if (ask === asked) open(nearby(words), text.offline);
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookUp, DELAY);
  });
  input.addEventListener("focus", () => {
    if (!input.value.trim() && known.length) open(known, text.usual);
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) lookUp();
      else move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      event.preventDefault(); // Enter here chooses a service; it never sends the form
      const option = options()[active];
      if (option) choose(option.dataset.id, option.textContent);
      else {
        clearTimeout(timer);
        lookUp();
      }
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
})();
