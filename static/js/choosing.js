/* Choosing schools (evaluations:candidate-offer): the offer's map and the selection.
 *
 * The page works without this script: the list's checkboxes send the chosen schools to "Comparar" or
 * "Pedir" (GET forms). The script adds the count of chosen schools to the action bar, keeps the buttons
 * off until something is chosen, and draws the offer on a Leaflet map (no tile server needed, the program
 * regions named at their capitals), one colour per proposed group (the legend is the page's, under the
 * map), where each point's popup ticks the same checkbox as the list. */
(function () {
  "use strict";

  var PERU = [[-18.4, -81.4], [-0.03, -68.65]];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; }).replace(/%%/g, "%");
  }

  function number(value, decimals) {
    return Number(value).toLocaleString("en-US", { minimumFractionDigits: decimals || 0, maximumFractionDigits: decimals || 0 });
  }

  function checkboxFor(id) {
    return document.querySelector('#offer-form input[name="c"][value="' + id + '"]');
  }

  // --- The selection -----------------------------------------------------------------------
  function chosenIds(form) {
    var ids = [];
    form.querySelectorAll('input[name="c"]:checked, input[type="hidden"][name="c"]').forEach(function (input) {
      if (ids.indexOf(input.value) === -1) ids.push(input.value);
    });
    return ids;
  }

  function updateSelection(form) {
    var chosen = chosenIds(form).length;
    var count = document.getElementById("selected-count");
    if (count) {
      var template = chosen === 1 ? count.dataset.one : count.dataset.many;
      count.textContent = chosen ? fill(template, { n: chosen }) : count.dataset.none;
    }
    form.querySelectorAll("[data-needs]").forEach(function (button) {
      button.disabled = chosen < Number(button.dataset.needs);
    });
  }

  function startSelection() {
    var form = document.getElementById("offer-form");
    if (!form) return;
    form.addEventListener("change", function () { updateSelection(form); });
    updateSelection(form);
    // Filtering keeps what is ticked now (the filter form carries the page's selection as it loaded).
    var filters = document.getElementById("offer-filters");
    if (filters) {
      filters.addEventListener("submit", function () {
        filters.querySelectorAll("[data-selection]").forEach(function (input) { input.remove(); });
        chosenIds(form).forEach(function (id) {
          var input = el("input");
          input.type = "hidden";
          input.name = "c";
          input.value = id;
          input.setAttribute("data-selection", "");
          filters.appendChild(input);
        });
      });
    }
  }

  // --- The map -----------------------------------------------------------------------------
  function popupFor(row, data) {
    var f = data.fieldIndex, words = data.words;
    var box = el("div", "map-popup");
    box.appendChild(el("strong", null, row[f.name]));
    var group = data.legend[row[f.group]];
    if (group) box.appendChild(el("div", "map-popup-status", group.name));
    if (row[f.students] !== null) box.appendChild(el("div", null, fill(words.students, { n: number(row[f.students]) })));
    if (row[f.quintile] !== null) box.appendChild(el("div", null, fill(words.quintile, { q: row[f.quintile] })));
    if (row[f.distance] !== null) box.appendChild(el("div", null, fill(words.distance, { km: number(row[f.distance], 1) })));
    if (row[f.reading] !== null) box.appendChild(el("div", null, fill(words.reading, { p: number(row[f.reading], 1) })));
    if (row[f.math] !== null) box.appendChild(el("div", null, fill(words.math, { p: number(row[f.math], 1) })));
    var checkbox = checkboxFor(row[f.id]);
    if (checkbox && !checkbox.disabled) {
      var label = el("label");
      var tick = el("input");
      tick.type = "checkbox";
      tick.checked = checkbox.checked;
      tick.addEventListener("change", function () {
        checkbox.checked = tick.checked;
        checkbox.dispatchEvent(new Event("change", { bubbles: true }));
      });
      label.appendChild(tick);
      label.appendChild(document.createTextNode(words.select));
      box.appendChild(label);
    }
    var link = el("a", null, words.row);
    link.href = "#candidata-" + row[f.id];
    box.appendChild(link);
    return box;
  }

  function regionLabels(map, data) {
    // Under the points (the overlay pane is 400): a school beside a capital stays in view and clickable.
    map.createPane("regions");
    map.getPane("regions").style.zIndex = 350;
    map.getPane("regions").style.pointerEvents = "none";
    (data.regions || []).forEach(function (region) {
      var icon = L.divIcon({ className: "map-region-label", html: "", iconSize: null });
      var marker = L.marker([region[2], region[3]], { icon: icon, keyboard: false, interactive: false, pane: "regions" });
      marker.on("add", function () {
        var node = marker.getElement();
        node.textContent = "";
        node.appendChild(el("span", null, region[1]));
      });
      marker.addTo(map);
    });
  }

  function startMap() {
    var container = document.getElementById("offer-map");
    var dataNode = document.getElementById("offer-map-data");
    if (!container || !dataNode || typeof L === "undefined") return;
    var data = JSON.parse(dataNode.textContent);
    data.fieldIndex = {};
    data.fields.forEach(function (name, index) { data.fieldIndex[name] = index; });
    var f = data.fieldIndex;
    container.textContent = "";
    container.classList.add("is-loading"); // the box takes the map's height before Leaflet measures it
    var map = L.map(container, { preferCanvas: true, zoomSnap: 0.25, attributionControl: false });
    container.classList.remove("is-loading");
    map.invalidateSize();
    var renderer = L.canvas({ padding: 0.5 });
    var group = L.featureGroup();
    data.points.forEach(function (row, index) {
      var legend = data.legend[row[f.group]];
      L.circleMarker([row[f.lat], row[f.lon]], {
        renderer: renderer, radius: 7, weight: 2, color: "#ffffff", fillColor: legend ? legend.color : "#3d4850",
        fillOpacity: 0.95, row: index,
      }).addTo(group);
    });
    group.on("click", function (event) {
      var row = data.points[event.layer.options.row];
      L.popup().setLatLng(event.layer.getLatLng()).setContent(popupFor(row, data)).openOn(map);
    });
    regionLabels(map, data);
    group.addTo(map);
    if (data.points.length) map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 10 });
    else map.fitBounds(PERU);
    container.leafletMap = map; // for the browser test
    container.dataset.pointsDrawn = String(data.points.length);
    container.dataset.state = "ready";
    var status = document.getElementById("offer-map-status");
    if (status) status.textContent = data.points.length ? fill(data.words.drawn, { n: data.points.length }) : data.words.empty;
  }

  function start() {
    startSelection();
    startMap();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
