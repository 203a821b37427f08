// Evaluate: start an evaluation (POST /api/eval) with an estimate of how long it takes, watch it on /ws/jobs/{id},
// and show its metrics, curves and samples; below, the model's stored evaluations (eval-reports.js). The form's state
// lives in the URL, as Generate's does.

import { api } from '../api.js';
import { EVAL, PAGE_SCALE } from '../defaults.js';
import { el, field, formatDuration, numberInput, select, setOptions, showIf } from '../dom.js';
import { GuidanceFields } from '../fields/guidance-fields.js';
import { SamplerFields } from '../fields/sampler-fields.js';
import { fillForm, isShown, readForm, readUrlState, writeUrlState } from '../form-state.js';
import { JobCard } from '../job-card.js';
import { forgetJob, rememberJob, rememberedJobs } from '../job-store.js';
import { registry } from '../registry.js';
import { renderEvalResult } from './eval-result.js';
import { EvalReports } from './eval-reports.js';

const VIEW = 'eval';

/**
 * Seconds an evaluation of n samples with `steps` sampler steps should take, at the pace of the model's stored
 * evaluations (their median seconds per sample and step, over the guided or unguided ones like this run when there
 * are any); null without any.
 */
export function estimateSeconds(rows, { n, steps, guided }) {
  const paces = rows.filter((r) => r.seconds > 0 && r.config?.n > 0 && r.config.sampler?.steps > 0)
    .map((r) => ({ pace: r.seconds / (r.config.n * r.config.sampler.steps), guided: r.config.guidance.method !== 'NONE' }));
  const alike = paces.filter((p) => p.guided === guided);
  const use = (alike.length ? alike : paces).map((p) => p.pace).sort((a, b) => a - b);
  if (use.length === 0) return null;
  return { seconds: n * steps * use[Math.floor(use.length / 2)], from: use.length, alike: alike.length > 0 };
}

export class EvalView {
  constructor() {
    this.model = select('model', []);
    this.n = numberInput('n', EVAL.n);
    this.seed = numberInput('seed', EVAL.seed);
    this.batch = numberInput('batch', EVAL.batch);
    this.labels = el('input', { type: 'text', name: 'labels', inputmode: 'numeric', autocomplete: 'off',
      pattern: '\\s*-?\\d+(\\s*,\\s*-?\\d+)*\\s*', placeholder: 'e.g. 7 or 1,2,3',
      title: 'class numbers separated by commas, e.g. 7 or 1,2,3' });
    this.features = select('features', []);
    this.secondFeatures = select('secondFeatures', []);
    this.sampler = new SamplerFields();
    this.guidance = new GuidanceFields({ scale: PAGE_SCALE });
    this.estimate = el('p', { class: 'note', id: 'eval-estimate', 'aria-live': 'polite' });
    this.labelsRow = field('Classes', this.labels, 'cycled over the samples; empty: i mod C');
    this.classless = el('p', { class: 'note', hidden: true }, 'An unconditional model evaluated unguided draws no '
      + 'class, so there is no class to cycle and no class accuracy.');
    this.error = el('p', { class: 'error', role: 'alert' });
    this.form = el('form', { class: 'controls', 'aria-label': 'Evaluation settings', onsubmit: (e) => this.submit(e) },
      el('fieldset', {}, el('legend', {}, 'Evaluation'), field('Model', this.model, null, 'wide'),
        field('Samples n', this.n, 'FID falls as n grows: compare runs at equal n (the shipped evaluations use 2000)'),
        this.estimate, field('Seed', this.seed), field('Batch', this.batch, 'samples per sampler job'),
        this.labelsRow, this.classless, field('Feature network', this.features),
        field('Second space', this.secondFeatures, 'FID, precision and recall measured again in another feature '
          + 'network, to see whether a claim holds in both')),
      this.sampler.element, this.guidance.element,
      el('div', { class: 'buttons actions' }, el('button', { type: 'submit', id: 'eval-start' }, 'Start evaluation')),
      this.error);
    this.list = el('div', { class: 'job-list', id: 'eval-jobs', 'aria-live': 'polite' });
    this.reports = new EvalReports();
    this.element = el('div', { class: 'view-grid' }, this.form, el('div', { class: 'live' },
      el('h2', {}, 'Evaluations'), el('p', { class: 'note' }, 'FID, IS, precision/recall and accuracy on a Fashion-'
        + 'MNIST feature network against the test set: comparable with each other at equal n, not with Inception '
        + 'FID.'), this.list, this.reports.element));
    this.model.addEventListener('change', () => this.syncModel());
    this.features.addEventListener('change', () => this.syncSecond());
    this.guidance.addEventListener('change', () => this.syncClasses());
    this.reports.addEventListener('change', () => this.showEstimate());
    this.form.addEventListener('input', () => this.formChanged());
    this.form.addEventListener('change', () => this.formChanged());
    for (const entry of rememberedJobs('eval')) this.show(entry.jobId, entry.title);
  }

