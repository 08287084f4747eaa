// Values as text, and the small elements that show them.

import { el } from './dom.js';

export const OUTCOMES = ['SUCCEEDED', 'RETRYING', 'FAILED', 'DEAD', 'SKIPPED', 'CANCELLED'];

const pad = (n) => String(n).padStart(2, '0');

/** Local time; the date only when it is not today. */
export function fmtTime(iso) {
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

export function fmtClock(date) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fmtDuration(ms) {
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
export function since(iso) {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) {
    return '';
  }
  const ms = Math.max(0, Date.now() - t);
  return ms < 60_000 ? `${Math.floor(ms / 1000)} s` : fmtDuration(ms);
}

export function time(iso) {
  return el('span', { class: 'nowrap', title: iso || '', text: fmtTime(iso) });
}

export function shortClass(name) {
  return name ? name.substring(name.lastIndexOf('.') + 1) : '';
}

export function prettyJson(text) {
  if (text === null || text === undefined) {
    return '';
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return String(text);
  }
}

export function badge(outcome) {
  return el('span', { class: ['badge', OUTCOMES.includes(outcome) && outcome], testid: 'outcome', text: outcome });
}

export function num(value) {
  return el('td', { class: 'num', text: value ?? '' });
}

export function taskLink(taskId, testid) {
  return el('a', { href: '#/task/' + encodeURIComponent(taskId), class: 'mono', testid, title: taskId, text: taskId });
}

export function emptyRow(columns, message, testid) {
  return el('tr', null, el('td', { class: 'empty', colSpan: columns, testid, text: message }));
}

export function isoFromLocal(value) {
  if (!value) {
    return '';
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}
