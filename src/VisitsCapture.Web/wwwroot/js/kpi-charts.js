// Draws the KPI charts. Each canvas names, in data-chart, the <script type="application/json"> block holding its
// data (no inline script: the CSP is script-src 'self'). Every chart has a table with the same numbers beside it.
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') {
    return;
  }
  // The page's own font (GOV.UK sets it on its text classes, not on body), at a readable size, as the population charts.
  window.Chart.defaults.font.family = getComputedStyle(document.querySelector('.govuk-body') || document.body).fontFamily;
  window.Chart.defaults.font.size = 16;
  window.Chart.defaults.color = '#0b0c0c';
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
      options: base(spec),
      plugins: spec.markers && spec.markers.length ? [markers(spec.markers)] : []
    };
  }

  // Vertical markers (an intervention's start month) at label indexes: a dashed black line with its label at the top.
  // The same facts are listed beside the chart, so nothing is only in the drawing.
  function markers(list) {
    return {
      id: 'vcMarkers',
      afterDatasetsDraw: function (chart) {
        var x = chart.scales.x;
        var area = chart.chartArea;
        var ctx = chart.ctx;
        ctx.save();
        list.forEach(function (m, n) {
          if (m.index < 0 || m.index >= chart.data.labels.length) {
            return;
          }
          var px = x.getPixelForValue(m.index);
          ctx.strokeStyle = black;
          ctx.lineWidth = 2;
          ctx.setLineDash([4, 4]);
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = black;
          ctx.font = '14px ' + window.Chart.defaults.font.family;
          ctx.textAlign = px > (area.left + area.right) / 2 ? 'right' : 'left';
          ctx.fillText(m.label, px + (ctx.textAlign === 'right' ? -4 : 4), area.top + 14 + 16 * n);
        });
        ctx.restore();
      }
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

  // A group's members: a bar each, with the group median and the nation as lines. Bars run across, one row per member,
  // so that every establishment's name reads horizontally whatever the size of the group; the chart grows to fit.
  function members(spec, canvas) {
    // order 1: the bars are drawn first, the lines (order 0) over them.
    var datasets = [{ type: 'bar', label: spec.valueLabel, data: spec.values, backgroundColor: blue, order: 1 }];
    if (spec.median !== null && spec.median !== undefined) {
      datasets.push({ type: 'line', label: 'Group median', data: spec.labels.map(function () { return spec.median; }), borderColor: black, borderDash: [2, 2], pointRadius: 0 });
    }
    if (spec.national !== null && spec.national !== undefined) {
      datasets.push({ type: 'line', label: 'National', data: spec.labels.map(function () { return spec.national; }), borderColor: orange, borderDash: [6, 4], pointRadius: 0 });
    }
    var options = base(spec);
    options.indexAxis = 'y';
    options.scales = {
      x: options.scales.y,
      y: { ticks: { color: black, autoSkip: false }, grid: { display: false } }
    };
    canvas.parentNode.style.height = Math.max(320, 120 + 28 * spec.labels.length) + 'px';
    return { type: 'bar', data: { labels: spec.labels, datasets: datasets }, options: options };
  }

  // Grouped bars (standards green by region): one series per standard, in the legend's order and colours.
  function bars(spec) {
    var colours = [blue, orange, black, '#00703c', '#4c2c92', '#d4351c'];
    var options = base(spec);
    if (spec.max !== undefined) {
      options.scales.y.max = spec.max;
    }
    return {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
        })
      },
      options: options
    };
  }

  var builders = { line: line, range: range, members: members, bars: bars };
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute('data-chart'));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var build = builders[spec.kind];
    if (build) {
      canvas.chart = new window.Chart(canvas, build(spec, canvas));
    }
  });
}());
