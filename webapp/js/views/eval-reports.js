// Stored evaluations of a model (GET /api/models/{name}: `metrics`, the ones the registry ships with, and
// `submittedMetrics`, the ones run through this service, which can be deleted) as one table; a comparison of the ones
// ticked (their per-step curves overlaid, precision against recall in each feature space, their sample grids side by
// side, each full result from GET /api/models/{name}/evals/{key}); and the trade-off of FID and recall against class
// accuracy over all of them (eval-tradeoff.js). Figures are comparable only at equal n and in the same feature space,
// so both are columns.

import { api } from '../api.js';
import { el, formatDuration, formatNumber } from '../dom.js';
import { COLOURS, LinePlot } from '../plot.js';
import { describeGuidance, describeSampler, secondSpace, unitRange } from './eval-format.js';
import { curveSteps, hasPoints, sampleGrid } from './eval-result.js';
import { TradeoffPlots } from './eval-tradeoff.js';

const MAX_COMPARED = COLOURS.length;
/** The table's columns as [key, heading]: the run's settings, its metrics in each feature space, time, delete. */
const COLUMNS = {
  before: [['compare', 'compare'], ['guidance', 'guidance'], ['sampler', 'sampler'], ['n', 'n'], ['seed', 'seed'],
    ['features', 'features']],
  first: [['fid', 'FID'], ['sfid', 'sFID'], ['inceptionScore', 'IS'], ['precision', 'precision'],
    ['recall', 'recall'], ['accuracy', 'accuracy']],
  second: [['second.fid', 'FID'], ['second.precision', 'precision'], ['second.recall', 'recall']],
  after: [['time', 'time'], ['delete', '']],
};
const ORIGINS = [
  ['shipped', 'Shipped with the model', 'the registry\'s own figures (the eval command); they cannot be deleted here'],
  ['submitted', 'Run on this service', 'anyone\'s evaluations through this page or POST /api/eval; deleting one needs '
    + 'the access token where the service has one'],
];

export class EvalReports extends EventTarget {
  constructor() {
    super();
    this.name = null;
    this.version = null;
    this.rows = [];
    this.status = el('p', { class: 'note', 'aria-live': 'polite' });
    this.table = el('table', { class: 'summary reports', id: 'eval-reports' });
    this.compareButton = el('button', { type: 'button', id: 'eval-compare', disabled: true,
      onclick: () => this.compare() }, 'Compare selected');
    this.refreshButton = el('button', { type: 'button', class: 'secondary', onclick: () => this.load(this.name) },
      'Refresh');
    this.comparison = el('div', { class: 'comparison', id: 'eval-comparison' });
    this.tradeoff = new TradeoffPlots();
    this.element = el('section', { class: 'reports-panel', 'aria-label': 'Stored evaluations' },
      el('h2', {}, 'Stored evaluations'),
      el('p', { class: 'note' }, 'Every finished evaluation of the model\'s default version. Tick up to ten rows to '
        + 'overlay their curves and compare their samples.'),
      this.status, el('div', { class: 'table-scroll', tabindex: 0, role: 'region',
        'aria-label': 'Stored evaluations table' }, this.table),
      el('div', { class: 'buttons' }, this.compareButton, this.refreshButton), this.comparison,
      this.tradeoff.element);
  }

  async load(name) {
    this.name = name;
    this.comparison.replaceChildren();
    if (!name) return;
    try {
      const doc = await api.model(name);
      this.version = doc.card.version;
      const rows = (origin, file) => Object.entries(file?.evaluations ?? {})
        .map(([key, e]) => ({ key, origin, ...e }))
        .sort((a, b) => String(a.created).localeCompare(String(b.created)));
      this.rows = [...rows('shipped', doc.metrics), ...rows('submitted', doc.submittedMetrics)];
      this.render();
    } catch (e) {
      this.rows = [];
      this.render();
      this.status.textContent = `Cannot read ${name}'s evaluations: ${e.message}`;
    }
    this.dispatchEvent(new Event('change'));
  }

