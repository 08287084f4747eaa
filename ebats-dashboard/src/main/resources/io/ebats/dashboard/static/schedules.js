// The schedules as the process that fires them has them, with pause, resume and trigger (behind the token).

import { el } from './dom.js';
import { api, describe } from './api.js';
import { banner } from './feedback.js';
import { emptyRow, time } from './format.js';
import { Page } from './page.js';
import { refreshNow } from './refresh.js';

/** #/schedules */
export class SchedulesPage extends Page {
  mount(view) {
    super.mount(view);
    this.note = el('p', { class: 'muted', testid: 'schedules-note' });
    this.body = el('tbody', { testid: 'schedules-body' }, emptyRow(8, 'loading…'));
    view.append(el('h1', { text: 'Schedules' }), this.note,
      el('table', { testid: 'schedules-table' },
        el('thead', null, el('tr', null, ['schedule', 'timing', 'fires', 'misfire', 'next', 'last', 'state', '']
          .map((h) => el('th', { text: h })))),
        this.body));
  }

  async load() {
    return api.get('/api/schedules');
  }

  render(data) {
    const rows = data.schedules || [];
    this.note.textContent = data.firing ? 'As the process that fires them has them; pause and resume are kept by the broker.'
      : 'No process fires the schedules of this namespace now: start `ebats scheduler` or `ebats up` with them.';
    if (!rows.length) {
      this.body.replaceChildren(emptyRow(8, data.firing ? 'No schedules.' : 'Nothing fires.', 'schedules-empty'));
      return;
    }
    this.body.replaceChildren(...rows.map((s) => el('tr', { testid: 'schedule-row', data: { name: s.name } },
      el('td', { class: 'mono', testid: 'schedule-name', text: s.name }),
      el('td', { testid: 'schedule-timing', text: s.timing }),
      el('td', { testid: 'schedule-fires', text: s.fires }),
      el('td', { text: (s.misfire || '').toLowerCase() }),
      el('td', { testid: 'schedule-next' }, time(s.nextFire)),
      el('td', { testid: 'schedule-last', title: s.lastFireId || '' }, s.lastFire ? time(s.lastFire) : '-'),
      el('td', { testid: 'schedule-state', text: s.paused ? 'paused' : 'active' }),
      el('td', { class: 'nowrap' },
        this.button(s.paused ? 'resume' : 'pause', s.name),
        this.button('trigger', s.name)))));
  }

  button(action, name) {
    return el('button', {
      type: 'button', testid: `schedule-${action}`, text: action,
      on: { click: () => this.act(action, name) },
    });
  }

  async act(action, name) {
    try {
      const result = await api.post('/api/schedules/' + action, { schedule: name });
      banner.info(action === 'trigger' ? `Triggered ${name}: ${result.id}.`
        : `${action === 'pause' ? 'Paused' : 'Resumed'} ${name}.`);
    } catch (e) {
      banner.error(`${action} of ${name} failed. ${describe(e)}`, true);
    }
    refreshNow();
  }
}
