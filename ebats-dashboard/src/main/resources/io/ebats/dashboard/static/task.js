// One task: every attempt as a timeline with params and error.

import { el } from './dom.js';
import { api, ApiError, describe } from './api.js';
import { banner } from './feedback.js';
import { badge, fmtDuration, prettyJson, time } from './format.js';
import { Page } from './page.js';
import { refreshNow } from './refresh.js';

/** Outcomes after which a task has ended: there is nothing left to cancel. */
const ENDED = ['SUCCEEDED', 'FAILED', 'DEAD', 'SKIPPED', 'CANCELLED'];

/** What a cancel did, in words. */
function cancelled(answer) {
  switch (answer.result) {
    case 'CANCELLED': return answer.newest === 'RETRYING'
      ? 'Cancelled: its next attempt does not run.'
      : 'Cancelled: it does not run when it arrives, and a run of it is interrupted.';
    case 'ALREADY_CANCELLED': return 'It was cancelled already.';
    default: return `Not cancelled: it had already ended (${answer.newest}).`;
  }
}

/** #/task/ID */
export class TaskPage extends Page {
  constructor(query, taskId) {
    super(query);
    this.taskId = taskId;
    this.openStacks = new Set();
  }

  mount(view) {
    super.mount(view);
    this.head = el('div');
    this.timeline = el('ol', { class: 'timeline', testid: 'timeline' });
    view.append(
      el('h1', null, 'Task ', el('span', { class: 'mono', testid: 'task-id', text: this.taskId })),
      this.head,
      el('h2', { text: 'Attempts, first first' }),
      this.timeline);
  }

  async load() {
    try {
      return await api.get('/api/tasks/' + encodeURIComponent(this.taskId));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 503)) {
        return { missing: e.status === 404 ? 'No attempt of this task is stored (yet).' : 'The history store is off.' };
      }
      throw e;
    }
  }

  /** Cancel, behind the token: for a task that has not ended, or has no attempt stored yet (queued, delayed). */
  cancelButton() {
    return el('button', {
      type: 'button', testid: 'task-cancel', text: 'Cancel',
      on: { click: () => this.cancel() },
    });
  }

  async cancel() {
    try {
      const answer = await api.post('/api/tasks/cancel', { taskId: this.taskId });
      banner.info(cancelled(answer));
    } catch (e) {
      banner.error(`Cancel of ${this.taskId} failed. ${describe(e)}`, true);
    }
    refreshNow();
  }

  render(data) {
    if (data.missing) {
      this.head.replaceChildren(data.missing.startsWith('No attempt') ? this.cancelButton() : '');
      this.timeline.replaceChildren(el('li', { class: 'muted', testid: 'task-missing', text: data.missing }));
      return;
    }
    const attempts = data.attempts || [];
    const first = attempts[0] || {};
    const last = attempts[attempts.length - 1] || {};
    this.head.replaceChildren(el('div', { class: 'card' }, el('dl', { class: 'facts', testid: 'task-facts' },
      el('dt', { text: 'task' }), el('dd', { testid: 'task-name', text: first.taskName || '' }),
      el('dt', { text: 'topic' }), el('dd', { text: first.topic || '' }),
      el('dt', { text: 'event' }), el('dd', null, first.eventId
        ? el('a', { href: '#/runs?eventId=' + encodeURIComponent(first.eventId), class: 'mono', text: first.eventId })
        : el('span', { class: 'muted', text: 'none (created directly)' })),
      el('dt', { text: 'attempts' }), el('dd', { testid: 'task-attempts', text: attempts.length }),
      el('dt', { text: 'last outcome' }), el('dd', null, last.outcome ? badge(last.outcome) : '')),
      ENDED.includes(last.outcome) ? null : this.cancelButton()));

    this.timeline.replaceChildren(...attempts.map((a) => {
      const stack = a.errorStack ? el('details', {
        open: this.openStacks.has(a.id),
        on: { toggle: (e) => (e.target.open ? this.openStacks.add(a.id) : this.openStacks.delete(a.id)) },
      }, el('summary', { text: 'stack trace' }), el('pre', { testid: 'attempt-stack', text: a.errorStack })) : null;
      return el('li', { class: a.outcome, testid: 'attempt', data: { attempt: a.attempt, outcome: a.outcome } },
        el('div', { class: 'card' },
          el('div', { class: 'attempt-head' },
            el('span', { class: 'title', text: 'Attempt ' + a.attempt }), badge(a.outcome),
            el('span', { class: 'muted' }, 'started ', time(a.startedAt)),
            el('span', { class: 'muted', text: 'took ' + fmtDuration(a.durationMs) }),
            el('span', { class: 'muted', text: 'on ' + (a.worker || '?') })),
          el('pre', { testid: 'attempt-params', text: prettyJson(a.params) }),
          a.errorClass || a.errorMessage ? el('div', { class: 'error-line', testid: 'attempt-error' },
            el('strong', { title: a.errorClass || '', text: a.errorClass || '' }), a.errorMessage ? ': ' + a.errorMessage : '') : null,
          stack));
    }));
  }
}
