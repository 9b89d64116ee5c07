// The per-year chart: swaps and people released, as bars side by side, drawn by uPlot (from
// npm, put in web/vendor/ by make). This module, uPlot and its stylesheet are loaded only by a
// view that draws a chart (the overview imports it when it has something to draw).
import uPlot from './vendor/uPlot.esm.js';

if (!document.querySelector('link[href="/vendor/uPlot.min.css"]'))
  document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/vendor/uPlot.min.css' }));

// Whole numbers as a person writes them: a year without a thousands separator, a count plain.
const whole = (v) => (v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : '');

export function yearChart(box, perYear) {
  const years = perYear.map((y) => y.year);
  const width = Math.max(280, Math.min(box.clientWidth || 560, 900) - 16);
  // Two series a year: each bar takes a third of the year's width, the first left of the year's
  // mark and the second right of it, so that neither hides the other.
  const bars = (align) => uPlot.paths.bars({ size: [0.35, 40], align });
  return new uPlot({
    width, height: 240,
    scales: { x: { time: false, range: [Math.min(...years) - 1, Math.max(...years) + 1] }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{ values: (u, vals) => vals.map(whole) }, { values: (u, vals) => vals.map(whole) }],
    series: [{ label: 'Year', value: (u, v) => whole(v) },
      { label: 'Swaps', stroke: '#1f5fbf', fill: 'rgba(31,95,191,.75)', paths: bars(-1), value: (u, v) => whole(v) },
      { label: 'People released', stroke: '#1b7a43', fill: 'rgba(27,122,67,.65)', paths: bars(1), value: (u, v) => whole(v) }],
  }, [years, perYear.map((y) => y.swaps), perYear.map((y) => y.people_released)], box);
}

// People released per month, one line a side (those that released most; the rest as "Others"),
// from /v1/stats/releases?by=month&split=released_by. Months without releases are zeros, so the
// lines fall to the axis between exchanges; a swap dated only by its year is not placed on a
// month (the caption counts those).
const COLOURS = ['#1f5fbf', '#b3261e', '#1b7a43', '#8a5a00', '#6b3fa0', '#00727a'];

export function monthChart(box, series, nameOf) {
  const months = [...new Set(series.filter((e) => e.period.length === 7).map((e) => e.period))].sort();
  const totals = new Map();
  for (const e of series) totals.set(e.released_by, (totals.get(e.released_by) || 0) + e.people);
  const ranked = [...totals].sort((a, b) => b[1] - a[1]).map(([side]) => side);
  const shown = ranked.slice(0, COLOURS.length - 1);
  const others = ranked.length > shown.length;
  const at = new Map(months.map((m, i) => [m, i]));
  const lines = shown.map(() => months.map(() => 0));
  const rest = months.map(() => 0);
  for (const e of series) {
    const i = at.get(e.period);
    if (i === undefined) continue;
    const k = shown.indexOf(e.released_by);
    if (k >= 0) lines[k][i] += e.people; else rest[i] += e.people;
  }
  const x = months.map((m) => Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1) / 1000);
  const width = Math.max(280, Math.min(box.clientWidth || 900, 1100) - 16);
  return new uPlot({
    width, height: 260,
    scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{}, { values: (u, vals) => vals.map(whole) }],
    series: [{ label: 'Month', value: (u, v) => (v === null ? '—' : new Date(v * 1000).toISOString().slice(0, 7)) },
      ...shown.map((side, k) => ({ label: `Released by ${nameOf(side)}`, stroke: COLOURS[k], width: 2,
        paths: uPlot.paths.stepped({ align: 1 }), value: (u, v) => whole(v) })),
      ...(others ? [{ label: 'Released by others', stroke: COLOURS[COLOURS.length - 1], width: 2,
        paths: uPlot.paths.stepped({ align: 1 }), value: (u, v) => whole(v) }] : [])],
  }, [x, ...lines, ...(others ? [rest] : [])], box);
}
