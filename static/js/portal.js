/* The sponsor portal: a "Imprimir" button that prints the page (shown only when JavaScript runs). */
(function () {
  "use strict";
  function start() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
