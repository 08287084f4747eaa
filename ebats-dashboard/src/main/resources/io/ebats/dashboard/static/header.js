// The header: the action token (from the address, kept for the tab) and the namespace.

import { $ } from './dom.js';

const TOKEN_KEY = 'ebats.token';

/** The action token, kept in the tab's session storage: never in the address, never sent but on actions. */
export const token = {
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

/** Fills the token field and keeps what the user pastes into it. */
export function setUpHeader() {
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

export function showNamespace(namespace) {
  $('namespace').textContent = namespace ? 'namespace ' + namespace : '';
}
