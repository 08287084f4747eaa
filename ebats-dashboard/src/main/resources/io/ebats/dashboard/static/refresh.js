// The refresh loop: the page shown loads and renders its data every 2 s, unless it says to wait.

import { $ } from './dom.js';
import { describe } from './api.js';
import { banner } from './feedback.js';
import { fmtTime } from './format.js';

const REFRESH_MS = 2000;

let current = null;
let lastData = null;
let busy = false;
let again = false;

/** Makes this page (or none) the one refreshed, and loads it now. */
export function show(page) {
  current = page;
  lastData = null;
  if (page) {
    refreshNow();
  }
}

/** Loads and renders the current page now; when a load is running, once more after it. */
export async function refreshNow() {
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  try {
    do {
      again = false;
      await refreshOnce();
    } while (again);
  } finally {
    busy = false;
  }
}

async function refreshOnce() {
  const page = current;
  if (!page) {
    return;
  }
  try {
    const data = await page.load();
    if (page !== current) {
      return;
    }
    const key = JSON.stringify(data);
    if (key !== lastData) { // unchanged data is not rendered again: open details and selections stay
      lastData = key;
      page.render(data);
    }
    banner.clear(false);
    $('refresh-state').dataset.updated = new Date().toISOString();
    updateRefreshState();
  } catch (e) {
    if (page === current && !banner.sticky) {
      banner.error(describe(e), false);
    }
  }
}

function pauseReason() {
  if ($('confirm').open) {
    return 'paused while confirming';
  }
  const selection = window.getSelection();
  if (selection && selection.toString() && $('view').contains(selection.anchorNode)) {
    return 'paused while text is selected';
  }
  return current ? current.pauseReason() : null;
}

/** Shows in the header when the data was last loaded, or why refreshing waits. */
export function updateRefreshState() {
  const node = $('refresh-state');
  const reason = pauseReason();
  node.classList.toggle('paused', Boolean(reason));
  const updated = node.dataset.updated ? 'updated ' + fmtTime(node.dataset.updated) : '';
  node.textContent = reason || updated;
}

function tick() {
  updateRefreshState();
  if (!document.hidden && !pauseReason()) {
    refreshNow();
  }
}

/** Starts refreshing every 2 s. */
export function startRefreshing() {
  setInterval(tick, REFRESH_MS);
}
