// The throughput chart of the overview, drawn as inline SVG.

import { el, svg } from './dom.js';
import { fmtClock, fmtTime } from './format.js';

export const SERIES = ['succeeded', 'retrying', 'failed', 'dead'];

/** Stacked bars of attempts per bucket, with axes and a legend, drawn as inline SVG. */
export function throughputChart(data) {
  const buckets = data.buckets || [];
  const width = 1200;
  const height = 230;
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

export function legend() {
  return el('div', { class: 'legend', testid: 'chart-legend' },
    SERIES.map((s) => el('span', null, el('span', { class: 'swatch ' + s }), s)));
}

