// PleaGuard: small progressive enhancements. Every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { if (select.form) { select.form.submit(); } });
  });
  document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
});
