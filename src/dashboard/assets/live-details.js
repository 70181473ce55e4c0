// A <details data-key> inside a live region keeps the state a person gave it when the region is rendered again
// (the server sends every group open).
const chosen = new Map();

document.addEventListener('click', (event) => {
  const summary = event.target instanceof Element ? event.target.closest('summary') : null;
  const details = summary?.parentElement;
  if (details instanceof HTMLDetailsElement && details.dataset.key) chosen.set(details.dataset.key, !details.open);
});

document.addEventListener('live:updated', (event) => {
  for (const details of event.target.querySelectorAll('details[data-key]')) {
    const open = chosen.get(details.dataset.key);
    if (open !== undefined) details.open = open;
  }
});
