// Shared page behaviour (loaded by base.html): confirmation before acting, the error summary in view.
(function () {
  "use strict";
  // <button data-confirm="…"> (or a form with data-confirm) asks before it acts; "{choice}" in the text is
  // replaced by the selected option of the button's form (e.g. the officer a task is reassigned to).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (!button) { return; }
    var text = button.dataset.confirm;
    var form = button.form;
    var select = form ? form.querySelector("select") : null;
    if (select && select.selectedIndex >= 0) {
      text = text.replace("{choice}", select.options[select.selectedIndex].text);
    }
    if (!window.confirm(text)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // A chart wider than a phone scrolls sideways: show its latest periods first.
  document.querySelectorAll(".chart-wrap").forEach(function (wrap) { wrap.scrollLeft = wrap.scrollWidth; });
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