  onModels() {
    setOptions(this.model, registry.denoisers().map((m) => [m.name, `${m.name} v${m.version}`]),
      registry.preferredDenoiser()?.name);
    setOptions(this.features, registry.features().map((m) => [m.name, `${m.name} v${m.version}`]), EVAL.features);
    this.syncModel();
    if (this.ready || registry.models.length === 0) return;
    this.ready = true;
    const state = readUrlState(VIEW);
    if (state) fillForm(this.form, state, { first: ['model', 'features'] });
    this.syncModel();
  }

  syncModel() {
    const m = registry.find(this.model.value);
    this.sampler.update(m);
    this.guidance.update(m);
    this.syncSecond();
    this.syncClasses();
    if (this.model.value !== this.reports.name) this.reports.load(this.model.value);
    this.formChanged();
  }

  /** The second space: any other features model, or none; the server's default (fashion-ae) when it is there. */
  syncSecond() {
    const others = registry.features().filter((m) => m.name !== this.features.value);
    setOptions(this.secondFeatures, [['none', 'none'], ...others.map((m) => [m.name, `${m.name} v${m.version}`])],
      others.some((m) => m.name === 'fashion-ae') ? 'fashion-ae' : 'none');
  }

  /** An unconditional model evaluated unguided has no classes to cycle (the server draws none). */
  syncClasses() {
    const m = registry.find(this.model.value);
    const classless = m?.role === 'EPSILON' && m.numClasses === 0 && !this.guidance.guided();
    showIf(this.labelsRow, !classless);
    this.classless.hidden = !classless;
  }

  formChanged() {
    this.showEstimate();
    if (this.ready && isShown(this.element)) writeUrlState(VIEW, readForm(this.form));
  }

  shown() {
    this.formChanged();
  }

  showEstimate() {
    const n = Number(this.n.value);
    const steps = Number(this.sampler.steps.value);
    const guided = this.guidance.guided();
    const e = estimateSeconds(this.reports.name === this.model.value ? this.reports.rows : [], { n, steps, guided });
    this.estimate.textContent = e ? `About ${formatDuration(e.seconds)} for ${n} samples of ${steps} steps, at the `
      + `pace of ${e.from} stored evaluation${e.from > 1 ? 's' : ''} of this model${e.alike ? ` (${guided ? 'guided'
        : 'unguided'} ones)` : ''} on the machine that ran them; the job's card shows its own ETA once it samples.`
      : 'No stored evaluation of this model to estimate the time from: the job\'s card shows its ETA once it '
      + 'samples.';
  }

  body() {
    const b = { model: this.model.value, n: Number(this.n.value), seed: Number(this.seed.value),
      batch: Number(this.batch.value), sampler: this.sampler.read(), guidance: this.guidance.read() };
    const labels = this.labels.value.trim();
    if (labels && !this.labels.disabled) b.labels = labels.split(',').map((s) => Number(s.trim()));
    if (this.features.value) b.features = this.features.value;
    if (this.secondFeatures.value) b.secondFeatures = this.secondFeatures.value;
    return b;
  }

  async submit(ev) {
    ev.preventDefault();
    this.error.textContent = '';
    const body = this.body();
    try {
      const p = await api.evaluate(body);
      const title = `${body.model} · n=${body.n} · ${this.guidance.summary()}`;
      rememberJob('eval', { jobId: p.jobId, title });
      this.show(p.jobId, title, p);
    } catch (e) {
      this.error.textContent = `${e.code}: ${e.message}`;
    }
  }

  show(jobId, title, first) {
    const result = el('div', { class: 'result' });
    const card = new JobCard({ jobId, title, extra: [result], hooks: {
      cancel: (id) => api.evalCancel(id),
      progress: (p) => {
        if (p.state === 'completed' && p.result?.metrics && !result.firstChild) {
          result.replaceChildren(renderEvalResult(p.result));
          if (p.result.model === this.reports.name) this.reports.load(this.reports.name);
        }
      },
      gone: () => forgetJob('eval', jobId),
    } });
    this.list.prepend(card.element);
    if (first) card.update(first);
    card.watch();
  }
}
