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
