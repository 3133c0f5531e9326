// Visit form helpers. The form works without this file; it only adds comfort on a phone:
// teachers filtered by school, location on request, a draft kept while typing, no double submit.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("[data-visit-form]");
  if (!form) return;
  var msg = function (name) { return script.getAttribute("data-msg-" + name) || ""; };

  // Teachers: show only the chosen school's.
  var school = form.querySelector("select[name=school]");
  var teacher = form.querySelector("select[name=teacher]");
  function filterTeachers() {
    if (!school || !teacher) return;
    var chosen = school.value;
    Array.prototype.forEach.call(teacher.options, function (option) {
      var belongs = !option.value || !chosen || option.getAttribute("data-school") === chosen;
      option.hidden = !belongs;
      option.disabled = !belongs;
      if (!belongs && option.selected) teacher.value = "";
    });
  }
  if (school) {
    school.addEventListener("change", function () {
      filterTeachers();
      // The rubric depends on the school's program year: reload with the school chosen, keeping the draft
      // (moved to that school's own draft slot).
      if (!form.querySelector("[name=version]").value && school.value) {
        saveDraft(form.getAttribute("data-draft-prefix") + "new:" + school.value);
        try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
        window.location.search = "?school=" + encodeURIComponent(school.value);
      }
    });
    filterTeachers();
  }

  // Location: only when the person asks for it.
  var gps = form.querySelector("[data-gps]");
  var gpsStatus = form.querySelector("[data-gps-status]");
  if (gps && "geolocation" in navigator) {
    gps.hidden = false;
    gps.addEventListener("click", function () {
      gpsStatus.textContent = msg("gps-asking");
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("[name=latitude]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("[name=longitude]").value = pos.coords.longitude.toFixed(6);
        gpsStatus.textContent = msg("gps-ok").replace("%s", Math.round(pos.coords.accuracy));
        saveDraft();
      }, function () {
        gpsStatus.textContent = msg("gps-denied");
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }

  // Draft: whatever is typed survives a reload, a lost signal or a closed tab. Drafts are kept per
  // person (the key names the user) and removed at logout (session.js), for phones that people share.
  // The version a visit was opened at always comes from the server: a stale draft never restores it.
  var key = form.getAttribute("data-draft-key");
  var NOT_IN_DRAFTS = { csrfmiddlewaretoken: true, version: true };
  var note = document.querySelector("[data-draft-note]");
  var fields = "input[type=text],input[type=number],input[type=date],input[type=hidden],textarea,select,input[type=radio]";
  function saveDraft(targetKey) {
    var data = {};
    Array.prototype.forEach.call(form.querySelectorAll(fields), function (el) {
      if (!el.name || NOT_IN_DRAFTS[el.name]) return;
      if (el.type === "radio") { if (el.checked) data[el.name] = el.value; return; }
      data[el.name] = el.value;
    });
    try { localStorage.setItem(typeof targetKey === "string" ? targetKey : key, JSON.stringify(data)); }
    catch (e) { /* storage full or disabled */ }
  }
  function restoreDraft() {
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { return; }
    if (!raw) return;
    var data = JSON.parse(raw);
    // Never move a form to another school: a draft only fills the form of the school it was typed for.
    if (school && school.value && data.school && data.school !== school.value) return;
    var restored = false;
    Object.keys(data).forEach(function (name) {
      if (NOT_IN_DRAFTS[name]) return;
      var els = form.querySelectorAll("[name='" + name + "']");
      Array.prototype.forEach.call(els, function (el) {
        if (el.type === "radio") {
          if (el.value === data[name] && !el.checked) { el.checked = true; restored = true; }
        } else if (el.type === "file") {
          return;
        } else if (!el.value || el.type === "hidden" || el.tagName === "SELECT" || el.type === "date") {
          if (el.value !== data[name]) { el.value = data[name]; restored = restored || el.type !== "hidden"; }
        }
      });
    });
    if (restored && note) note.hidden = false;
    filterTeachers();
  }
  // A page re-rendered by the server (with errors) already holds what was typed: trust it over the draft.
  if (!form.querySelector(".is-invalid, .alert-danger")) restoreDraft();
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);
  var discard = document.querySelector("[data-draft-discard]");
  if (discard) discard.addEventListener("click", function () {
    try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
    window.location.reload();
  });

  // One tap, one visit: the server also deduplicates by the form's UUID.
  var submit = form.querySelector("[data-submit]");
  form.addEventListener("submit", function () {
    saveDraft();
    if (submit) { submit.disabled = true; submit.textContent = msg("saving"); }
    setTimeout(function () { if (submit) submit.disabled = false; }, 15000);
  });
})();
