/* Forms marked data-confirm="question" ask before they are sent (withdrawing a request, removing a school).
 * Without JavaScript they are sent at once: the action can be undone by asking again. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
