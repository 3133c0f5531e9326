/* The staff map (evaluations:dashboard-map): fetches the points (compact arrays) and draws them with
 * Leaflet on one canvas, so 20,000 schools draw at once. No tile server is needed: the background is
 * plain and the program regions are labelled at their capitals; tiles are added only when the settings
 * name a tile server. Every colour has its words: in the legend, in each point's popup, and in the
 * table under the map (the same figures, rendered by the server). */
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
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }

  function dayBefore(isoDay, days) {
    var parts = isoDay.split("-").map(Number);
    var when = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]) - days * 86400000);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(when.getUTCDate()) + "/" + pad(when.getUTCMonth() + 1) + "/" + when.getUTCFullYear();
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  function popupFor(row, data, words) {
    var f = data.fieldIndex;
    var id = row[f.id], days = row[f.days], year = row[f.year];
    var box = el("div", "map-popup");
    box.appendChild(el("strong", null, row[f.name]));
    var legend = data.legend[row[f.bucket]];
    box.appendChild(el("div", "map-popup-status", legend.label));
    var visit;
    if (days === null) visit = words.never;
    else if (days === 0) visit = fill(words.visitedToday, { date: dayBefore(data.on, 0) });
    else visit = fill(words.visitedDaysAgo, { days: days, date: dayBefore(data.on, days) });
    box.appendChild(el("div", null, visit));
    var yearText = year === null ? words.noNetwork : year > 5 ? words.graduated : fill(words.programYear, { year: year });
    box.appendChild(el("div", null, yearText));
    var links = el("div", "map-popup-links");
    links.appendChild(link(data.urls.dashboard.replace("/0/", "/" + id + "/"), words.dashboard));
    if (data.urls.record) { // the sponsor portal's points link to the school's portal page only
      links.appendChild(document.createTextNode(" · "));
      links.appendChild(link(data.urls.record.replace("/0/", "/" + id + "/"), words.record));
    }
    box.appendChild(links);
    return box;
  }

  function legendControl(data, words) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = el("div", "map-legend");
      box.appendChild(el("div", "map-legend-title", words.legend));
      data.legend.forEach(function (item) {
        var line = el("div", "map-legend-item");
        var swatch = el("span", "map-legend-swatch");
        swatch.style.backgroundColor = item.color;
        swatch.setAttribute("aria-hidden", "true");
        line.appendChild(swatch);
        line.appendChild(el("span", null, item.label + " (" + item.count.toLocaleString("en-US") + ")"));
        box.appendChild(line);
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  function regionLabels(map, data) {
    data.regions.forEach(function (region) {
      var code = region[0], name = region[1];
      var icon = L.divIcon({
        className: "map-region-label",
        html: "",
        iconSize: null,
      });
      var marker = L.marker([region[2], region[3]], { icon: icon, keyboard: false, interactive: true, zIndexOffset: -1000 });
      marker.on("add", function () {
        var node = marker.getElement();
        node.textContent = "";
        // A region's page is staff's: elsewhere (the sponsor portal) the label is its name only.
        node.appendChild(data.urls.region ? link(data.urls.region.replace("/00/", "/" + code + "/"), name) : el("span", null, name));
      });
      marker.addTo(map);
    });
  }

  function draw(container, data, config) {
    var words = config.words;
    data.fieldIndex = {};
    data.fields.forEach(function (name, index) { data.fieldIndex[name] = index; });
    container.textContent = "";
    var map = L.map(container, { preferCanvas: true, zoomSnap: 0.25, attributionControl: Boolean(config.tilesUrl) });
    if (config.tilesUrl) {
      L.tileLayer(config.tilesUrl, { attribution: config.tilesAttribution, maxZoom: 18 }).addTo(map);
    }
    var renderer = L.canvas({ padding: 0.5 });
    var f = data.fieldIndex;
    var group = L.featureGroup();
    data.points.forEach(function (row, index) {
      var color = data.legend[row[f.bucket]].color;
      L.circleMarker([row[f.lat], row[f.lon]], {
        renderer: renderer, radius: 5, weight: 1, color: "#ffffff", fillColor: color, fillOpacity: 0.9, row: index,
      }).addTo(group);
    });
    group.on("click", function (event) {
      var row = data.points[event.layer.options.row];
      L.popup().setLatLng(event.layer.getLatLng()).setContent(popupFor(row, data, words)).openOn(map);
    });
    group.addTo(map);
    regionLabels(map, data);
    legendControl(data, words).addTo(map);
    if (data.points.length) map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 11 });
    else map.fitBounds(PERU);
    container.leafletMap = map; // for the browser test, which clicks a point where the map drew it
    container.dataset.pointsDrawn = String(data.points.length);
    container.dataset.state = "ready";
    var status = document.getElementById("school-map-status");
    if (status) status.textContent = data.points.length ? fill(words.drawn, { n: data.points.length.toLocaleString("en-US") }) : words.empty;
  }

  function start() {
    var container = document.getElementById("school-map");
    var configNode = document.getElementById("school-map-config");
    if (!container || !configNode || typeof L === "undefined") return;
    var config = JSON.parse(configNode.textContent);
    container.classList.add("is-loading");
    container.querySelector(".school-map-fallback").textContent = config.words.loading;
    fetch(container.dataset.pointsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        container.classList.remove("is-loading");
        draw(container, data, config);
      })
      .catch(function () {
        container.classList.remove("is-loading");
        container.dataset.state = "error";
        container.textContent = "";
        container.appendChild(el("p", "school-map-fallback text-body-secondary p-3 mb-0", config.words.error));
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
