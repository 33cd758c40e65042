// Follows a migration run: polls its status every 2 s and reloads the page once it has finished.
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box || box.dataset.status === "finished") { return; }
  var bar = box.querySelector("progress");
  function show(view) {
    var counts = view.counts;
    var handled = counts.total - counts.pending;
    bar.max = counts.total || 1;
    bar.value = handled;
    box.querySelector('[data-count="handled"]').textContent = handled;
    ["migrated", "refused", "failed", "reverted"].forEach(function (name) {
      box.querySelector('[data-count="' + name + '"]').textContent = counts[name];
    });
    if (view.status === "finished") { window.location.reload(); return; }
    window.setTimeout(poll, 2000);
  }
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
}());
