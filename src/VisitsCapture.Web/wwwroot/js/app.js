import { initAll } from '/lib/govuk/govuk-frontend.min.js';
import { clearOnSignOut } from '/js/outbox.js';

initAll();
// A shared hall tablet keeps nothing of the last user: the offline outbox is emptied at sign-out.
clearOnSignOut();
