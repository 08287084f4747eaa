// The overview: per-topic queues, waiting tasks and events, the throughput chart, the registered events.

import { el } from './dom.js';
import { api, describe } from './api.js';
import { SERIES, legend, throughputChart } from './chart.js';
import { banner } from './feedback.js';
import { emptyRow, fmtDuration } from './format.js';
import { showNamespace } from './header.js';
import { Page } from './page.js';
import { refreshNow } from './refresh.js';

/** #/ */
export class OverviewPage extends Page {
  mount(view) {
    super.mount(view);
    this.figures = el('div', { class: 'figures', testid: 'figures' });
    this.topics = el('tbody');
    this.chart = el('div', { class: 'card', testid: 'throughput' }, el('span', { class: 'muted', text: 'loading…' }));
    this.events = el('tbody');
    view.append(
      el('h1', { text: 'Overview' }),
      this.figures,
      el('h2', { text: 'Topics' }),
      el('table', { testid: 'topics-table' },
        el('thead', null, el('tr', null, el('th', { text: 'topic' }), el('th', { class: 'num', text: 'ready' }),
          el('th', { class: 'num', text: 'in flight' }), el('th', { class: 'num', text: 'consumers' }),
          el('th', { class: 'num', text: 'dead' }), el('th', { text: 'state' }), el('th', { text: '' }))),
        this.topics),
      el('h2', { text: 'Throughput and failures per 10 s, last 15 minutes' }),
      this.chart,
      el('h2', { text: 'Registered events' }),
      el('table', { testid: 'events-table' },
        el('thead', null, el('tr', null, el('th', { text: 'event' }), el('th', { text: 'task' }),
          el('th', { text: 'topic' }), el('th', { class: 'num', text: 'delay' }))),
        this.events));
  }

  async load() {
    const [overview, throughput] = await Promise.all([
      api.get('/api/overview'),
      api.get('/api/throughput', { minutes: 15 }).catch((e) => ({ error: e })),
    ]);
    return { overview, throughput };
  }

  render({ overview, throughput }) {
    showNamespace(overview.namespace);
    const figure = (label, value, testid, warn) => el('div', { class: 'card figure', testid },
      el('div', { class: ['value', warn && 'warn'], text: value }), el('div', { class: 'label', text: label }));
    this.figures.replaceChildren(
      figure('workers online', overview.workers, 'figure-workers'),
      figure('delayed tasks', overview.delayed, 'figure-delayed'),
      figure('events waiting', overview.pendingEvents, 'figure-pending-events'),
      figure('events without registration', overview.unregisteredEvents, 'figure-unregistered',
        overview.unregisteredEvents > 0),
      figure('broker', overview.brokerType || '', 'figure-broker'),
      figure('history', overview.history ? 'on' : 'off', 'figure-history'));
    this.figures.querySelector('[data-testid="figure-broker"]').title = overview.broker || '';

    const topics = overview.topics || [];
    this.topics.replaceChildren(...(topics.length ? topics.map((t) => el('tr', {
      testid: 'topic-row', data: { topic: t.topic },
    },
    el('td', null, el('a', { href: '#/runs?topic=' + encodeURIComponent(t.topic), text: t.topic }),
      t.exists === false ? el('span', { class: 'muted', text: ' (not declared)' }) : null),
    el('td', { class: 'num', testid: 'topic-ready', text: t.ready }),
    el('td', { class: 'num', testid: 'topic-in-flight', text: t.inFlight }),
    el('td', { class: 'num', testid: 'topic-consumers', text: t.consumers }),
    el('td', { class: 'num', testid: 'topic-dead' }, t.dead > 0
      ? el('a', { class: 'warn', href: '#/dead?source=' + encodeURIComponent('topic:' + t.topic), text: t.dead })
      : String(t.dead ?? '')),
    el('td', { testid: 'topic-state', class: t.paused ? 'warn' : '', text: t.paused ? 'paused' : 'active' }),
    el('td', { class: 'nowrap' }, t.exists === false ? null : this.pauseButton(t)))) : [emptyRow(7, 'no topics', 'topics-empty')]));

    if (throughput.error) {
      const off = throughput.error.status === 503;
      this.chart.replaceChildren(el('span', {
        class: 'muted', testid: 'throughput-off',
        text: off ? 'The history store is off: throughput comes from the history.' : describe(throughput.error),
      }));
    } else {
      const sums = SERIES.map((s) => (throughput.buckets || []).reduce((n, b) => n + (b[s] || 0), 0));
      this.chart.replaceChildren(throughputChart(throughput), legend(),
        el('div', { class: 'muted', testid: 'throughput-summary' },
          SERIES.map((s, i) => `${sums[i]} ${s}`).join(' · ')));
    }

    const rows = [];
    for (const event of overview.events || []) {
      (event.tasks || []).forEach((task, i) => rows.push(el('tr', { testid: 'event-row', data: { event: event.event } },
        el('td', { class: i ? 'muted' : '', text: i ? '' : event.event }),
        el('td', { text: task.task }),
        el('td', { text: task.topic }),
        el('td', { class: 'num', text: task.delayMs ? fmtDuration(task.delayMs) : '—' }))));
    }
    this.events.replaceChildren(...(rows.length ? rows : [emptyRow(4, 'no events registered', 'events-empty')]));
  }

  pauseButton(topic) {
    const action = topic.paused ? 'resume' : 'pause';
    return el('button', {
      type: 'button', testid: `topic-${action}`, text: action,
      on: { click: () => this.act(action, topic.topic) },
    });
  }

  async act(action, topic) {
    try {
      await api.post('/api/topics/' + action, { topic });
      banner.info(action === 'pause' ? `Paused ${topic}: its workers take no tasks until resumed.`
        : `Resumed ${topic}.`);
    } catch (e) {
      banner.error(`${action} of ${topic} failed. ${describe(e)}`, true);
    }
    refreshNow();
  }
}
