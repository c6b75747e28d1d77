/* The copy buttons of key messages: copy the short version and its link, in one tap.
   Without JavaScript the buttons stay hidden; the text and the share link still work. */
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const said = button.closest("[data-share]").querySelector(".kc-copied");
      try {
        await navigator.clipboard.writeText(button.dataset.copy);
        said.textContent = button.dataset.copied;
      } catch (error) {
        said.textContent = "";
      }
    });
  }
})();
