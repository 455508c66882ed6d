// PleaGuard: small progressive enhancements. Every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { if (select.form) { select.form.submit(); } });
  });
  document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
});
// Printing: the cited words of every citation are printed, then folded again.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details:not([open])").forEach(function (d) {
    d.setAttribute("open", "");
    d.setAttribute("data-print-opened", "");
  });
});
window.addEventListener("afterprint", function () {
  document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
    d.removeAttribute("open");
    d.removeAttribute("data-print-opened");
  });
});
