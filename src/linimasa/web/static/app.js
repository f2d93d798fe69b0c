// linimasa: the little JavaScript the pages use. Everything works without it.
(function () {
  "use strict";
  // Filter menus apply as soon as they change.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
    sel.addEventListener("change", function () { if (sel.form) { sel.form.submit(); } });
  });
  // A quotation cut into pieces by the annotations inside it lights up as a whole on hover.
  document.querySelectorAll(".quote[data-q]").forEach(function (piece) {
    var key = piece.getAttribute("data-q");
    var all = document.querySelectorAll('.quote[data-q="' + key + '"]');
    piece.addEventListener("mouseenter", function () { all.forEach(function (p) { p.classList.add("hl"); }); });
    piece.addEventListener("mouseleave", function () { all.forEach(function (p) { p.classList.remove("hl"); }); });
  });
})();
