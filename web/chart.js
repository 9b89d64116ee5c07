// The per-year chart: swaps and people released, as bars, drawn by uPlot (from npm, put in
// web/vendor/ by make).
import uPlot from './vendor/uPlot.esm.js';

export function yearChart(box, perYear) {
  const years = perYear.map((y) => y.year);
  const width = Math.max(280, Math.min(box.clientWidth || 560, 900) - 16);
  const bars = uPlot.paths.bars({ size: [0.4, 40] });
  return new uPlot({
    width, height: 240,
    scales: { x: { time: false, range: [Math.min(...years) - 1, Math.max(...years) + 1] }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{ values: (u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : '')) },
      { values: (u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : '')) }],
    series: [{ label: 'Year' },
      { label: 'Swaps', stroke: '#1f5fbf', fill: 'rgba(31,95,191,.55)', paths: bars },
      { label: 'People released', stroke: '#1b7a43', fill: 'rgba(27,122,67,.45)', paths: bars }],
  }, [years, perYear.map((y) => y.swaps), perYear.map((y) => y.people_released)], box);
}
