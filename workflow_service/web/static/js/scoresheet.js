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
        var number = input.value.trim() !== "" && Number.isInteger(value);
        input.classList.toggle("out-of-range", input.value.trim() !== "" && !(number && value >= 0 && value <= max));
        if (number) { total += value; }  // what is typed counts; the red border says it is out of range
      });
      output.textContent = String(total);
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    update();
  });
})();
