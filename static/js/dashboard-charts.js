// The staff dashboards' charts, drawn with Chart.js from the JSON the page carries (json_script).
// Each chart has a table twin in the page (real HTML, for screen readers and print); the canvas is
// aria-hidden and its box stays hidden until a chart is drawn, so without JavaScript the tables remain.
// The same thing has the same colour on every page: the palette below is the only one.
(function () {
  "use strict";
  var COLOURS = {
    visits: "#0b5c8a",         // the accent: what was done
    plan: "#8a5a00",           // what was planned (a dashed line)
    networks: "#0b5c8a",
    workshops: "#0b5c8a",
    on_track: "#1e7a3c",       // the goal statuses: as in the words beside them (success, warning, danger)
    at_risk: "#c48a00",
    off_track: "#b3261e",
    no_measure: "#8c969e",
    previo_inicio: "#b3261e",  // achievement levels: from red (lowest) to green (satisfactorio)
    en_inicio: "#e07b39",
    en_proceso: "#f2c14e",
    satisfactorio: "#1e7a3c",
    national: "#1b2730",       // the national figure: a dark line with square points
    firstYear: "#6f42c1"       // the schools' own first year: a dashed line
  };

  function readData() {
    var node = document.getElementById("dashboard-charts-data");
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function percentTicks(value) { return value + " %"; }

  function numberFormat(value) {
    return new Intl.NumberFormat("en-US").format(value);
  }

  function axis(title, extra) {
    var options = { title: { display: !!title, text: title }, ticks: {} };
    for (var key in extra || {}) options[key] = extra[key];
    return options;
  }

  var BUILDERS = {
    visits: function (data) {
      var d = data.visits;
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [
            { type: "bar", label: d.visitsLabel, data: d.visits, backgroundColor: COLOURS.visits, order: 2 },
            // The plan: a dashed line with a short bar at each month, so a single month still shows its target.
            { type: "line", label: d.planLabel, data: d.plan, borderColor: COLOURS.plan, backgroundColor: COLOURS.plan,
              borderDash: [6, 4], borderWidth: 2, pointStyle: "line", pointRadius: 18, pointBorderWidth: 3,
              pointBorderColor: COLOURS.plan, tension: 0, order: 1 }
          ]
        },
        options: { datasets: { bar: { maxBarThickness: 56 } },
          plugins: { legend: { labels: { usePointStyle: true } } },
          scales: { y: axis(d.yLabel, { beginAtZero: true }) } }
      };
    },
    programYears: function (data) {
      var d = data.programYears;
      return {
        type: "bar",
        data: { labels: d.labels, datasets: [{ label: d.networksLabel, data: d.networks, backgroundColor: COLOURS.networks }] },
        options: { plugins: { legend: { display: false } },
          scales: { x: axis(d.xLabel), y: axis(d.yLabel, { beginAtZero: true, ticks: { precision: 0 } }) } }
      };
    },
    workshops: function (data) {
      var d = data.workshops;
      if (!d.labels.length) return null;
      return {
        type: "bar",
        data: { labels: d.labels, datasets: [{ label: d.sharesLabel, data: d.shares, backgroundColor: COLOURS.workshops }] },
        options: { indexAxis: "y", plugins: { legend: { display: false } },
          scales: { x: axis(d.xLabel, { min: 0, max: 100, ticks: { callback: percentTicks } }) } }
      };
    },
    goals: function (data) {
      var d = data.goals;
      var total = d.counts.reduce(function (a, b) { return a + b; }, 0);
      if (!total) return null;
      return {
        type: "bar",
        data: { labels: d.labels, datasets: [{ label: d.countsLabel, data: d.counts,
          backgroundColor: d.statuses.map(function (s) { return COLOURS[s]; }) }] },
        options: { indexAxis: "y", plugins: { legend: { display: false } },
          scales: { x: axis(d.countsLabel, { beginAtZero: true, ticks: { precision: 0 } }) } }
      };
    }
  };

  function resultsBuilder() {
    return function (data, box) {
      var d = data.results[box.dataset.key];
      if (!d || !d.labels.length) return null;
      var datasets = data.levels.map(function (level) {
        return { type: "bar", label: level.label, data: d.levels[level.code], backgroundColor: COLOURS[level.code],
          stack: "levels", order: 3 };
      });
      datasets.push({ type: "line", label: data.nationalLabel, data: d.national, borderColor: COLOURS.national,
        backgroundColor: "#ffffff", pointStyle: "rectRot", pointRadius: 5, borderWidth: 2, stack: "national",
        spanGaps: true, order: 1 });
      if (d.firstYear.some(function (v) { return v !== null; })) {
        datasets.push({ type: "line", label: data.firstYearLabel, data: d.firstYear, borderColor: COLOURS.firstYear,
          backgroundColor: COLOURS.firstYear, borderDash: [6, 4], pointRadius: 3, borderWidth: 2, stack: "first",
          pointStyle: "line",
          spanGaps: true, order: 2 });
      }
      return {
        type: "bar",
        data: { labels: d.labels, datasets: datasets },
        options: { plugins: { legend: { labels: { usePointStyle: true } } },
          scales: { x: axis(data.yearLabel, { stacked: true }),
          y: axis(data.percentLabel, { stacked: true, min: 0, max: 100, ticks: { callback: percentTicks } }) } }
      };
    };
  }
  BUILDERS.results = resultsBuilder();

  function draw() {
    var data = readData();
    if (!data || typeof window.Chart === "undefined") return;
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.color = "#3d4850";
    window.Chart.defaults.maintainAspectRatio = false;
    window.Chart.defaults.animation = false; // drawn once, at once; and for print
    window.Chart.defaults.plugins.legend.position = "bottom";
    window.Chart.defaults.plugins.legend.labels.boxWidth = 14;
    window.Chart.defaults.plugins.legend.labels.boxHeight = 10;
    window.Chart.defaults.plugins.tooltip.callbacks.label = function (context) {
      var value = context.parsed[context.chart.options.indexAxis === "y" ? "x" : "y"];
      if (value === null || value === undefined) return context.dataset.label + ": —";
      return context.dataset.label + ": " + numberFormat(value);
    };
    document.querySelectorAll(".chart-box[data-chart]").forEach(function (box) {
      var build = BUILDERS[box.dataset.chart];
      var config = build && build(data, box);
      if (!config) return; // nothing to draw: the table says so
      box.hidden = false;
      new window.Chart(box.querySelector("canvas"), config);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
