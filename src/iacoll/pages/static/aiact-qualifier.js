// « Qualifier un système », enhanced (the page works without this script: « Mettre à jour les
// questions » asks the server): a question asked only after another answer shows or hides as
// soon as that answer changes. A question follows its gates (data-poser-si): it is asked when one
// of them, itself asked, is answered anything but « non » (gates come first in the page).
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  if (!form) {
    return;
  }
  function answer(id) {
    var question = document.getElementById("question-" + id);
    if (!question || question.hidden) {
      return null;
    }
    var checked = question.querySelector("input:checked");
    return checked ? checked.value : null;
  }
  function refresh() {
    form.querySelectorAll("fieldset.question[data-poser-si]").forEach(function (question) {
      var gates = question.getAttribute("data-poser-si").split(" ");
      question.hidden = !gates.some(function (gate) {
        var given = answer(gate);
        return given !== null && given !== "non";
      });
    });
    form.querySelectorAll("fieldset.bloc").forEach(function (group) {
      group.hidden = !group.querySelector("fieldset.question:not([hidden])");
    });
  }
  form.addEventListener("change", refresh);
})();
