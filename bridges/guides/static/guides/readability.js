// The reading-ease panel of the guide editor follows the text as it is typed: a second after
// the last key, the form's text is sent to the server, which scores it (the same Python that
// scores it on saving) and answers with the panel. Without JavaScript the score shows on saving.
(function () {
  "use strict";
  var form = document.getElementById("guide-form");
  var panel = document.getElementById("readability");
  if (!form || !panel || !window.fetch) return;
  var timer = null;
  var busy = false;
  function send() {
    if (busy) { timer = setTimeout(send, 500); return; }
    busy = true;
    fetch(form.dataset.readabilityUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "HX-Request": "true" }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#readability");
        if (fresh) panel.replaceChildren.apply(panel, Array.prototype.slice.call(fresh.childNodes));
      }
    }).catch(function () {}).finally(function () { busy = false; });
  }
  form.addEventListener("input", function (event) {
    if (!event.target.matches("textarea, input[type=text]")) return;
    clearTimeout(timer);
    timer = setTimeout(send, 1000);
  });
})();
