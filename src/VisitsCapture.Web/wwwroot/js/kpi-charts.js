// Draws the KPI charts. Each canvas names, in data-chart, the <script type="application/json"> block holding its
// data (no inline script: the CSP is script-src 'self'). Every chart has a table with the same numbers beside it.
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') {
    return;
  }
  var blue = '#1d70b8';
  var orange = '#f47738';
  var black = '#0b0c0c';

  function base(spec) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      normalized: true,
      plugins: { legend: { position: 'bottom', labels: { color: black } }, tooltip: { enabled: true } },
      scales: {
        x: { ticks: { color: black }, grid: { color: '#f3f2f1' } },
        y: { title: { display: true, text: spec.yLabel, color: black }, ticks: { color: black }, beginAtZero: true, grid: { color: '#f3f2f1' } }
      }
    };
  }

  function line(spec) {
    return {
      type: 'line',
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return {
            label: s.label,
            data: s.data,
            borderColor: i === 0 ? blue : orange,
            backgroundColor: i === 0 ? blue : orange,
            borderDash: s.dashed ? [6, 4] : [],
            pointStyle: i === 0 ? 'circle' : 'rect',
            spanGaps: false,
            tension: 0
          };
        })
      },
      options: base(spec)
    };
  }

  // Family groups side by side: the quartile range as a floating bar, the median as a point, the nation as a line.
  function range(spec) {
    var datasets = [
      { type: 'bar', label: 'Lower to upper quartile', data: spec.ranges, backgroundColor: 'rgba(29, 112, 184, 0.35)', borderColor: blue, borderWidth: 1 },
      { type: 'line', label: 'Median', data: spec.medians, showLine: false, pointStyle: 'rectRot', pointRadius: 7, borderColor: black, backgroundColor: black }
    ];
    if (spec.national !== null && spec.national !== undefined) {
      datasets.push({ type: 'line', label: 'National', data: spec.labels.map(function () { return spec.national; }), borderColor: orange, borderDash: [6, 4], pointRadius: 0 });
    }
    return { type: 'bar', data: { labels: spec.labels, datasets: datasets }, options: base(spec) };
  }

  // A group's members: a bar each, with the group median and the nation as lines.
  function members(spec) {
    var datasets = [{ type: 'bar', label: spec.valueLabel, data: spec.values, backgroundColor: blue }];
    if (spec.median !== null && spec.median !== undefined) {
      datasets.push({ type: 'line', label: 'Group median', data: spec.labels.map(function () { return spec.median; }), borderColor: black, borderDash: [2, 2], pointRadius: 0 });
    }
    if (spec.national !== null && spec.national !== undefined) {
      datasets.push({ type: 'line', label: 'National', data: spec.labels.map(function () { return spec.national; }), borderColor: orange, borderDash: [6, 4], pointRadius: 0 });
    }
    return { type: 'bar', data: { labels: spec.labels, datasets: datasets }, options: base(spec) };
  }

  var builders = { line: line, range: range, members: members };
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute('data-chart'));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var build = builders[spec.kind];
    if (build) {
      canvas.chart = new window.Chart(canvas, build(spec));
    }
  });
}());
