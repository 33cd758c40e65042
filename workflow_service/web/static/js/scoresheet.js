// Running total of a scoresheet: progressive enhancement; the server computes and validates the same.
(function () {
  "use strict";
  document.querySelectorAll("table[data-scoresheet]").forEach(function (table) {
    var inputs = table.querySelectorAll("input[data-score]");
    var output = table.querySelector("output");
    function update() {
      var total = 0;
      inputs.forEach(function (input) {
        var value = Number(input.value.trim());
        var max = input.dataset.max === "" ? Infinity : Number(input.dataset.max);
        var ok = input.value.trim() === "" || (Number.isInteger(value) && value >= 0 && value <= max);
        input.classList.toggle("out-of-range", !ok);
        if (ok && input.value.trim() !== "") { total += value; }
      });
      output.textContent = String(total);
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    update();
  });
})();
