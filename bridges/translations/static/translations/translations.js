// Nothing typed is lost: the translator's page keeps what is typed in this phone's storage
// until the server has it. A page shown with the same version as the kept text (the save never
// arrived: no signal, a closed tab) gets it back, with a notice; a newer version forgets it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-wf-form]");
  if (!form || !window.localStorage) return;
  var key = "bridges.translation:" + location.pathname;
  var version = form.querySelector("input[name=version]");
  var fields = form.querySelectorAll("[name^='seg__']");
  function kept() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  var stored = kept();
  if (stored && version && stored.version === version.value) {
    var restored = false;
    fields.forEach(function (field) {
      var value = stored.values[field.name];
      if (typeof value === "string" && value !== field.value) {
        field.value = value;
        restored = true;
      }
    });
    var notice = document.getElementById("wf-restored");
    if (restored && notice) notice.hidden = false;
  } else if (stored) {
    localStorage.removeItem(key);
  }
  form.addEventListener("input", function () {
    var values = {};
    fields.forEach(function (field) { values[field.name] = field.value; });
    try {
      localStorage.setItem(key, JSON.stringify({ version: version ? version.value : "", values: values }));
    } catch (e) { /* storage full or refused: the server copy is the only copy */ }
  });
})();
