// Polls a background import's status and moves the progress bar; reloads the page (which then shows the result
// or the error report) when the import has finished. Without JavaScript the page has a "Refresh" link instead.
(function () {
  'use strict';
  var root = document.getElementById('import-progress');
  if (!root || !window.fetch) {
    return;
  }
  var statusUrl = root.getAttribute('data-status-url');
  var text = document.getElementById('import-progress-text');
  var bar = document.getElementById('import-progress-bar');
  var refresh = document.getElementById('import-refresh');
  var failures = 0;
  if (refresh) {
    refresh.parentNode.hidden = true;
  }

  function show(s) {
    if (s.status === 'queued') {
      text.textContent = 'Waiting for another import to finish.';
      return;
    }
    var percent = typeof s.percent === 'number' ? s.percent : 0;
    bar.value = percent;
    bar.textContent = percent + '%';
    text.textContent = typeof s.rowsTotal === 'number'
      ? s.rowsRead.toLocaleString('en-GB') + ' of about ' + s.rowsTotal.toLocaleString('en-GB') + ' rows read (' + percent + '%).'
      : 'The file is being imported.';
  }

  function poll() {
    fetch(statusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('status ' + response.status);
        }
        return response.json();
      })
      .then(function (s) {
        failures = 0;
        if (s.done) {
          window.location.reload();
          return;
        }
        show(s);
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        failures += 1;
        if (failures >= 5) {
          // Give up quietly and let the person refresh by hand.
          if (refresh) {
            refresh.parentNode.hidden = false;
          }
          return;
        }
        window.setTimeout(poll, 2000);
      });
  }

  window.setTimeout(poll, 500);
}());
