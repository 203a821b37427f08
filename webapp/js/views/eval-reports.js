// Stored evaluations of a model (its card's metrics.json, GET /api/models/{name}) as one table, and a comparison of
// the ones ticked: their per-step entropy and guidance-strength curves overlaid, precision against recall, and
// their sample grids side by side (each full result from GET /api/models/{name}/evals/{key}). Figures are comparable
// only at equal n and the same feature network, so both are columns.

import { api } from '../api.js';
import { el, formatDuration, formatNumber } from '../dom.js';
import { COLOURS, LinePlot } from '../plot.js';
import { sampleGrid } from './eval-result.js';

const MAX_COMPARED = COLOURS.length;

/** "entropy s=2 (fashion-clf-ect)": what a stored config's guidance was, in a few words. */
export function describeGuidance(g) {
  if (!g || g.method === 'NONE') return 'none';
  const method = g.method.toLowerCase();
  const extra = g.method === 'TAIL' ? `, tail ${g.tailScale}, x̂0 λ ${g.x0Lambda}` : '';
  return `${method} s=${g.scale}${extra}${g.classifier ? ` (${g.classifier})` : ''}`;
}

export function describeSampler(s) {
  return `${s.kind.toLowerCase()} ${s.steps}${s.kind === 'DDIM' && s.eta ? ` η=${s.eta}` : ''}`;
}

export class EvalReports {
  constructor() {
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
    this.element = el('section', { class: 'reports-panel', 'aria-label': 'Stored evaluations' },
      el('h2', {}, 'Stored evaluations'),
      el('p', { class: 'note' }, 'Every finished evaluation of the model\'s default version, as stored beside it. '
        + 'Tick up to eight rows to overlay their curves and compare their samples.'),
      this.status, el('div', { class: 'table-scroll', tabindex: 0, role: 'region',
        'aria-label': 'Stored evaluations table' }, this.table),
      el('div', { class: 'buttons' }, this.compareButton, this.refreshButton), this.comparison);
  }

  async load(name) {
    this.name = name;
    this.comparison.replaceChildren();
    if (!name) return;
    try {
      const doc = await api.model(name);
      this.version = doc.card.version;
      const entries = Object.entries(doc.metrics?.evaluations ?? {}).map(([key, e]) => ({ key, ...e }));
      entries.sort((a, b) => String(a.created).localeCompare(String(b.created)));
      this.rows = entries;
      this.render();
    } catch (e) {
      this.rows = [];
      this.render();
      this.status.textContent = `Cannot read ${name}'s evaluations: ${e.message}`;
    }
  }

  render() {
    this.status.textContent = this.rows.length ? `${this.name} v${this.version}: ${this.rows.length} evaluation(s)`
      : `${this.name} v${this.version ?? '?'} has no stored evaluations yet.`;
    const head = ['', 'guidance', 'sampler', 'n', 'seed', 'features', 'FID', 'sFID', 'IS', 'precision', 'recall',
      'accuracy', 'time'];
    this.table.replaceChildren(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...this.rows.map((r) => {
        const m = r.metrics ?? {};
        const box = el('input', { type: 'checkbox', 'aria-label': `compare ${describeGuidance(r.config.guidance)}`,
          dataset: { key: r.key }, onchange: () => this.syncButton() });
        return el('tr', {}, el('td', {}, box), el('td', {}, describeGuidance(r.config.guidance)),
          el('td', {}, describeSampler(r.config.sampler)), el('td', {}, formatNumber(r.config.n)),
          el('td', {}, formatNumber(r.config.seed)), el('td', {}, `${r.config.features} v${r.config.featuresVersion}`),
          ...['fid', 'sfid', 'inceptionScore', 'precision', 'recall', 'accuracy']
            .map((k) => el('td', {}, formatNumber(m[k]))), el('td', {}, formatDuration(r.seconds)));
      })));
    this.syncButton();
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

/** [lo, hi] in steps of 0.05 around values in [0, 1], with a margin of at least 0.01 on each side. */
export function unitRange(values) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const lo = Math.max(0, Math.floor((Math.min(...finite) - 0.01) * 20) / 20);
  const hi = Math.min(1, Math.ceil((Math.max(...finite) + 0.01) * 20) / 20);
  return [lo, Math.max(hi, lo + 0.05)];
}

/** Overlaid curves, a precision–recall scatter and the sample grids of several stored results. */
export function renderComparison(results) {
  // The seed joins the label when the compared runs differ in it (else two seeds of one setting read alike).
  const seeds = new Set(results.map((r) => r.config.seed));
  const label = (r) => `${describeGuidance(r.config.guidance)} · ${describeSampler(r.config.sampler)}`
    + (seeds.size > 1 ? ` · seed ${r.config.seed}` : '');
  const steps = Math.max(1, ...results.map((r) => r.entropyCurve?.length ?? 0));
  const curve = (title, yLabel, field) => {
    const plot = new LinePlot({ title, yLabel, height: 200 });
    plot.reset(results.map((r, i) => ({ key: String(i), label: label(r), colour: COLOURS[i] })), steps);
    results.forEach((r, i) => plot.setPoints(String(i), (r[field] ?? []).map((v, k) => [k + 1, v])));
    return plot.element;
  };
  // Axes zoomed to the points (in steps of 0.05, at most 0..1): shipped models' points differ in the second decimal.
  const [recallLo, recallHi] = unitRange(results.map((r) => r.metrics.recall));
  const [precisionLo, precisionHi] = unitRange(results.map((r) => r.metrics.precision));
  const pr = new LinePlot({ title: 'Precision against recall (k = 3)', xLabel: 'recall', yLabel: 'precision',
    xMin: recallLo, xMax: recallHi, yMin: precisionLo, yMax: precisionHi, height: 200 });
  pr.reset(results.map((r, i) => ({ key: String(i), label: label(r), colour: COLOURS[i], markers: true })), recallHi);
  results.forEach((r, i) => pr.setPoints(String(i), [[r.metrics.recall, r.metrics.precision]]));
  return [
    curve('Classifier entropy per step (nats)', 'H', 'entropyCurve'),
    curve('Guidance strength s·‖∇ log p(y|x_t)‖ per step', 's·‖∇‖', 'guidanceNormCurve'),
    curve('Guidance scale per step', 's', 'scaleCurve'),
    pr.element,
    el('div', { class: 'compare-grids' }, ...results.map((r, i) => el('div', { class: 'compare-grid' },
      el('h3', { style: `border-left: 4px solid ${COLOURS[i]}; padding-left: 6px` }, label(r)),
      el('p', { class: 'note' }, r.summary), sampleGrid(r.samples, r.sampleLabels)))),
  ];
}
