// ebats dashboard: a single page over the JSON API under /api (docs/dashboard.md), routed by the address
// fragment: #/ overview, #/runs, #/task/ID, #/dead, #/workers, #/schedules.

import { $, el } from './dom.js';
import { api } from './api.js';
import { banner } from './feedback.js';
import { setUpHeader, showNamespace, token } from './header.js';
import { show, startRefreshing } from './refresh.js';
import { OverviewPage } from './overview.js';
import { RunsPage } from './runs.js';
import { TaskPage } from './task.js';
import { DeadPage } from './dead.js';
import { WorkersPage } from './workers.js';
import { SchedulesPage } from './schedules.js';

const routes = [
  { name: 'overview', pattern: /^\/?$/, create: (q) => new OverviewPage(q) },
  { name: 'runs', pattern: /^\/runs\/?$/, create: (q) => new RunsPage(q) },
  { name: 'task', nav: 'runs', pattern: /^\/task\/(.+)$/, create: (q, m) => new TaskPage(q, decodeURIComponent(m[1])) },
  { name: 'dead', pattern: /^\/dead\/?$/, create: (q) => new DeadPage(q) },
  { name: 'workers', pattern: /^\/workers\/?$/, create: (q) => new WorkersPage(q) },
  { name: 'schedules', pattern: /^\/schedules\/?$/, create: (q) => new SchedulesPage(q) },
];

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?', 2);
  let found = null;
  let match = null;
  for (const r of routes) {
    match = r.pattern.exec(path);
    if (match) {
      found = r;
      break;
    }
  }
  const view = $('view');
  view.replaceChildren();
  banner.clear(true);
  document.querySelectorAll('#nav a').forEach((a) =>
    a.classList.toggle('active', Boolean(found) && a.dataset.route === (found.nav || found.name)));
  if (!found) {
    show(null);
    view.append(el('h1', { text: 'Not found' }), el('p', null, 'No page here. ', el('a', { href: '#/', text: 'Overview' })));
    return;
  }
  const page = found.create(new URLSearchParams(search || ''), match);
  view.dataset.page = found.name;
  page.mount(view);
  show(page);
}

token.takeFromFragment();
setUpHeader();
window.addEventListener('hashchange', route);
route();
startRefreshing();
api.get('/api/overview').then((o) => showNamespace(o.namespace), () => {});
