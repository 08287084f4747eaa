// The runs: every attempt in the history, filtered, 50 a page.

import { el } from './dom.js';
import { api, ApiError } from './api.js';
import { OUTCOMES, badge, emptyRow, fmtDuration, isoFromLocal, num, shortClass, taskLink, time } from './format.js';
import { Filters, Page } from './page.js';
import { refreshNow } from './refresh.js';

const PAGE_SIZE = 50;

/** #/runs?topic=&task=&outcome=&taskId=&eventId=&q=&since=&until=&offset= */
export class RunsPage extends Page {
  mount(view) {
    super.mount(view);
    const q = this.query;
    this.offset = Math.max(0, parseInt(q.get('offset') || '0', 10) || 0);
    this.state = Object.fromEntries(['topic', 'task', 'outcome', 'taskId', 'eventId', 'q', 'since', 'until']
      .map((k) => [k, q.get(k) || '']));
    this.filters = new Filters([
      { name: 'topic', label: 'topic' },
      { name: 'task', label: 'task' },
      { name: 'outcome', label: 'outcome', type: 'select', options: OUTCOMES },
      { name: 'taskId', label: 'task id' },
      { name: 'eventId', label: 'event id' },
      { name: 'q', label: 'text in params', wide: true },
      { name: 'since', label: 'since', type: 'datetime' },
      { name: 'until', label: 'until', type: 'datetime' },
    ], (values) => {
      this.state = values;
      this.offset = 0;
      this.save();
      refreshNow();
    });
    this.rows = el('tbody', null, emptyRow(10, 'loading…'));
    this.range = el('span', { testid: 'runs-range' });
    this.prev = el('button', { type: 'button', testid: 'runs-prev', text: '‹ newer', on: { click: () => this.page(-1) } });
    this.next = el('button', { type: 'button', testid: 'runs-next', text: 'older ›', on: { click: () => this.page(1) } });
    view.append(
      el('h1', { text: 'Runs' }),
      this.filters.build(this.state),
      el('table', { testid: 'runs-table' },
        el('thead', null, el('tr', null, ['started', 'topic', 'task', 'outcome', 'attempt', 'duration', 'worker',
          'task id', 'params', 'error'].map((h) => el('th', { class: ['attempt', 'duration'].includes(h) && 'num', text: h })))),
        this.rows),
      el('div', { class: 'pager' }, this.prev, this.next, this.range));
  }

  pauseReason() {
    return this.filters.typing() ? 'paused while typing' : null;
  }

  save() {
    this.remember('/runs', { ...this.state, offset: this.offset });
  }

  page(direction) {
    this.offset = Math.max(0, this.offset + direction * PAGE_SIZE);
    this.save();
    refreshNow();
  }

  async load() {
    const s = this.state;
    try {
      return await api.get('/api/runs', {
        topic: s.topic, task: s.task, outcome: s.outcome, taskId: s.taskId, eventId: s.eventId, q: s.q,
        since: isoFromLocal(s.since), until: isoFromLocal(s.until), limit: PAGE_SIZE, offset: this.offset,
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 503) {
        return { historyOff: e.message };
      }
      throw e;
    }
  }

  render(data) {
    if (data.historyOff) {
      this.rows.replaceChildren(emptyRow(10, 'The history store is off: ' + data.historyOff, 'runs-history-off'));
      this.range.textContent = '';
      this.prev.disabled = this.next.disabled = true;
      return;
    }
    const runs = data.runs || [];
    this.rows.replaceChildren(...(runs.length ? runs.map((r) => el('tr', {
      testid: 'run-row', data: { runId: r.id, taskId: r.taskId, outcome: r.outcome },
    },
    el('td', null, time(r.startedAt)),
    el('td', { class: 'nowrap', text: r.topic }),
    el('td', { class: 'nowrap', testid: 'run-task-name', text: r.taskName }),
    el('td', null, badge(r.outcome)),
    num(r.attempt),
    el('td', { class: 'num nowrap', text: fmtDuration(r.durationMs) }),
    el('td', { class: 'muted nowrap', text: r.worker }),
    el('td', { class: 'clip id' }, taskLink(r.taskId, 'run-task-link')),
    el('td', { class: 'mono clip', testid: 'run-params', title: r.params || '', text: r.params || '' }),
    el('td', { class: 'clip', testid: 'run-error', title: r.errorClass ? r.errorClass + ': ' + (r.errorMessage || '') : '' },
      r.errorClass ? el('span', { class: 'warn', text: shortClass(r.errorClass) }) : null,
      r.errorMessage ? ' ' + r.errorMessage : null)))
    : [emptyRow(10, 'no runs match', 'runs-empty')]));
    const total = data.total || 0;
    this.range.textContent = total
      ? `${this.offset + 1}–${Math.min(total, this.offset + runs.length)} of ${total}${data.totalExact ? '' : '+'}`
      : '0 runs';
    this.prev.disabled = this.offset === 0;
    this.next.disabled = this.offset + runs.length >= total;
  }
}