  render() {
    this.status.textContent = this.rows.length ? `${this.name} v${this.version}: ${this.rows.length} evaluation(s)`
      : `${this.name} v${this.version ?? '?'} has no stored evaluations yet.`;
    const second = secondSpace(this.rows);
    const columns = [...COLUMNS.before, ...COLUMNS.first,
      ...(second ? COLUMNS.second.map(([k, h]) => [k, h, `${h} (${second})`]) : []), ...COLUMNS.after];
    const groups = ORIGINS.map(([origin, title, note]) => {
      const rows = this.rows.filter((r) => r.origin === origin);
      if (rows.length === 0) return null;
      return el('tbody', { 'data-origin': origin }, el('tr', { class: 'group' }, el('th', { scope: 'colgroup',
        colspan: columns.length }, `${title} · ${rows.length}`, el('span', { class: 'note' }, ` — ${note}`))),
      ...rows.map((r) => this.row(r, columns, second)));
    });
    // Two header rows: the metrics grouped by the feature space they were measured in.
    const spaces = el('tr', {}, el('td', { colspan: COLUMNS.before.length }),
      el('th', { scope: 'colgroup', colspan: COLUMNS.first.length }, 'in the features network (column "features")'),
      second ? el('th', { scope: 'colgroup', colspan: COLUMNS.second.length }, `in the second space: ${second}`) : null,
      el('td', { colspan: COLUMNS.after.length }));
    this.table.replaceChildren(el('thead', {}, spaces, el('tr', {}, ...columns.map(([, h]) => el('th',
      { scope: 'col' }, h)))), ...groups.filter(Boolean));
    this.syncButton();
    this.tradeoff.update(this.rows, this.name);
  }

  /** One evaluation's row; each cell names its column (data-label), for the stacked layout of narrow screens. */
  row(r, columns, second) {
    const m = r.metrics ?? {};
    const describe = describeGuidance(r.config.guidance);
    const other = m.second && m.second.features !== second ? ` (${m.second.features})` : '';
    const value = {
      compare: () => el('input', { type: 'checkbox', 'aria-label': `compare ${describe} · ${describeSampler(r.config
        .sampler)} · seed ${r.config.seed}`, dataset: { key: r.key }, onchange: () => this.syncButton() }),
      guidance: () => describe,
      sampler: () => describeSampler(r.config.sampler),
      n: () => formatNumber(r.config.n),
      seed: () => formatNumber(r.config.seed),
      features: () => `${r.config.features} v${r.config.featuresVersion}`,
      time: () => formatDuration(r.seconds),
      delete: () => (r.origin === 'submitted' ? el('button', { type: 'button', class: 'small secondary danger',
        'aria-label': `Delete the evaluation ${describe}, seed ${r.config.seed}`, onclick: () => this.remove(r) },
      'Delete') : ''),
    };
    const cell = (key) => {
      if (value[key]) return value[key]();
      if (key.startsWith('second.')) return m.second ? `${formatNumber(m.second[key.slice(7)])}${other}` : '—';
      return formatNumber(m[key]);
    };
    return el('tr', { 'data-key': r.key }, ...columns.map(([key, h, label]) => el('td',
      { 'data-label': label ?? h, class: `col-${key.replace('.', '-')}` }, cell(key))));
  }

  async remove(r) {
    const what = `${describeGuidance(r.config.guidance)} · ${describeSampler(r.config.sampler)} · n ${r.config.n} `
      + `· seed ${r.config.seed}`;
    if (!window.confirm(`Delete the evaluation "${what}" of ${this.name} v${this.version}? It cannot be undone.`)) {
      return;
    }
    try {
      await api.deleteEval(this.name, r.key, this.version);
      await this.load(this.name);
      this.status.textContent = `Deleted "${what}". ${this.status.textContent}`;
    } catch (e) {
      this.status.textContent = `Could not delete "${what}": ${e.code}: ${e.message}`;
    }
  }

  selectedKeys() {
    return [...this.table.querySelectorAll('input[type=checkbox]:checked')].map((b) => b.dataset.key);
  }

  syncButton() {
    const n = this.selectedKeys().length;
    this.compareButton.disabled = n === 0 || n > MAX_COMPARED;
    this.compareButton.textContent = n > MAX_COMPARED ? `Compare (at most ${MAX_COMPARED})` : 'Compare selected';
  }

