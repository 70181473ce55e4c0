// The dashboard's behaviour, as ES modules the pages load from /dashboard/assets (no inline script: see the CSP).
import './actions.js';
import './live.js';
import './endpoints.js';
import './replay.js';
import './live-details.js';
