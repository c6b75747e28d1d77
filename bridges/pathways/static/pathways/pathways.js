// Progressive enhancement: a "Print" button where JavaScript runs (the page prints anyway).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
