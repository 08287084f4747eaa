// The workers online, from their heartbeats, and the tasks each runs.

import { el } from './dom.js';
import { api } from './api.js';
import { emptyRow, num, since, taskLink, time } from './format.js';
import { Page } from './page.js';

/** #/workers */
export class WorkersPage extends Page {
  mount(view) {
    super.mount(view);
    this.list = el('div', { testid: 'workers' }, el('span', { class: 'muted', text: 'loading…' }));
    view.append(el('h1', { text: 'Workers' }), this.list);
  }

  async load() {
    // the times shown are relative to now: render every time
    return { ...(await api.get('/api/workers')), loadedAt: Date.now() };
  }

  render(data) {
    const workers = data.workers || [];
    if (!workers.length) {
      this.list.replaceChildren(el('div', { class: 'card muted', testid: 'workers-empty', text: 'No worker is online.' }));
      return;
    }
    this.list.replaceChildren(...workers.map((w) => el('div', {
      class: 'card worker', testid: 'worker', data: { workerId: w.workerId },
    },
    el('h3', { testid: 'worker-name', text: w.name || w.workerId }),
    el('dl', { class: 'facts' },
      el('dt', { text: 'id' }), el('dd', { class: 'mono', text: w.workerId }),
      el('dt', { text: 'host / pid' }), el('dd', { testid: 'worker-host', text: `${w.host} / ${w.pid}` }),
      el('dt', { text: 'topics' }), el('dd', { testid: 'worker-topics', text: (w.topics || []).join(', ') }),
      el('dt', { text: 'concurrency' }), el('dd', { text: w.concurrency }),
      el('dt', { text: 'running' }), el('dd', { testid: 'worker-in-flight', text: w.inFlight }),
      el('dt', { text: 'started' }), el('dd', null, time(w.startedAt), el('span', { class: 'muted', text: ` (${since(w.startedAt)} ago)` })),
      el('dt', { text: 'last heartbeat' }), el('dd', { testid: 'worker-last-seen', title: w.lastSeen, text: since(w.lastSeen) + ' ago' })),
    el('table', { testid: 'running-table' },
      el('thead', null, el('tr', null, ['task id', 'task', 'topic', 'attempt', 'running for'].map((h) => el('th', { class: h === 'attempt' && 'num', text: h })))),
      el('tbody', null, (w.running || []).length ? w.running.map((r) => el('tr', { testid: 'running-task', data: { taskId: r.taskId } },
        el('td', null, taskLink(r.taskId, 'running-task-link')),
        el('td', { text: r.taskName }),
        el('td', { text: r.topic }),
        num(r.attempt),
        el('td', { class: 'nowrap', title: r.startedAt, text: since(r.startedAt) })))
        : emptyRow(5, 'idle', 'running-empty'))))));
  }
}
