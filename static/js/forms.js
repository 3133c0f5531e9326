// One tap, one save: a form sent with POST is sent once. A second tap (or a double tap) while the
// page is on its way is ignored, and the buttons show it is busy. The server also refuses a repeat
// (the form's UUID or the save's own rule); this spares the person the "already saved" message.
// Returning to the page (the browser's back button) makes the form usable again.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") return;
    if (event.defaultPrevented) return;
    if (form.dataset.sending === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    form.setAttribute("aria-busy", "true");
    // Disabled after this event, so the tapped button's own name and value still go with the form.
    setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (b) {
        b.disabled = true;
      });
    }, 0);
    // A request that never answers (no signal) must not leave the form dead: free it after a while.
    setTimeout(function () { release(form); }, 15000);
  });
  function release(form) {
    delete form.dataset.sending;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = false; });
  }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.querySelectorAll("form[data-sending]").forEach(release);
  });
})();
