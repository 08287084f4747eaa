// Dead letters per source, with replay and discard of one, the selected ones or all matching the filter.

import { el } from './dom.js';
import { api, describe } from './api.js';
import { banner, confirmAction } from './feedback.js';
import { emptyRow, num, prettyJson, shortClass, time } from './format.js';
import { Filters, Page } from './page.js';
import { refreshNow, updateRefreshState } from './refresh.js';

const DEAD_LIMIT = 200;
const REASONS = ['task-exception', 'attempts-exhausted', 'unknown-task', 'malformed', 'no-registration',
  'redelivery-limit', 'consumer-error'];

/** #/dead?source=&reason=&name=&q= */
export class DeadPage extends Page {
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
      el('td', { class: 'mono clip id', title: letter.id, text: letter.id }),
      el('td', { class: 'nowrap', testid: 'dead-name', text: letter.name }),
      el('td', { class: 'nowrap', testid: 'dead-reason', text: letter.reason }),
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
    const headers = Object.entries(letter.headers || {}).sort(([a], [b]) => a.localeCompare(b));
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
              el('td', { class: 'mono nowrap', text: k }),
              el('td', { class: 'mono wrap', text: typeof v === 'string' ? v : JSON.stringify(v) })))))))));
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
