// VisitsCapture service worker: lets the visits hall screen open with no network.
// It keeps only the app shell: static files and the hall's shell page, which holds no personal data. Responses
// marked Cache-Control: no-store (every page with prisoner numbers, every API answer) are never kept. Visits
// logged offline wait in the page's IndexedDB outbox (js/outbox.js), not here.
const CACHE = 'vc-shell-v2';
const LAST_SHELL = '/__vc/last-shell';
const NETWORK_TIMEOUT_MS = 10000;
const PRECACHE = [
  '/offline.html',
  '/manifest.webmanifest',
  '/lib/govuk/govuk-frontend.min.css',
  '/lib/govuk/govuk-frontend.min.js',
  '/lib/moj/moj-frontend.min.css',
  '/css/site.css',
  '/css/hall.css',
  '/js/js-enabled.js',
  '/js/app.js',
  '/js/hall.js',
  '/js/hall-page.js',
  '/js/outbox.js',
  '/assets/fonts/light-94a07e06a1-v2.woff2',
  '/assets/fonts/bold-b542beb274-v2.woff2',
  '/assets/images/favicon.ico',
  '/assets/images/favicon.svg',
  '/assets/images/govuk-crest.svg',
  '/images/visits-hall-icon.svg',
];
const STATIC = /^\/(lib|assets|css|js|images)\/|^\/(offline\.html|manifest\.webmanifest)$/;
const SHELL = /^\/establishments\/[A-Z0-9]{1,10}\/capture-shell$/;

const storable = (response) => response.ok && !response.redirected && !/no-store/i.test(response.headers.get('Cache-Control') || '');

self.addEventListener('install', (event) => {
  // One missing file (say, after a front-end upgrade renamed a font) must not stop the rest being kept.
  event.waitUntil(caches.open(CACHE)
    .then((cache) => Promise.allSettled(PRECACHE.map((url) => fetch(url, { cache: 'no-cache' })
      .then((response) => (storable(response) ? cache.put(url, response) : undefined)))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('vc-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The hall page asks for its establishment's shell to be kept, each time it loads online.
self.addEventListener('message', (event) => {
  const { type, url } = event.data || {};
  if (type === 'cache-shell' && typeof url === 'string' && SHELL.test(url)) {
    event.waitUntil(keepShell(url).then((ok) => event.ports[0] && event.ports[0].postMessage({ ok }), () => event.ports[0] && event.ports[0].postMessage({ ok: false })));
  }
});

async function keepShell(url) {
  const response = await fetch(url, { credentials: 'same-origin', cache: 'no-cache' });
  // A signed-out user is redirected to the sign-in page: that is never kept as the shell.
  if (!storable(response)) {
    return false;
  }
  const cache = await caches.open(CACHE);
  await cache.put(url, response);
  await cache.put(LAST_SHELL, new Response(url));
  return true;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(page(request, url));
  } else if (STATIC.test(url.pathname)) {
    event.respondWith(file(request));
  }
  // Everything else (the API, the antiforgery token) goes to the network, uncached.
});

function withTimeout(promise) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), NETWORK_TIMEOUT_MS))]);
}

// Pages: always from the network (they are never cached). With no network, the hall shell of the page's
// establishment, or the last shell kept, or a plain offline page.
async function page(request, url) {
  try {
    return await withTimeout(fetch(request));
  } catch {
    const cache = await caches.open(CACHE);
    const match = url.pathname.match(/^\/establishments\/([A-Za-z0-9]{1,10})(\/|$)/);
    const own = match ? await cache.match(`/establishments/${match[1].toUpperCase()}/capture-shell`) : undefined;
    if (own) {
      return own;
    }
    const last = await cache.match(LAST_SHELL);
    const shell = last ? await cache.match(await last.text()) : undefined;
    return shell || (await cache.match('/offline.html')) || Response.error();
  }
}

// Static files: the network first (so a new release is picked up at once), the kept copy when offline.
async function file(request) {
  const cache = await caches.open(CACHE);
  try {
    // Revalidated (a cheap 304 when unchanged), so a module imported without a version query is never stale.
    const response = await withTimeout(fetch(request, { cache: 'no-cache' }));
    if (storable(response)) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch {
    return (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true })) || Response.error();
  }
}
