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
  // person (the key names the user) and removed at sign-out (session.js), for phones that people share.
  //
  // The version field always comes from the server, never from a draft. An edit's draft remembers what
  // the form held when the person began (`base`) and its version: if someone saved the visit since,
  // only what this person changed comes back, over the new saved values; where both changed the same
  // field, the saved value stays and the person's text is shown beside the form to copy. So a stale
  // draft never silently undoes a correction, and nothing typed is lost.
  var key = form.getAttribute("data-draft-key");
  var versionField = form.querySelector("[name=version]");
  var serverVersion = versionField ? versionField.value : "";
  var isEdit = Boolean(serverVersion);
  var NOT_IN_DRAFTS = { csrfmiddlewaretoken: true, version: true };
  var note = document.querySelector("[data-draft-note]");
  var staleNote = document.querySelector("[data-draft-stale]");
  var fields = "input[type=text],input[type=number],input[type=date],input[type=hidden],textarea,select,input[type=radio]";

  function currentValues() {
    var data = {};
    Array.prototype.forEach.call(form.querySelectorAll(fields), function (el) {
      if (!el.name || NOT_IN_DRAFTS[el.name]) return;
      if (el.type === "radio") { if (el.checked) data[el.name] = el.value; return; }
      data[el.name] = el.value;
    });
    return data;
  }
  var opened = currentValues();  // what the server sent, before any draft came back

  function readDraft(k) {
    try {
      var raw = localStorage.getItem(k);
      if (!raw) return null;
      var draft = JSON.parse(raw);
      // A draft written before drafts had a base: everything in it counts as typed, at today's version.
      return draft.values ? draft : { values: draft, base: {}, baseVersion: serverVersion };
    } catch (e) { return null; }
  }
  function writeDraft(k, draft) {
    try { localStorage.setItem(k, JSON.stringify(draft)); } catch (e) { /* storage full or disabled */ }
  }
  function saveDraft(targetKey) {
    var previous = readDraft(key);
    writeDraft(typeof targetKey === "string" ? targetKey : key, {
      values: currentValues(),
      base: previous ? previous.base : opened,
      baseVersion: previous ? previous.baseVersion : serverVersion,
      conflicts: previous && previous.conflicts ? previous.conflicts : {}
    });
  }
  function setValue(name, value) {
    var changed = false;
    Array.prototype.forEach.call(form.querySelectorAll("[name='" + name + "']"), function (el) {
      if (el.type === "file") return;
      if (el.type === "radio") {
        if (el.value === value && !el.checked) { el.checked = true; changed = true; }
      } else if (el.value !== value) {
        el.value = value;
        changed = changed || el.type !== "hidden";
      }
    });
    return changed;
  }
  function labelOf(name) {
    var label = form.querySelector("label[for='id_" + name + "']");
    return label ? label.textContent.replace(/\*/g, "").trim() : name;
  }
  function shownValue(name, value) {
    var select = form.querySelector("select[name='" + name + "']");
    if (!select) return value;
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
    return option ? option.textContent : value;
  }
  function showConflicts(conflicts) {
    var names = Object.keys(conflicts || {});
    if (!staleNote || !names.length) return;
    var list = staleNote.querySelector("[data-draft-stale-list]");
    list.textContent = "";
    names.forEach(function (name) {
      var item = document.createElement("li");
      var strong = document.createElement("strong");
      strong.textContent = labelOf(name) + ": ";
      item.appendChild(strong);
      item.appendChild(document.createTextNode(shownValue(name, conflicts[name])));
      list.appendChild(item);
    });
    staleNote.hidden = false;
  }
  function restoreDraft() {
    var draft = readDraft(key);
    if (!draft) return;
    var values = draft.values;
    // Never move a form to another school: a draft only fills the form of the school it was typed for.
    if (school && school.value && values.school && values.school !== school.value) return;
    var stale = isEdit && String(draft.baseVersion) !== String(serverVersion);
    var conflicts = draft.conflicts || {};
    var restored = false;
    Object.keys(values).forEach(function (name) {
      if (NOT_IN_DRAFTS[name]) return;
      var mine = values[name];
      // A new visit's draft comes back whole (its date, its submission id); an edit's, what was changed.
      if (isEdit && name in draft.base && draft.base[name] === mine) return;
      if (stale && name in draft.base && opened[name] !== draft.base[name] && opened[name] !== mine) {
        conflicts[name] = mine;  // both changed it: the saved value stays, the person's is shown
        return;
      }
      restored = setValue(name, mine) || restored;
    });
    if (stale) {
      // Merged onto the saved version: from now on the draft is typed against it.
      writeDraft(key, { values: currentValues(), base: opened, baseVersion: serverVersion, conflicts: conflicts });
    }
    showConflicts(conflicts);
    if (restored && note) note.hidden = false;
    filterTeachers();
  }
  // A page re-rendered by the server (with errors) already holds what was typed: trust it over the draft.
  if (!form.querySelector(".is-invalid, .alert-danger")) restoreDraft();
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);
  Array.prototype.forEach.call(document.querySelectorAll("[data-draft-discard]"), function (discard) {
    discard.addEventListener("click", function () {
      try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
      window.location.reload();
    });
  });

  // One tap, one visit: the server also deduplicates by the form's UUID.
  var submit = form.querySelector("[data-submit]");
  form.addEventListener("submit", function () {
    saveDraft();
    if (submit) { submit.disabled = true; submit.textContent = msg("saving"); }
    setTimeout(function () { if (submit) submit.disabled = false; }, 15000);
  });
})();
