// Draws the population page's charts from the JSON blocks beside them (no inline script: the CSP allows only
// files from this site). Each chart has a table with the same numbers and a text summary on the page.
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') {
    return;
  }
  var Chart = window.Chart;
  var blue = '#1d70b8';
  var orange = '#f47738';
  var grey = '#505a5f';

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // Tablets and print: no animation (Chart.js performance guidance), and the page's own font.
  Chart.defaults.animation = false;
  // GOV.UK sets its font on its text classes, not on body (which has the browser's serif default).
  Chart.defaults.font.family = getComputedStyle(document.querySelector('.govuk-body') || document.body).fontFamily;
  Chart.defaults.font.size = 16;
  Chart.defaults.color = '#0b0c0c';

  var bands = data('band-chart-data');
  var bandCanvas = document.getElementById('band-chart');
  if (bands && bandCanvas) {
    new Chart(bandCanvas, {
      type: 'bar',
      data: {
        labels: bands.labels,
        datasets: [{
          label: 'Prisoners',
          data: bands.counts,
          backgroundColor: bands.labels.map(function (_, i) { return i === bands.labels.length - 1 ? grey : blue; })
        }]
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Prisoners' } } }
      }
    });
  }

  var trend = data('trend-chart-data');
  var trendCanvas = document.getElementById('trend-chart');
  if (trend && trendCanvas) {
    new Chart(trendCanvas, {
      type: 'line',
      data: {
        labels: trend.labels,
        datasets: [
          { label: 'Locality index (%)', data: trend.pli, borderColor: blue, backgroundColor: blue, yAxisID: 'pli', spanGaps: false },
          { label: 'Median distance (miles)', data: trend.median, borderColor: orange, backgroundColor: orange, borderDash: [6, 4], yAxisID: 'miles', spanGaps: false }
        ]
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          pli: { type: 'linear', position: 'left', min: 0, max: 100, title: { display: true, text: 'Locality index (%)' } },
          miles: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'Median miles' } }
        }
      }
    });
  }
}());
