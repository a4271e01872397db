/* The leader dashboard's charts (sifa/reports/templates/reports/dashboard.html).
 *
 * The numbers and drill-down URLs come from the page (json_script "dashboard-charts") as
 * parallel arrays: clicking a point, a slice or a bar opens the records behind it. The same
 * numbers are in the page's tables, so the dashboard works without this script.
 */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-charts");
  if (!source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var charts = [];

  function draw(element, option, urlOf) {
    var chart = window.echarts.init(element);
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = urlOf(params);
      if (url) {
        window.location.href = url;
      }
    });
    charts.push(chart);
  }

  // Trends as small multiples: one chart per flow, so a line counting thousands of cases a
  // month does not flatten one counting dozens.
  var trendElement = document.querySelector(".js-dashboard-trend");
  if (trendElement) {
    trendElement.classList.add("row", "g-2");
    data.trend.series.forEach(function (series) {
      var cell = document.createElement("div");
      cell.className = "col-md-6";
      var box = document.createElement("div");
      box.style.height = "200px";
      box.setAttribute("role", "img");
      box.setAttribute("aria-label", series.name);
      cell.appendChild(box);
      trendElement.appendChild(cell);
      draw(
        box,
        {
          animation: false,
          title: {text: series.name, left: 8, top: 0, textStyle: {fontSize: 13}},
          tooltip: {trigger: "axis"},
          grid: {left: 8, right: 16, top: 32, bottom: 8, containLabel: true},
          xAxis: {type: "category", data: data.trend.months},
          yAxis: {type: "value", minInterval: 1},
          series: [{name: series.name, type: "line", data: series.values, symbolSize: 8}]
        },
        function (params) { return series.urls[params.dataIndex]; }
      );
    });
  }

  document.querySelectorAll(".js-dashboard-breakdown").forEach(function (element) {
    var chart = data.charts[Number(element.dataset.index)];
    if (!chart) {
      return;
    }
    var option;
    if (chart.kind === "pie") {
      option = {
        animation: false,
        tooltip: {trigger: "item", formatter: "{b}：{c}" + chart.unit + "（{d}%）"},
        series: [{
          type: "pie",
          radius: ["35%", "70%"],
          data: chart.labels.map(function (label, i) { return {name: label, value: chart.values[i]}; })
        }]
      };
    } else {
      // Horizontal bars keep long Chinese labels readable.
      element.style.height = Math.max(260, 26 * chart.labels.length + 40) + "px";
      option = {
        animation: false,
        tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
        grid: {left: 8, right: 32, top: 8, bottom: 8, containLabel: true},
        xAxis: {type: "value", name: chart.unit},
        yAxis: {type: "category", data: chart.labels, inverse: true, axisLabel: {interval: 0}},
        series: [{type: "bar", data: chart.values, label: {show: true, position: "right"}}]
      };
    }
    draw(element, option, function (params) { return chart.urls[params.dataIndex]; });
  });

  var rankingElement = document.querySelector(".js-dashboard-ranking");
  var ranking = data.ranking;
  if (rankingElement && ranking && ranking.labels.length) {
    rankingElement.style.height = Math.max(260, 26 * ranking.labels.length + 40) + "px";
    draw(
      rankingElement,
      {
        animation: false,
        tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
        grid: {left: 8, right: 32, top: 24, bottom: 8, containLabel: true},
        xAxis: {type: "value", name: ranking.unit},
        yAxis: {type: "category", data: ranking.labels, inverse: true, axisLabel: {interval: 0}},
        series: [{name: ranking.name, type: "bar", data: ranking.values, label: {show: true, position: "right"}}]
      },
      function (params) { return ranking.urls[params.dataIndex]; }
    );
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
