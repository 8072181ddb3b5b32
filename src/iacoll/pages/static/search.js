// The search page with JavaScript: a ticked box or a new sort order applies at once, the
// filters unfold on wide screens, and the control just used gets the focus back after the
// page reloads. Without JavaScript the same form works with its buttons.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var FOCUS = "iacoll-recherche-focus";
  document.documentElement.classList.add("js");
  Array.prototype.forEach.call(form.querySelectorAll(".js-only"), function (node) {
    node.hidden = false;
  });

  form.addEventListener("change", function (event) {
    var control = event.target;
    if (!control.matches("input[type=checkbox], select")) return;
    try { sessionStorage.setItem(FOCUS, control.id); } catch (e) { /* storage refused */ }
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });
  // Empty words or the default order need not be in the URL.
  form.addEventListener("formdata", function (event) {
    ["q", "tri"].forEach(function (name) {
      if (!event.formData.get(name)) event.formData.delete(name);
    });
  });

  var panel = document.getElementById("filtres-panneau");
  var wide = window.matchMedia("(min-width: 48rem)");
  function unfold() { if (panel) panel.open = wide.matches; }
  unfold();
  wide.addEventListener("change", unfold);

  var id = null;
  try {
    id = sessionStorage.getItem(FOCUS);
    sessionStorage.removeItem(FOCUS);
  } catch (e) { /* storage refused */ }
  var control = id && document.getElementById(id);
  if (control && control.getClientRects().length) control.focus();
})();
