// ebats dashboard: a single page over the JSON API under /api (docs/dashboard.md).
// Every value from the server is put into the page as text (text nodes, textContent), never as HTML.
'use strict';

(() => {
  const REFRESH_MS = 2000;
  const PAGE_SIZE = 50;
  const DEAD_LIMIT = 200;
  const TYPING_PAUSE_MS = 2500;
  const TOKEN_KEY = 'ebats.token';
  const OUTCOMES = ['SUCCEEDED', 'RETRYING', 'FAILED', 'DEAD'];
  const SERIES = ['succeeded', 'retrying', 'failed', 'dead'];
  const REASONS = ['task-exception', 'attempts-exhausted', 'unknown-task', 'malformed', 'no-registration',
    'redelivery-limit', 'consumer-error'];
  const SVG_NS = 'http://www.w3.org/2000/svg';

  // ---------------------------------------------------------------- DOM helpers

  /**
   * Creates an element. props: class, testid, text, on (event -> handler) and any DOM property or attribute;
   * children: nodes or strings (as text), null and false are skipped, arrays are flattened.
   */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    applyProps(node, props, false);
    append(node, children);
    return node;
  }

  /** Creates an SVG element; every prop is an attribute. */
  function svg(tag, props, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    applyProps(node, props, true);
    append(node, children);
    return node;
  }

  function applyProps(node, props, asAttributes) {
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (key === 'class') {
        node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
      } else if (key === 'testid') {
        node.setAttribute('data-testid', value);
      } else if (key === 'text') {
        node.textContent = String(value);
      } else if (key === 'on') {
        for (const [event, handler] of Object.entries(value)) {
          node.addEventListener(event, handler);
        }
      } else if (key === 'data') {
        for (const [name, v] of Object.entries(value)) {
          if (v !== null && v !== undefined) {
            node.dataset[name] = String(v);
          }
        }
      } else if (asAttributes || key.includes('-')) {
        node.setAttribute(key, String(value));
      } else {
        node[key] = value;
      }
    }
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) {
        continue;
      }
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- formatting

  const pad = (n) => String(n).padStart(2, '0');

  /** Local time; the date only when it is not today. */
  function fmtTime(iso) {
    if (!iso) {
      return '';
    }
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) {
      return String(iso);
    }
    const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    const now = new Date();
    if (d.toDateString() === now.toDateString()) {
      return time;
    }
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
  }

  function fmtClock(date) {
    return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }

  function fmtDuration(ms) {
    if (ms === null || ms === undefined || Number.isNaN(ms)) {
      return '';
    }
    if (ms < 1000) {
      return `${Math.round(ms)} ms`;
    }
    if (ms < 60_000) {
      return `${(ms / 1000).toFixed(1)} s`;
    }
    if (ms < 3_600_000) {
      return `${Math.floor(ms / 60_000)} min ${Math.floor(ms % 60_000 / 1000)} s`;
    }
    return `${Math.floor(ms / 3_600_000)} h ${Math.floor(ms % 3_600_000 / 60_000)} min`;
  }

  /** How long ago, to the second. */
  function since(iso) {
    const t = new Date(iso).getTime();
    if (Number.isNaN(t)) {
      return '';
    }
    const ms = Math.max(0, Date.now() - t);
    return ms < 60_000 ? `${Math.floor(ms / 1000)} s` : fmtDuration(ms);
  }

  function time(iso) {
    return el('span', { class: 'nowrap', title: iso || '', text: fmtTime(iso) });
  }

  function shortClass(name) {
    return name ? name.substring(name.lastIndexOf('.') + 1) : '';
  }

  function prettyJson(text) {
    if (text === null || text === undefined) {
      return '';
    }
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (e) {
      return String(text);
    }
  }

  function badge(outcome) {
    return el('span', { class: ['badge', OUTCOMES.includes(outcome) && outcome], testid: 'outcome', text: outcome });
  }

  function num(value) {
    return el('td', { class: 'num', text: value ?? '' });
  }

  function taskLink(taskId, testid) {
    return el('a', { href: '#/task/' + encodeURIComponent(taskId), class: 'mono', testid, title: taskId, text: taskId });
  }

  function emptyRow(columns, message, testid) {
    return el('tr', null, el('td', { class: 'empty', colSpan: columns, testid, text: message }));
  }

  function isoFromLocal(value) {
    if (!value) {
      return '';
    }
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? '' : d.toISOString();
  }

  // ---------------------------------------------------------------- token

  const token = {
    get() {
      return sessionStorage.getItem(TOKEN_KEY) || '';
    },
    set(value) {
      if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
      } else {
        sessionStorage.removeItem(TOKEN_KEY);
      }
      showTokenState();
    },
    /** Takes the token from an address ending in #token=..., then drops it from the address bar. */
    takeFromFragment() {
      const fragment = location.hash.replace(/^#/, '');
      if (!fragment.startsWith('token=')) {
        return;
      }
      const value = new URLSearchParams(fragment).get('token');
      if (value) {
        this.set(value);
      }
      history.replaceState(null, '', location.pathname + location.search + '#/');
    },
  };

  function showTokenState() {
    const state = $('token-state');
    const set = token.get() !== '';
    state.className = 'token-state ' + (set ? 'set' : 'unset');
    state.textContent = set ? 'set' : 'not set';
    state.title = set ? 'actions send this token' : 'actions need the token the dashboard printed at start';
  }

  function setUpTokenField() {
    const input = $('token-input');
    input.value = token.get();
    const save = () => token.set(input.value.trim());
    input.addEventListener('change', save);
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      save();
    });
    showTokenState();
  }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function request(method, path, params, body) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== '') {
        query.set(key, value);
      }
    }
    const url = path + (query.toString() ? '?' + query : '');
    const headers = { Accept: 'application/json' };
    if (method === 'POST') {
      headers['Content-Type'] = 'application/json';
      if (token.get()) {
        headers['X-Ebats-Token'] = token.get();
      }
    }
    let response;
    try {
      response = await fetch(url, {
        method, headers, cache: 'no-store', credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, 'the dashboard is not reachable');
    }
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      const message = data && typeof data.error === 'string' ? data.error : response.statusText;
      throw new ApiError(response.status, message || 'HTTP ' + response.status);
    }
    return data;
  }

  const api = {
    get: (path, params) => request('GET', path, params),
    post: (path, body) => request('POST', path, null, body),
  };

  /** A sentence for the user about a failed request. */
  function describe(error) {
    if (!(error instanceof ApiError)) {
      return String(error && error.message || error);
    }
    switch (error.status) {
      case 0:
        return 'The dashboard is not reachable; retrying.';
      case 401:
        return 'Token missing or wrong: paste the token the dashboard printed at start into the token field '
          + '(' + error.message + ').';
      case 403:
        return 'Refused (403): ' + error.message + '. Check the token and open the dashboard at the address it printed.';
      default:
        return error.message + ' (' + error.status + ')';
    }
  }

  // ---------------------------------------------------------------- banner

  /** The banner: refresh errors clear themselves on the next good refresh, action results stay until closed. */
  const banner = {
    sticky: false,
    show(kind, message, sticky) {
      const node = $('banner');
      node.className = 'banner ' + kind;
      node.dataset.kind = kind;
      node.replaceChildren(el('span', { testid: 'banner-text', text: message }), ' ',
        el('button', { class: 'small link', testid: 'banner-close', text: 'dismiss', on: { click: () => this.clear(true) } }));
      node.hidden = false;
      this.sticky = sticky;
    },
    error(message, sticky) {
      this.show('error', message, sticky);
    },
    info(message) {
      this.show('info', message, true);
    },
    clear(force) {
      if (this.sticky && !force) {
        return;
      }
      const node = $('banner');
      node.hidden = true;
      node.replaceChildren();
      this.sticky = false;
    },
  };

  // ---------------------------------------------------------------- confirmation

  /** Asks in a modal dialog; resolves true when confirmed. */
  function confirmAction(message, okLabel) {
    const dialog = $('confirm');
    $('confirm-text').textContent = message;
    $('confirm-ok').textContent = okLabel;
    dialog.returnValue = '';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
      dialog.showModal();
    });
  }

  // ---------------------------------------------------------------- chart

  /** Stacked bars of attempts per bucket, with axes and a legend, drawn as inline SVG. */
  function throughputChart(data) {
    const buckets = data.buckets || [];
    const width = 960;
    const height = 220;
    const m = { top: 12, right: 12, bottom: 26, left: 44 };
    const plotW = width - m.left - m.right;
    const plotH = height - m.top - m.bottom;
    const totals = buckets.map((b) => SERIES.reduce((sum, s) => sum + (b[s] || 0), 0));
    const max = Math.max(0, ...totals);
    const step = niceStep(Math.max(max, 4) / 4);
    const yMax = Math.max(step, Math.ceil(max / step) * step);
    const y = (v) => m.top + plotH - (v / yMax) * plotH;
    const slot = buckets.length ? plotW / buckets.length : plotW;
    const barW = Math.max(1, slot - (slot > 4 ? 1.5 : 0.5));

    const chart = svg('svg', {
      class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-testid': 'throughput-chart',
      'aria-label': 'attempts per bucket',
    });
    for (let v = 0; v <= yMax; v += step) {
      chart.append(
        svg('line', { class: v === 0 ? 'axis' : 'grid', x1: m.left, x2: width - m.right, y1: y(v), y2: y(v) }),
        svg('text', { x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
    }
    chart.append(svg('line', { class: 'axis', x1: m.left, x2: m.left, y1: m.top, y2: m.top + plotH }));

    const labelEvery = labelInterval(buckets.length * (data.bucketSeconds || 10));
    buckets.forEach((bucket, i) => {
      const x = m.left + i * slot;
      const at = new Date(bucket.at);
      let base = 0;
      const group = svg('g', { 'data-testid': 'chart-bucket', 'data-at': bucket.at, 'data-total': totals[i] });
      group.append(svg('title', null, `${fmtTime(bucket.at)}: ` + SERIES.map((s) => `${bucket[s] || 0} ${s}`).join(', ')));
      for (const series of SERIES) {
        const value = bucket[series] || 0;
        if (value > 0) {
          group.append(svg('rect', {
            class: 'bar ' + series, 'data-testid': 'chart-bar', 'data-series': series, 'data-value': value,
            x: x + (slot - barW) / 2, width: barW, y: y(base + value), height: y(base) - y(base + value),
          }));
        }
        base += value;
      }
      // an invisible full-height rect so the tooltip shows over empty buckets too
      group.append(svg('rect', { x, width: slot, y: m.top, height: plotH, fill: 'transparent' }));
      chart.append(group);
      if (Math.floor(at.getTime() / 1000) % labelEvery === 0) {
        chart.append(
          svg('line', { class: 'axis', x1: x, x2: x, y1: m.top + plotH, y2: m.top + plotH + 4 }),
          svg('text', { x, y: height - 8, 'text-anchor': 'middle' }, fmtClock(at)));
      }
    });
    if (max === 0) {
      chart.append(svg('text', { x: m.left + plotW / 2, y: m.top + plotH / 2, 'text-anchor': 'middle' },
        'no attempts in this period'));
    }
    return chart;
  }

  function niceStep(raw) {
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const f of [1, 2, 5, 10]) {
      if (f * power >= raw) {
        return f * power;
      }
    }
    return 10 * power;
  }

  function labelInterval(spanSeconds) {
    for (const s of [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]) {
      if (s >= spanSeconds / 6) {
        return s;
      }
    }
    return 86400;
  }

  function legend() {
    return el('div', { class: 'legend', testid: 'chart-legend' },
      SERIES.map((s) => el('span', null, el('span', { class: 'swatch ' + s }), s)));
  }

  // ---------------------------------------------------------------- pages

  /**
   * A page builds its frame once in mount(), then load() fetches (every 2 s) and render() shows the data.
   * pauseReason() says why the page should not refresh now, or null.
   */
  class Page {
    constructor(query) {
      this.query = query;
    }

    mount(view) {
      this.view = view;
    }

    pauseReason() {
      return null;
    }

    /** Writes the page's filters into the address without a navigation. */
    remember(path, values) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(values)) {
        if (value !== null && value !== undefined && value !== '' && value !== 0) {
          query.set(key, value);
        }
      }
      const hash = '#' + path + (query.toString() ? '?' + query : '');
      if (location.hash !== hash) {
        history.replaceState(null, '', hash);
      }
    }
  }

  /** A filter form: applies on change, and on input after a short pause; knows when the user is typing. */
  class Filters {
    constructor(fields, onApply) {
      this.fields = fields;
      this.onApply = onApply;
      this.typingUntil = 0;
      this.timer = null;
      this.inputs = {};
    }

    /** fields: [{name, label, type: text|select|datetime, options, wide}], values from the address. */
    build(values) {
      const form = el('form', { class: 'filters', testid: 'filters', autocomplete: 'off' });
      for (const f of this.fields) {
        let input;
        if (f.type === 'select') {
          input = el('select', { name: f.name },
            el('option', { value: '', text: 'any' }),
            f.options.map((o) => el('option', { value: o, text: o })));
          input.addEventListener('change', () => this.apply());
        } else {
          input = el('input', {
            name: f.name, type: f.type === 'datetime' ? 'datetime-local' : 'text', class: f.wide && 'wide',
            placeholder: f.placeholder || '', spellcheck: false,
          });
          if (f.type === 'datetime') {
            input.step = 1;
            input.addEventListener('change', () => this.apply());
          } else {
            input.addEventListener('input', () => this.typed());
          }
        }
        input.setAttribute('data-testid', 'filter-' + f.name);
        input.value = values[f.name] || '';
        this.inputs[f.name] = input;
        form.append(el('label', null, f.label, input));
      }
      form.append(el('button', {
        type: 'button', testid: 'filter-clear', text: 'Clear', on: { click: () => this.clear() },
      }));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        this.apply();
      });
      return form;
    }

    typed() {
      this.typingUntil = Date.now() + TYPING_PAUSE_MS;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.apply(), 500);
    }

    typing() {
      return Date.now() < this.typingUntil;
    }

    values() {
      const values = {};
      for (const [name, input] of Object.entries(this.inputs)) {
        values[name] = input.value.trim();
      }
      return values;
    }

    apply() {
      clearTimeout(this.timer);
      this.onApply(this.values());
    }

    clear() {
      Object.values(this.inputs).forEach((input) => {
        input.value = '';
      });
      this.apply();
    }
  }

  // ---- overview

  class OverviewPage extends Page {
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
            el('th', { class: 'num', text: 'dead' }))),
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
        : String(t.dead ?? '')))) : [emptyRow(5, 'no topics', 'topics-empty')]));

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
  }

  // ---- runs

  class RunsPage extends Page {
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
      el('td', { text: r.topic }),
      el('td', { testid: 'run-task-name', text: r.taskName }),
      el('td', null, badge(r.outcome)),
      num(r.attempt),
      el('td', { class: 'num nowrap', text: fmtDuration(r.durationMs) }),
      el('td', { class: 'muted nowrap', text: r.worker }),
      el('td', { class: 'clip' }, taskLink(r.taskId, 'run-task-link')),
      el('td', { class: 'mono clip', testid: 'run-params', title: r.params || '', text: r.params || '' }),
      el('td', { class: 'clip', testid: 'run-error', title: r.errorClass ? r.errorClass + ': ' + (r.errorMessage || '') : '' },
        r.errorClass ? el('span', { class: 'warn', text: shortClass(r.errorClass) }) : null,
        r.errorMessage ? ' ' + r.errorMessage : null)))
      : [emptyRow(10, 'no runs match', 'runs-empty')]));
      const total = data.total || 0;
      this.range.textContent = total
        ? `${this.offset + 1}–${Math.min(total, this.offset + runs.length)} of ${total}` : '0 runs';
      this.prev.disabled = this.offset === 0;
      this.next.disabled = this.offset + runs.length >= total;
    }
  }

  // ---- one task

  class TaskPage extends Page {
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

    render(data) {
      if (data.missing) {
        this.head.replaceChildren();
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
        el('dt', { text: 'last outcome' }), el('dd', null, last.outcome ? badge(last.outcome) : ''))));

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

  // ---- dead letters

  class DeadPage extends Page {
    mount(view) {
      super.mount(view);
      this.source = this.query.get('source') || '';
      this.state = { reason: this.query.get('reason') || '', name: this.query.get('name') || '', q: this.query.get('q') || '' };
      this.selected = new Set();
      this.expanded = new Set();
      this.letters = [];
      this.filters = new Filters([
        { name: 'reason', label: 'reason', type: 'select', options: REASONS },
        { name: 'name', label: 'task or event name' },
        { name: 'q', label: 'text in body or error', wide: true },
      ], (values) => {
        this.state = values;
        this.selected.clear();
        this.save();
        refreshNow();
      });
      this.sources = el('ul', { class: 'sources', testid: 'dead-sources' });
      this.title = el('h1', { text: 'Dead letters' });
      this.summary = el('div', { class: 'muted', testid: 'dead-summary' });
      this.selectAll = el('input', {
        type: 'checkbox', testid: 'dead-select-all', title: 'select all shown',
        on: { change: (e) => this.selectAllShown(e.target.checked) },
      });
      this.rows = el('tbody', null, emptyRow(8, 'loading…'));
      const button = (label, testid, handler, cls) => el('button', { type: 'button', class: cls, testid, text: label, on: { click: handler } });
      this.replaySelected = button('Replay selected', 'dead-replay-selected', () => this.act('replay', [...this.selected]), 'primary');
      this.discardSelected = button('Discard selected', 'dead-discard-selected', () => this.act('discard', [...this.selected]), 'danger');
      this.replayAll = button('Replay all matching', 'dead-replay-all', () => this.act('replay', null));
      this.discardAll = button('Discard all matching', 'dead-discard-all', () => this.act('discard', null), 'danger');
      view.append(el('div', { class: 'dead-layout' },
        el('aside', null, el('h2', { text: 'Sources' }), this.sources),
        el('section', null,
          this.title,
          this.filters.build(this.state),
          el('div', { class: 'toolbar' }, this.replaySelected, this.discardSelected, this.replayAll, this.discardAll,
            this.summary),
          el('table', { testid: 'dead-table' },
            el('thead', null, el('tr', null, el('th', null, this.selectAll),
              ['id', 'name', 'reason', 'error', 'attempts', 'dead since', ''].map((h) => el('th', { class: h === 'attempts' && 'num', text: h })))),
            this.rows))));
      this.updateButtons();
    }

    pauseReason() {
      if (this.selected.size) {
        return `paused: ${this.selected.size} selected`;
      }
      return this.filters.typing() ? 'paused while typing' : null;
    }

    save() {
      this.remember('/dead', { source: this.source, ...this.state });
    }

    async load() {
      return api.get('/api/dead', { source: this.source, ...this.state, limit: DEAD_LIMIT });
    }

    render(data) {
      this.data = data;
      this.letters = data.letters || [];
      const current = data.source || '';
      this.sources.replaceChildren(...(data.sources || []).map((s) => el('li', null,
        el('a', {
          href: '#/dead?source=' + encodeURIComponent(s.source), class: s.source === current && 'active',
          testid: 'dead-source', data: { source: s.source },
        }, el('span', { text: s.source }), el('span', { class: ['count', s.count > 0 && 'some'], testid: 'dead-source-count', text: s.count })))));
      this.title.textContent = current ? 'Dead letters of ' + current : 'Dead letters';
      const ids = new Set(this.letters.map((l) => l.id));
      [...this.selected].filter((id) => !ids.has(id)).forEach((id) => this.selected.delete(id));
      this.summary.textContent = current
        ? `${this.letters.length} shown of ${data.total ?? 0} in ${current}` : 'no dead letters';

      const rows = [];
      for (const letter of this.letters) {
        rows.push(this.row(letter));
        if (this.expanded.has(letter.id)) {
          rows.push(this.details(letter));
        }
      }
      this.rows.replaceChildren(...(rows.length ? rows : [emptyRow(8, 'no dead letters match', 'dead-empty')]));
      this.updateButtons();
    }

    row(letter) {
      const checkbox = el('input', {
        type: 'checkbox', testid: 'dead-select', checked: this.selected.has(letter.id), title: 'select',
        on: { change: (e) => this.toggle(letter.id, e.target.checked) },
      });
      const open = this.expanded.has(letter.id);
      return el('tr', { testid: 'dead-row', class: this.selected.has(letter.id) && 'selected', data: { id: letter.id, name: letter.name } },
        el('td', null, checkbox),
        el('td', { class: 'mono clip', title: letter.id, text: letter.id }),
        el('td', { testid: 'dead-name', text: letter.name }),
        el('td', { testid: 'dead-reason', text: letter.reason }),
        el('td', { class: 'clip', testid: 'dead-error', title: (letter.errorClass || '') + ': ' + (letter.errorMessage || '') },
          letter.errorClass ? el('span', { class: 'warn', text: shortClass(letter.errorClass) }) : null,
          letter.errorMessage ? ' ' + letter.errorMessage : null),
        num(letter.attempts),
        el('td', null, time(letter.deadAt)),
        el('td', { class: 'nowrap' },
          el('button', { type: 'button', class: 'small', testid: 'dead-replay', text: 'Replay', on: { click: () => this.act('replay', [letter.id]) } }), ' ',
          el('button', { type: 'button', class: 'small danger', testid: 'dead-discard', text: 'Discard', on: { click: () => this.act('discard', [letter.id]) } }), ' ',
          el('button', {
            type: 'button', class: 'small link', testid: 'dead-toggle', text: open ? 'hide' : 'details',
            on: { click: () => this.expand(letter.id) },
          })));
    }

    details(letter) {
      const headers = Object.entries(letter.headers || {});
      return el('tr', { class: 'details', testid: 'dead-details', data: { id: letter.id } },
        el('td', { colSpan: 8 },
          el('div', { class: 'two' },
            el('div', null,
              el('strong', { text: 'body' }),
              el('pre', { testid: 'dead-body', text: prettyJson(letter.body) }),
              letter.stack ? [el('strong', { text: 'stack' }), el('pre', { testid: 'dead-stack', text: letter.stack })] : null),
            el('div', null,
              el('strong', { text: 'headers' }),
              el('table', { testid: 'dead-headers' }, el('tbody', null, headers.map(([k, v]) => el('tr', null,
                el('td', { class: 'mono', text: k }),
                el('td', { class: 'mono', text: typeof v === 'string' ? v : JSON.stringify(v) })))))))));
    }

    toggle(id, checked) {
      if (checked) {
        this.selected.add(id);
      } else {
        this.selected.delete(id);
      }
      this.markSelection();
    }

    selectAllShown(checked) {
      this.letters.forEach((l) => (checked ? this.selected.add(l.id) : this.selected.delete(l.id)));
      this.markSelection();
    }

    markSelection() {
      this.rows.querySelectorAll('tr[data-testid="dead-row"]').forEach((row) => {
        const on = this.selected.has(row.dataset.id);
        row.classList.toggle('selected', on);
        row.querySelector('input[type="checkbox"]').checked = on;
      });
      this.updateButtons();
      updateRefreshState();
    }

    expand(id) {
      if (this.expanded.has(id)) {
        this.expanded.delete(id);
      } else {
        this.expanded.add(id);
      }
      if (this.data) {
        this.render(this.data);
      }
    }

    updateButtons() {
      const n = this.selected.size;
      this.replaySelected.textContent = n ? `Replay selected (${n})` : 'Replay selected';
      this.discardSelected.textContent = n ? `Discard selected (${n})` : 'Discard selected';
      this.replaySelected.disabled = this.discardSelected.disabled = n === 0;
      this.replayAll.disabled = this.discardAll.disabled = this.letters.length === 0;
      this.selectAll.checked = n > 0 && this.letters.every((l) => this.selected.has(l.id));
    }

    /** Replays or discards the given ids, or every letter matching the filter when ids is null. */
    async act(action, ids) {
      const source = this.data && this.data.source;
      if (!source) {
        return;
      }
      const body = { source };
      let what;
      if (ids) {
        body.ids = ids;
        what = ids.length === 1 ? 'dead letter ' + ids[0] : ids.length + ' selected dead letters';
      } else {
        body.all = true;
        const filter = [];
        for (const key of ['reason', 'name', 'q']) {
          if (this.state[key]) {
            body[key] = this.state[key];
            filter.push(`${key === 'q' ? 'text' : key} "${this.state[key]}"`);
          }
        }
        what = filter.length ? `all dead letters of ${source} with ${filter.join(', ')}` : `all ${this.data.total} dead letters of ${source}`;
      }
      const verb = action === 'replay' ? 'Replay' : 'Discard';
      if (action === 'discard' || !ids) {
        const warning = action === 'discard' ? ' They are deleted for good.' : ' Each goes back where it came from.';
        if (!(await confirmAction(`${verb} ${what}?${warning}`, verb))) {
          return;
        }
      }
      try {
        const result = await api.post('/api/dead/' + action, body);
        const count = action === 'replay' ? result.replayed : result.discarded;
        this.selected.clear();
        banner.info(`${action === 'replay' ? 'Replayed' : 'Discarded'} ${count} dead letter${count === 1 ? '' : 's'}.`);
      } catch (e) {
        banner.error(`${verb} failed. ${describe(e)}`, true);
      }
      this.markSelection();
      refreshNow();
    }
  }

  // ---- workers

  class WorkersPage extends Page {
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

  // ---------------------------------------------------------------- router and refresh

  const routes = [
    { name: 'overview', pattern: /^\/?$/, create: (q) => new OverviewPage(q) },
    { name: 'runs', pattern: /^\/runs\/?$/, create: (q) => new RunsPage(q) },
    { name: 'task', nav: 'runs', pattern: /^\/task\/(.+)$/, create: (q, m) => new TaskPage(q, decodeURIComponent(m[1])) },
    { name: 'dead', pattern: /^\/dead\/?$/, create: (q) => new DeadPage(q) },
    { name: 'workers', pattern: /^\/workers\/?$/, create: (q) => new WorkersPage(q) },
  ];

  let current = null;
  let lastData = null;
  let busy = false;
  let again = false;

  function route() {
    const hash = location.hash.replace(/^#/, '') || '/';
    const [path, search] = hash.split('?', 2);
    const query = new URLSearchParams(search || '');
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
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', found && a.dataset.route === (found.nav || found.name)));
    if (!found) {
      current = null;
      view.append(el('h1', { text: 'Not found' }), el('p', null, 'No page here. ', el('a', { href: '#/', text: 'Overview' })));
      return;
    }
    current = found.create(query, match);
    view.dataset.page = found.name;
    lastData = null;
    current.mount(view);
    refreshNow();
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

  /** Loads and renders the current page now; when a load is running, once more after it. */
  async function refreshNow() {
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
      if (key !== lastData) {
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

  function updateRefreshState() {
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

  function showNamespace(namespace) {
    $('namespace').textContent = namespace ? 'namespace ' + namespace : '';
  }

  function start() {
    token.takeFromFragment();
    setUpTokenField();
    window.addEventListener('hashchange', route);
    route();
    setInterval(tick, REFRESH_MS);
    api.get('/api/overview').then((o) => showNamespace(o.namespace), () => {});
  }

  start();
})();
