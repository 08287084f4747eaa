// Telling the user: the banner for errors and results, the confirmation dialog.

import { $, el } from './dom.js';

/** The banner: refresh errors clear themselves on the next good refresh, action results stay until closed. */
export const banner = {
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

/** Asks in a modal dialog; resolves true when confirmed. */
export function confirmAction(message, okLabel) {
  const dialog = $('confirm');
  $('confirm-text').textContent = message;
  $('confirm-ok').textContent = okLabel;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });
}
