// Glienicke's own small enhancements; every page works without them.
(function () {
  "use strict";
  // Filter forms marked data-autosubmit apply a choice at once (the Show button stays).
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Forms that end something ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // A form sent back with a problem: move the keyboard to the first field in error.
  var invalid = document.querySelector("[aria-invalid=true]");
  if (invalid && invalid.id !== "as-of") { invalid.focus(); }
})();
