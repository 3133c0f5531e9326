// The report pages poll their progress with htmx. If the session ended meanwhile, the poll is redirected
// to the login page: reload the whole page (which then shows the login) instead of swapping the login
// form into the table.
document.addEventListener("htmx:beforeSwap", function (event) {
  "use strict";
  var xhr = event.detail.xhr;
  if (!xhr || !xhr.responseURL) return;
  var asked = new URL(event.detail.requestConfig.path, window.location.href).pathname;
  if (new URL(xhr.responseURL).pathname !== asked) {
    event.detail.shouldSwap = false;
    window.location.reload();
  }
});
