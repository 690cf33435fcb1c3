// The trend chart of the request figures page: received and answered by day (ECharts).
(function () {
  const box = document.getElementById("trend");
  const source = document.getElementById("trend-data");
  if (!box || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const chart = echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: data.labels },
    xAxis: { type: "category", data: data.days },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.labels[0], type: "line", data: data.received },
      { name: data.labels[1], type: "line", data: data.resolved },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
