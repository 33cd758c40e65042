// Task page: attach a file without leaving the page, so nothing typed in the form is lost. Without this
// script the upload button posts the whole form, and the server keeps what was typed as the draft.
(function () {
  "use strict";
  var button = document.getElementById("upload-button");
  var form = document.getElementById("task-form");
  if (!button || !form || !window.fetch || !window.FormData) { return; }
  var input = document.getElementById("file");
  var error = document.getElementById("file-error");
  var status = document.getElementById("upload-status");
  var list = document.getElementById("attachment-list");
  var empty = document.getElementById("attachment-empty");
  var field = document.getElementById("upload-field");

  function showError(message) {
    error.textContent = message;
    error.hidden = !message;
    field.classList.toggle("has-error", Boolean(message));
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    showError("");
    var data = new FormData(form);
    data.delete("action");
    button.disabled = true;
    status.textContent = button.dataset.sending || "…";
    fetch(button.getAttribute("formaction"), {
      method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().catch(function () { return { error: response.statusText }; })
        .then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok) {
        status.textContent = "";
        showError(result.body.error || "");
        input.focus();
        return;
      }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.body.url;
      link.textContent = result.body.filename;
      var meta = document.createElement("span");
      meta.className = "help";
      meta.textContent = " " + result.body.size + " · " + result.body.uploaded_at;
      item.append(link, meta);
      list.append(item);
      list.hidden = false;
      if (empty) { empty.hidden = true; }
      input.value = "";
      status.textContent = result.body.message;
    }).catch(function () {
      status.textContent = "";
      showError(button.dataset.failed || "");
    }).finally(function () {
      button.disabled = false;
    });
  });
})();
