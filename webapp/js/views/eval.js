// Evaluate: start an evaluation (POST /api/eval), watch it on /ws/jobs/{id}, and show its metrics, curves and samples.

import { api } from '../api.js';
import { EVAL } from '../defaults.js';
import { el, field, numberInput, select, setOptions } from '../dom.js';
import { GuidanceFields } from '../fields/guidance-fields.js';
import { SamplerFields } from '../fields/sampler-fields.js';
import { JobCard } from '../job-card.js';
import { forgetJob, rememberJob, rememberedJobs } from '../job-store.js';
import { registry } from '../registry.js';
import { renderEvalResult } from './eval-result.js';
import { EvalReports } from './eval-reports.js';

export class EvalView {
  constructor() {
    this.model = select('model', []);
    this.n = numberInput('n', EVAL.n);
    this.seed = numberInput('seed', EVAL.seed);
    this.batch = numberInput('batch', EVAL.batch);
    this.labels = el('input', { type: 'text', name: 'labels', inputmode: 'numeric', autocomplete: 'off',
      pattern: '\\s*-?\\d+(\\s*,\\s*-?\\d+)*\\s*', placeholder: 'e.g. 7 or 1,2,3' });
    this.features = select('features', []);
    this.sampler = new SamplerFields();
    this.guidance = new GuidanceFields();
    this.error = el('p', { class: 'error', role: 'alert' });
    this.form = el('form', { class: 'controls', 'aria-label': 'Evaluation settings', onsubmit: (e) => this.submit(e) },
      el('fieldset', {}, el('legend', {}, 'Evaluation'), field('Model', this.model), field('Samples n', this.n),
        field('Seed', this.seed), field('Batch', this.batch, 'samples per sampler job'),
        field('Classes', this.labels, 'cycled over the samples; empty: i mod C'),
        field('Feature network', this.features)),
      this.sampler.element, this.guidance.element,
      el('div', { class: 'buttons' }, el('button', { type: 'submit', id: 'eval-start' }, 'Start evaluation')),
      this.error);
    this.list = el('div', { class: 'job-list', id: 'eval-jobs', 'aria-live': 'polite' });
    this.reports = new EvalReports();
    this.element = el('div', { class: 'view-grid' }, this.form, el('div', { class: 'live' },
      el('h2', {}, 'Evaluations'), el('p', { class: 'note' }, 'FID, IS, precision/recall and accuracy on a Fashion-'
        + 'MNIST feature network against the test set: comparable with each other at equal n, not with Inception '
        + 'FID.'), this.list, this.reports.element));
    this.model.addEventListener('change', () => this.syncModel());
    for (const entry of rememberedJobs('eval')) this.show(entry.jobId, entry.title);
  }

  onModels() {
    setOptions(this.model, registry.denoisers().map((m) => [m.name, `${m.name} v${m.version}`]),
      registry.preferredDenoiser()?.name);
    setOptions(this.features, registry.features().map((m) => [m.name, `${m.name} v${m.version}`]), EVAL.features);
    this.syncModel();
  }

  syncModel() {
    const m = registry.find(this.model.value);
    this.sampler.update(m);
    this.guidance.update(m);
    if (this.model.value !== this.reports.name) this.reports.load(this.model.value);
  }

  body() {
    const b = { model: this.model.value, n: Number(this.n.value), seed: Number(this.seed.value),
      batch: Number(this.batch.value), sampler: this.sampler.read(), guidance: this.guidance.read() };
    const labels = this.labels.value.trim();
    if (labels) b.labels = labels.split(',').map((s) => Number(s.trim()));
    if (this.features.value) b.features = this.features.value;
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