  async compare() {
    const keys = this.selectedKeys();
    this.comparison.replaceChildren(el('p', { class: 'note' }, `Loading ${keys.length} result(s)…`));
    let results;
    try {
      results = await Promise.all(keys.map((k) => api.evalResult(this.name, k, this.version)));
    } catch (e) {
      this.comparison.replaceChildren(el('p', { class: 'error', role: 'alert' }, `${e.code}: ${e.message}`));
      return;
    }
    this.comparison.replaceChildren(...renderComparison(results));
  }
}

/** A precision-against-recall scatter of results in one feature space (`of(result)` gives its metrics there). */
function precisionRecall(results, label, title, of) {
  const [recallLo, recallHi] = unitRange(results.map((r) => of(r)?.recall));
  const [precisionLo, precisionHi] = unitRange(results.map((r) => of(r)?.precision));
  const pr = new LinePlot({ title, xLabel: 'recall', yLabel: 'precision', xMin: recallLo, xMax: recallHi,
    yMin: precisionLo, yMax: precisionHi, height: 200 });
  pr.reset(results.map((r, i) => ({ key: String(i), label: label(r), colour: COLOURS[i], markers: true })), recallHi);
  results.forEach((r, i) => pr.setPoints(String(i), of(r) ? [[of(r).recall, of(r).precision]] : []));
  return pr.element;
}

/** Overlaid curves, precision–recall scatters (one per feature space) and the sample grids of several results. */
export function renderComparison(results) {
  // The seed joins the label when the compared runs differ in it (else two seeds of one setting read alike).
  const seeds = new Set(results.map((r) => r.config.seed));
  const label = (r) => `${describeGuidance(r.config.guidance)} · ${describeSampler(r.config.sampler)}`
    + (seeds.size > 1 ? ` · seed ${r.config.seed}` : '');
  // One x range for every per-step plot: the longest curve of any kind (a blur run's scale curve has 50 points and
  // no entropy curve at all).
  const steps = Math.max(1, ...results.map(curveSteps));
  // A plot is drawn only where some curve has a point; the guidance plots only where some run was guided (an
  // unguided run's scale and strength are 0 at every step, which the guidance column says already). Within a plot
  // that is drawn, an unguided run keeps its line at 0: beside guided runs that is the baseline.
  const curve = (title, yLabel, field, nonZero = false) => {
    if (!results.some((r) => hasPoints(r[field], nonZero))) return null;
    const plot = new LinePlot({ title, yLabel, height: 200 });
    plot.reset(results.map((r, i) => ({ key: String(i), label: label(r), colour: COLOURS[i] })), steps);
    results.forEach((r, i) => plot.setPoints(String(i), (r[field] ?? []).map((v, k) => [k + 1, v])));
    return plot.element;
  };
  // Axes zoomed to the points (in steps of 0.05, at most 0..1): shipped models' points differ in the second decimal.
  const features = results[0].config.features;
  const second = secondSpace(results);
  const perStep = [
    curve('Classifier entropy per step (nats)', 'H', 'entropyCurve'),
    curve('Guidance strength s·‖∇ log p(y|x_t)‖ per step', 's·‖∇‖', 'guidanceNormCurve', true),
    curve('Guidance scale per step', 's', 'scaleCurve', true),
    // EDS only: how often its entropy floor h_min (ours, not ED-DPM's) clamped the scale.
    curve('Share of samples at the entropy floor per step (EDS)', 'clamped', 'entropyFloorCurve'),
  ].filter(Boolean);
  return [
    ...(perStep.length ? perStep : [el('p', { class: 'note curves-none' }, 'No per-step plots: none of these runs '
      + 'was guided, and no classifier read their steps (a blur model has none).')]),
    precisionRecall(results, label, `Precision against recall (k = 3), ${features}`, (r) => r.metrics),
    second ? precisionRecall(results, label, `Precision against recall (k = 3), ${second}`,
      (r) => (r.metrics.second?.features === second ? r.metrics.second : null)) : null,
    el('div', { class: 'compare-grids' }, ...results.map((r, i) => el('div', { class: 'compare-grid' },
      el('h3', { style: `border-left: 4px solid ${COLOURS[i]}; padding-left: 6px` }, label(r)),
      el('p', { class: 'note' }, r.summary), sampleGrid(r, label(r))))),
  ].filter(Boolean);
}
