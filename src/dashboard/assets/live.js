// Live regions: an element with data-live="/dashboard/...stream" has its content replaced by each fragment the server
// sends over Server-Sent Events. The fragments are rendered on the server, where every value is escaped.

for (const region of document.querySelectorAll('[data-live]')) {
  const source = new EventSource(region.dataset.live);
  source.addEventListener('message', (event) => {
    region.innerHTML = event.data;
    region.removeAttribute('data-stale');
    region.dispatchEvent(new CustomEvent('live:updated', { bubbles: true }));
  });
  source.addEventListener('stale', () => region.setAttribute('data-stale', 'true'));
  source.addEventListener('error', () => region.setAttribute('data-stale', 'true'));
  // Marks the region as connected, so a test (or a person) can tell updates are flowing. A reconnected stream sends
  // nothing until the fragment changes (its events carry ids), so being connected again is what ends a stale mark.
  source.addEventListener('open', () => {
    region.setAttribute('data-live-open', 'true');
    region.removeAttribute('data-stale');
  });
}
