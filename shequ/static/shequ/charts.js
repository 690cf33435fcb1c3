/* Bar charts of figures per child node. Each <div class="chart" data-chart="ID"> reads its
   data from the <script type="application/json" id="ID"> written by Django's json_script:
   {"categories": [...], "series": [{"name": "...", "data": [...]}, ...]}. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var charts = [];

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "category", data: data.categories, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, barMaxWidth: 32 };
      })
    });
    charts.push(chart);
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (!echarts.getInstanceByDom(el)) { draw(el); }
    });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (evt) { drawAll(evt.target); });
})();
