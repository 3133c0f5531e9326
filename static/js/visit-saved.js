// After a visit is saved, forget the draft that produced it (matched by the form's UUID).
(function () {
  "use strict";
  var saved = document.querySelector("[data-saved-uuid]");
  if (!saved) return;
  var uuid = saved.getAttribute("data-saved-uuid");
  try {
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var key = localStorage.key(i);
      if (key && key.indexOf("cee:visit:") === 0) {
        var draft = JSON.parse(localStorage.getItem(key) || "{}");
        var values = draft.values || draft;  // drafts keep their values under "values" (older ones did not)
        if (values.client_uuid === uuid) localStorage.removeItem(key);
      }
    }
  } catch (e) { /* storage unavailable */ }
})();
