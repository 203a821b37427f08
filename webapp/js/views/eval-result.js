// A finished evaluation: its metrics (in each feature space), the per-step entropy and scale curves, and the grid of
// stored samples (each opens larger; the grid downloads as a PNG with the evaluation's config).

import { className } from '../defaults.js';
import { el, formatNumber } from '../dom.js';
import { saveGrid } from '../image-export.js';
import { LinePlot } from '../plot.js';
import { zoom } from '../zoom.js';

const METRICS = [['fid', 'FID (Fashion features)'], ['sfid', 'sFID'], ['inceptionScore', 'Inception Score'],
  ['inceptionScoreStd', 'IS std'], ['precision', 'precision (k = 3)'], ['recall', 'recall (k = 3)'],
  ['accuracy', 'class accuracy'], ['n', 'samples n']];

/** The metrics as a key-value table; the second feature space's FID, precision and recall are named by its model. */
export function metricsTable(metrics, extra = []) {
  const second = metrics?.second;
  const rows = [...METRICS.filter(([k]) => k in (metrics ?? {})).map(([k, label]) => [label, metrics[k]]),
    ...(second ? [[`FID (${second.features} v${second.featuresVersion})`, second.fid],
      [`precision (${second.features})`, second.precision], [`recall (${second.features})`, second.recall]] : []),
    ...extra];
  return el('table', { class: 'kv' }, el('tbody', {}, ...rows.map(([k, v]) =>
    el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, formatNumber(v))))));
}

/** Whether a curve has any point, or (`nonZero`) any point other than 0. */
export function hasPoints(curve, nonZero = false) {
  return (curve ?? []).some((v) => Number.isFinite(v) && (!nonZero || v !== 0));
}

/** The most steps any of a result's per-step curves covers (the x range of their plots). */
export function curveSteps(result) {
  return Math.max(0, ...['entropyCurve', 'guidanceNormCurve', 'scaleCurve', 'entropyFloorCurve']
    .map((k) => result[k]?.length ?? 0));
}

/**
 * The mean classifier entropy and the guidance scale per step, each only where it says something: the entropy where
 * a classifier measured it (a blur model's runs have none), the scale where the run was guided (an unguided run's is
 * 0 at every step, which the config says already). Null when neither is left.
 */
export function curvesPlot(result) {
  const entropy = hasPoints(result.entropyCurve) ? result.entropyCurve : null;
  const scale = hasPoints(result.scaleCurve, true) ? result.scaleCurve : null;
  if (!entropy && !scale) return null;
  const title = entropy && scale ? 'Mean classifier entropy and guidance scale per step'
    : entropy ? 'Mean classifier entropy per step' : 'Guidance scale per step';
  const plot = new LinePlot({ title, yLabel: 'value', height: 170 });
  plot.reset([entropy && { key: 'entropy', label: 'entropy H (nats)', colour: '#1f77b4' },
    scale && { key: 'scale', label: 'guidance scale s', colour: '#d62728', dash: [6, 3] }].filter(Boolean),
  curveSteps(result));
  if (entropy) plot.setPoints('entropy', entropy.map((v, i) => [i + 1, v]));
  if (scale) plot.setPoints('scale', scale.map((v, i) => [i + 1, v]));
  return plot.element;
}

function pngBlob(base64) {
  return new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'image/png' });
}

/**
 * The first samples of an evaluation as a grid of buttons (each opens the sample larger) and a download of the grid;
 * `result` gives the config for titles and the PNG's text chunks.
 */
export function sampleGrid(result, title) {
  const samples = result.samples ?? [];
  if (!samples.length) return el('p', { class: 'note' }, 'No sample images in this result.');
  const labels = result.sampleLabels ?? [];
  const blobs = samples.map(pngBlob);
  const name = (i) => (labels[i] >= 0 ? className(labels[i]) : 'no class');
  // A job's result names its model and key; a stored one carries its whole config.
  const settings = result.config ?? { model: result.model, modelVersion: result.modelVersion, key: result.key };
  const run = { title, settings, modelVersion: settings.modelVersion };
  const open = (index) => zoom().open({ index, run,
    items: blobs.map((png, i) => ({ label: `sample ${i} · ${name(i)}`, frames: { xt: [{ step: 0, png }] } })) });
  const download = () => saveGrid(blobs, run, `the first ${blobs.length} samples`, 'samples');
  return el('figure', { class: 'images' }, el('figcaption', {}, `First ${samples.length} samples `,
    el('button', { type: 'button', class: 'link', onclick: download }, 'download (PNG)')),
  el('div', { class: 'grid samples' }, ...samples.map((b64, i) => el('button', { type: 'button', class: 'cell',
    'aria-label': `sample ${i}, ${name(i)}; open it larger`, onclick: () => open(i) },
  el('img', { src: `data:image/png;base64,${b64}`, width: 56, height: 56, alt: '' })))));
}

/** Everything a completed evaluation's JobProgress `result` shows. */
export function renderEvalResult(result) {
  return el('div', { class: 'eval-result' },
    metricsTable(result.metrics, [['mean entropy (features)', result.meanEntropy], ['seconds', result.seconds]]),
    el('p', { class: 'note' }, `${result.model} v${result.modelVersion} · features ${result.features} `
      + `v${result.featuresVersion}${result.reference ? ` · reference ${result.reference}` : ''}`
      + ` · stored in ${result.resultFile}`),
    // Said when the model was trained on another data set than the features model's reference images.
    result.dataNote ? el('p', { class: 'note data-note', role: 'note' }, result.dataNote) : null,
    curvesPlot(result) ?? el('p', { class: 'note curves-none' }, 'No per-step plot: the run was unguided and no '
      + 'classifier read its steps (a blur model has none).'),
    sampleGrid(result, `${result.model} v${result.modelVersion} evaluation`));
}
