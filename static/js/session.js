// Signing out on a shared phone leaves nothing of this person behind: their unsent drafts
// (localStorage keys "cee:...") are removed before the logout form is sent. If there are any, the
// person is asked first, so a draft is never thrown away without them knowing.
(function () {
  "use strict";
  var script = document.currentScript;
  var logout = document.querySelector("[data-logout]");
  if (!logout) return;
  function draftKeys() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf("cee:") === 0) keys.push(key);
      }
    } catch (e) { /* storage unavailable: nothing was kept */ }
    return keys;
  }
  logout.addEventListener("submit", function (event) {
    var keys = draftKeys();
    if (!keys.length) return;
    if (!window.confirm(script.getAttribute("data-msg-confirm"))) {
      event.preventDefault();
      return;
    }
    keys.forEach(function (key) {
      try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
    });
  });
})();
