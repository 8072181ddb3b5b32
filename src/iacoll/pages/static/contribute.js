// The contribution form, enhanced (it works without this script): when the page opens with a
// summary of problems, the summary takes the focus so that it is read first.
(function () {
  "use strict";
  var summary = document.getElementById("resume-erreurs");
  if (summary) {
    summary.focus();
  }
})();
