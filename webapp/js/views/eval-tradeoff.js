// The trade-off over a model's stored evaluations: FID against class accuracy and recall against class accuracy, one
// series per guidance method, one point per evaluation. Points are not joined: a method's evaluations differ in more
// than their scale (the classifier, the tail settings, the seed), so a line through them would draw a curve none of
// them lies on; hovering a point says which it is. Guidance buys accuracy with diversity, so "method A beats B" means
// a lower FID (higher recall) at the same accuracy: read it across at matched accuracy. FID and recall depend on n
// and on the feature space, so one n and one space are plotted at a time.

import { el, select, setOptions } from '../dom.js';
import { LinePlot } from '../plot.js';
import { describeGuidance, describeSampler, unitRange } from './eval-format.js';

const METHODS = [['NONE', 'unguided', '#7f7f7f'], ['CLASSIFIER', 'classifier (ADM)', '#1f77b4'],
  ['ENTROPY', 'entropy-driven (ED-DPM)', '#d62728'], ['TAIL', 'tail + x̂0', '#2ca02c']];

/** A row's figures in a feature space: 'first' (the features network's) or the second space's name. */
function figures(row, space) {
  if (space === 'first') return row.metrics;
  return row.metrics?.second?.features === space ? row.metrics.second : null;
}

export class TradeoffPlots {
  constructor() {
    this.space = select('space', []);
    this.n = select('tradeoffN', []);
    this.note = el('p', { class: 'note' });
    this.fid = new LinePlot({ title: 'FID against class accuracy', xLabel: 'accuracy', yLabel: 'FID', height: 220 });
    this.recall = new LinePlot({ title: 'Recall against class accuracy', xLabel: 'accuracy', yLabel: 'recall',
      height: 220 });
    this.element = el('section', { class: 'tradeoff', id: 'eval-tradeoff', 'aria-label': 'Trade-off', hidden: true },
      el('h3', {}, 'Diversity against accuracy, per guidance method'),
      el('div', { class: 'buttons' }, el('label', {}, 'Plot the evaluations with n = ', this.n),
        el('label', {}, 'in the feature space ', this.space)),
      this.note, el('div', { class: 'plots' }, this.fid.element, this.recall.element));
    this.space.addEventListener('change', () => this.render());
    this.n.addEventListener('change', () => this.render());
  }

  /** The model's stored evaluations (EvalReports' rows). */
  update(rows, model) {
    this.rows = rows.filter((r) => Number.isFinite(r.metrics?.accuracy));
    this.model = model;
    this.element.hidden = this.rows.length === 0;
    if (this.rows.length === 0) return;
    const first = this.rows[0].config.features;
    const seconds = [...new Set(this.rows.map((r) => r.metrics?.second?.features).filter(Boolean))];
    setOptions(this.space, [['first', first], ...seconds.map((s) => [s, s])], 'first');
    const counts = new Map();
    this.rows.forEach((r) => counts.set(r.config.n, (counts.get(r.config.n) ?? 0) + 1));
    const ns = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0]);
    setOptions(this.n, ns.map(([n, c]) => [String(n), `${n} (${c} evaluation${c > 1 ? 's' : ''})`]),
      String(ns[0][0]));
    this.render();
  }

  render() {
    const space = this.space.value;
    const n = Number(this.n.value);
    const rows = this.rows.filter((r) => r.config.n === n && figures(r, space));
    const spaceName = space === 'first' ? this.space.selectedOptions[0]?.textContent : space;
    const series = METHODS.filter(([m]) => rows.some((r) => r.config.guidance.method === m))
      .map(([m, label, colour]) => ({ key: m, label, colour, markers: true }));
    const accuracy = unitRange(rows.map((r) => r.metrics.accuracy));
    for (const [plot, field] of [[this.fid, 'fid'], [this.recall, 'recall']]) {
      plot.xMin = accuracy[0];
      plot.fixedMin = field === 'recall' ? unitRange(rows.map((r) => figures(r, space).recall))[0] : 0;
      plot.fixedMax = field === 'recall' ? unitRange(rows.map((r) => figures(r, space).recall))[1] : undefined;
      plot.reset(series, accuracy[1]);
      for (const s of series) {
        plot.setPoints(s.key, rows.filter((r) => r.config.guidance.method === s.key).map((r) => [r.metrics.accuracy,
          figures(r, space)[field], `${describeGuidance(r.config.guidance)} · ${describeSampler(r.config.sampler)} · `
          + `seed ${r.config.seed}${r.origin === 'submitted' ? ' · run here' : ''}`]));
      }
    }
    const left = this.rows.length - rows.length;
    this.note.textContent = `${rows.length} evaluation(s) of ${this.model} with n = ${n}, measured in ${spaceName}`
      + `${left ? ` (${left} other(s) differ in n or lack this space; FID depends on both)` : ''}. Lower FID and `
      + 'higher recall at the same accuracy is better; hover a point for its settings.';
  }
}
