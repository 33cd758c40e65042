// Running total of a scoresheet: progressive enhancement; the server computes and validates the same.
// Numbers are read as typed in Vietnam ("20,5") or elsewhere ("20.5"); the total is written in the page's
// language. A value that is not a number, not whole where whole points are asked, or out of range is
// marked (red border) and still counted when it is a number, so the total never silently skips it.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "vi";
  function read(text) {
    var t = text.replace(/[\s\u00a0]/g, "");
    if (t === "") { return null; }
    if (t.indexOf(",") >= 0 && t.indexOf(".") >= 0) {
      t = t.lastIndexOf(",") > t.lastIndexOf(".") ? t.replace(/\./g, "") : t.replace(/,/g, "");
    }
    t = t.replace(",", ".");
    return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
  }
  document.querySelectorAll("table[data-scoresheet]").forEach(function (table) {
    var inputs = table.querySelectorAll("input[data-score]");
    var output = table.querySelector("output");
    var format = new Intl.NumberFormat(lang === "en" ? "en" : "vi", { maximumFractionDigits: 2 });
    function update() {
      var total = 0;
      inputs.forEach(function (input) {
        var value = read(input.value);
        var max = input.dataset.max === "" ? Infinity : Number(input.dataset.max);
        var whole = input.dataset.kind !== "integer" || (value !== null && Number.isInteger(value));
        var ok = value === null || (!isNaN(value) && whole && value >= 0 && value <= max);
        input.classList.toggle("out-of-range", !ok);
        input.setAttribute("aria-invalid", ok ? "false" : "true");
        if (value !== null && !isNaN(value)) { total += value; }
      });
      output.textContent = format.format(total);
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    update();
  });
})();
