// Runs first in <body>: marks the page for GOV.UK Frontend's JavaScript-enhanced styles (kept out of inline script for CSP).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
