// Signing out on a shared phone leaves nothing of this person behind: their unsent drafts (localStorage
// keys "cee:visit:u<id>:...", and drafts from before drafts named their person) are removed before the
// sign-out is sent. If there are any, the person is asked first, so a draft is never thrown away without
// them knowing. Other people's drafts are theirs: they go when those people sign out.
(function () {
  "use strict";
  var script = document.currentScript;
  var mine = script.getAttribute("data-draft-prefix");
  var logout = document.querySelector("[data-logout]");
  if (!logout || !mine) return;
  function isMine(key) {
    if (key.indexOf(mine) === 0) return true;
    return key.indexOf("cee:") === 0 && !/^cee:visit:u\d+:/.test(key);
  }
  function myDrafts() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && isMine(key)) keys.push(key);
      }
    } catch (e) { /* storage unavailable: nothing was kept */ }
    return keys;
  }
  logout.addEventListener("submit", function (event) {
    var keys = myDrafts();
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
