// The staff's report form: show only the target of the chosen scope, and find a network among many by
// typing. Without JavaScript every target shows (with a hint) and the server keeps only the scope's one.
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  if (!form) return;

  var targets = form.querySelectorAll("[data-target-for]");
  var hint = form.querySelector("[data-no-script-hint]");
  if (hint) hint.hidden = true;

  function showScope() {
    var checked = form.querySelector("input[name=scope]:checked");
    var scope = checked ? checked.value : "";
    targets.forEach(function (element) {
      element.hidden = element.getAttribute("data-target-for") !== scope;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "scope") showScope();
  });
  showScope();

  // Networks: a select of up to a few thousand options, grouped by region, filtered as one types.
  var box = form.querySelector("[data-network-search-box]");
  var search = form.querySelector("[data-network-search]");
  var select = form.querySelector("select[name=network]");
  var count = form.querySelector("[data-network-count]");
  if (!box || !search || !select) return;
  box.hidden = false;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  search.addEventListener("input", function () {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    var first = null;
    select.querySelectorAll("optgroup").forEach(function (group) {
      var region = fold(group.label);
      var visible = 0;
      group.querySelectorAll("option").forEach(function (option) {
        var text = region + " " + fold(option.textContent);
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        option.hidden = !match;
        if (match) {
          visible += 1;
          if (!first) first = option;
        }
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    if (shown === 1 && first) first.selected = true;
    if (count) {
      count.textContent = words.length ? (count.getAttribute("data-found") || "").replace("%s", String(shown)) : "";
    }
  });
})();
