// A finished evaluation: its metrics, the per-step entropy and scale curves, and the grid of stored samples.

import { className } from '../defaults.js';
import { el, formatNumber } from '../dom.js';
import { LinePlot } from '../plot.js';

const METRICS = [['fid', 'FID (Fashion features)'], ['sfid', 'sFID'], ['inceptionScore', 'Inception Score'],
  ['inceptionScoreStd', 'IS std'], ['precision', 'precision (k = 3)'], ['recall', 'recall (k = 3)'],
  ['accuracy', 'class accuracy'], ['n', 'samples n']];

export function metricsTable(metrics, extra = []) {
  const rows = [...METRICS.filter(([k]) => k in (metrics ?? {})).map(([k, label]) => [label, metrics[k]]), ...extra];
  return el('table', { class: 'kv' }, el('tbody', {}, ...rows.map(([k, v]) =>
    el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, formatNumber(v))))));
}

export function curvesPlot(result) {
  const plot = new LinePlot({ title: 'Mean classifier entropy and guidance scale per step', yLabel: 'value',
    height: 170 });
  const entropy = result.entropyCurve ?? [];
  const scale = result.scaleCurve ?? [];
  plot.reset([{ key: 'entropy', label: 'entropy H (nats)', colour: '#1f77b4' },
    { key: 'scale', label: 'guidance scale s', colour: '#d62728', dash: [6, 3] }],
  Math.max(entropy.length, scale.length, 1));
  plot.setPoints('entropy', entropy.map((v, i) => [i + 1, v]));
  plot.setPoints('scale', scale.map((v, i) => [i + 1, v]));
  return plot.element;
}

export function sampleGrid(samples, labels = []) {
  if (!samples?.length) return el('p', { class: 'note' }, 'No sample images in this result.');
  return el('figure', { class: 'images' }, el('figcaption', {}, `First ${samples.length} samples`),
    el('div', { class: 'grid samples' }, ...samples.map((b64, i) => el('img', { src: `data:image/png;base64,${b64}`,
      width: 56, height: 56, alt: `sample ${i}${labels[i] >= 0 ? `, class ${className(labels[i])}` : ''}` }))));
}

/** Everything a completed evaluation's JobProgress `result` shows. */
export function renderEvalResult(result) {
  return el('div', { class: 'eval-result' },
    metricsTable(result.metrics, [['mean entropy (features)', result.meanEntropy], ['seconds', result.seconds]]),
    el('p', { class: 'note' }, `${result.model} v${result.modelVersion} · features ${result.features} `
      + `v${result.featuresVersion} · stored in ${result.resultFile}`),
    curvesPlot(result), sampleGrid(result.samples, result.sampleLabels));
}
