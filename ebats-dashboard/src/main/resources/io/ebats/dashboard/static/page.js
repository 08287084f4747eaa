// What every page shares: the page life cycle and the filter form.

import { el } from './dom.js';

const TYPING_PAUSE_MS = 2500;

/**
 * A page builds its frame once in mount(), then load() fetches (every 2 s) and render() shows the data.
 * pauseReason() says why the page should not refresh now, or null.
 */
export class Page {
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
export class Filters {
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
