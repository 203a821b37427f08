// Train: start a training job (POST /api/train), watch its progress on /ws/jobs/{id}, cancel or resume it.

import { api } from '../api.js';
import { TRAIN, defaultLearningRate, defaultPreset } from '../defaults.js';
import { el, field, numberInput, select, setOptions, showIf } from '../dom.js';
import { JobCard } from '../job-card.js';
import { forgetJob, rememberJob, rememberedJobs } from '../job-store.js';
import { LinePlot } from '../plot.js';
import { registry } from '../registry.js';

/** The registry role a training objective produces. */
const OBJECTIVE_ROLES = { eps: 'EPSILON', stf: 'EPSILON', soft: 'BLUR', ce: 'CLASSIFIER', ect: 'CLASSIFIER',
  features: 'FEATURES' };
const ROLE_NAMES = { EPSILON: 'an ε denoiser', BLUR: 'a blur denoiser', CLASSIFIER: 'a noise-aware classifier',
  FEATURES: 'a features network' };

export class TrainView {
  constructor({ openModel }) {
    this.openModel = openModel;
    this.model = el('input', { type: 'text', name: 'model', required: true, pattern: '[a-z0-9][a-z0-9\\-]*',
      maxlength: 64, value: 'my-model', autocomplete: 'off', spellcheck: 'false' });
    this.nameNote = el('p', { class: 'note field-note', id: 'train-name-note', 'aria-live': 'polite' });
    this.objective = select('objective', TRAIN.objectives, 'eps');
    this.preset = select('preset', [['auto', 'auto (from the objective)'], ...TRAIN.presets], 'auto');
    this.steps = numberInput('steps', TRAIN.steps);
    this.batch = numberInput('batch', TRAIN.batch);
    this.learningRate = el('input', { type: 'number', name: 'learningRate', min: 1e-7, max: 1, step: 'any',
      inputmode: 'decimal' });
    this.seed = numberInput('seed', TRAIN.seed);
    this.checkpointEvery = numberInput('checkpointEvery', TRAIN.checkpointEvery);
    this.baseModel = select('baseModel', [['', 'none (fresh weights)']]);
    this.resumeFrom = el('input', { type: 'text', name: 'resumeFrom', autocomplete: 'off', placeholder: 't-…' });
    this.makeDefault = el('input', { type: 'checkbox', name: 'makeDefault' });
    this.allowWorse = el('input', { type: 'checkbox', name: 'allowWorse' });
    this.allowWorseField = field('Even if worse', this.allowWorse, 'make it the default although its held-out figures'
      + ' are worse');
    this.error = el('p', { class: 'error', role: 'alert' });
    this.form = el('form', { class: 'controls', 'aria-label': 'Training settings', onsubmit: (e) => this.submit(e) },
      el('fieldset', {}, el('legend', {}, 'Training job'),
        field('Publish as', this.model, 'registry name: lower-case letters, digits and hyphens'), this.nameNote,
        field('Objective', this.objective, null, 'wide'), field('Architecture', this.preset, null, 'wide'),
        field('Steps', this.steps),
        field('Batch', this.batch), field('Learning rate', this.learningRate),
        field('Seed', this.seed), field('Checkpoint every', this.checkpointEvery, 'steps'),
        field('Start from model', this.baseModel, 'fine-tune its weights', 'wide'),
        field('Resume job', this.resumeFrom, 'a cancelled job\'s id'),
        field('Make it the default', this.makeDefault, 'what every user gets, if its held-out figures are not worse'
          + ' than the current default\'s; otherwise a new version only'),
        this.allowWorseField),
      el('div', { class: 'buttons actions' }, el('button', { type: 'submit', id: 'train-start' }, 'Start training')),
      this.error);
    this.list = el('div', { class: 'job-list', id: 'train-jobs', 'aria-live': 'polite' });
    this.element = el('div', { class: 'view-grid' }, this.form, el('div', { class: 'live' },
      el('h2', {}, 'Training jobs'), el('p', { class: 'note' }, 'Jobs started from this tab. Progress comes live '
        + 'from the trainer; a cancelled job checkpoints first and can be resumed.'), this.list));
    this.makeDefault.addEventListener('change', () => this.syncDefault());
    this.syncDefault();
    this.objective.addEventListener('change', () => this.syncRate());
    this.objective.addEventListener('change', () => this.checkName());
    this.model.setAttribute('aria-describedby', `${this.model.getAttribute('aria-describedby')} train-name-note`);
    this.model.addEventListener('input', () => this.checkName());
    this.preset.addEventListener('change', () => this.syncRate());
    this.syncRate();
    for (const entry of rememberedJobs('train')) this.show(entry.jobId, entry.title);
  }

  /**
   * What publishing under this name does: a bad name says which characters it may have; the name of a model the
   * registry already serves (a shipped one, say) says that the run adds a version of it, and that everyone keeps the
   * current version unless "Make it the default" is ticked; a model of another kind (a classifier's name for a
   * denoiser) is refused, since its versions would not be interchangeable.
   */
  checkName() {
    const name = this.model.value.trim();
    const existing = registry.find(name);
    const role = OBJECTIVE_ROLES[this.objective.value];
    let problem = '';
    if (name && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) {
      problem = `"${name}" is not a registry name: use lower-case letters a–z, digits and hyphens, starting with a `
        + 'letter or digit, at most 64 characters (e.g. my-model-2).';
    } else if (existing && existing.role !== role) {
      problem = `"${name}" is ${ROLE_NAMES[existing.role] ?? existing.role}; this objective trains ${ROLE_NAMES[role]}, `
        + 'so the two could not stand in for each other as versions of one model: choose another name.';
    }
    this.model.setCustomValidity(problem);
    this.nameNote.className = `field-note ${problem ? 'error' : existing ? 'warning' : 'note'}`;
    this.nameNote.textContent = problem || (existing ? `"${name}" is a model the service already serves (v${
      existing.version}): this run adds a new version of it, and everyone keeps v${existing.version} unless you tick `
      + '"Make it the default" below.' : name ? `A new model, "${name}".` : '');
  }

  syncRate() {
    const preset = this.preset.value === 'auto' ? defaultPreset(this.objective.value) : this.preset.value;
    this.learningRate.placeholder = `${defaultLearningRate(preset)} (default)`;
  }

  syncDefault() {
    showIf(this.allowWorseField, this.makeDefault.checked);
    if (!this.makeDefault.checked) this.allowWorse.checked = false;
  }

  onModels() {
    this.checkName();
    setOptions(this.baseModel, [['', 'none (fresh weights)'], ...registry.models.map((m) => [m.name,
      `${m.name} v${m.version}`])], '');
  }

  body() {
    const b = { model: this.model.value.trim(), objective: this.objective.value, steps: Number(this.steps.value),
      batch: Number(this.batch.value), seed: Number(this.seed.value),
      checkpointEvery: Number(this.checkpointEvery.value) };
    if (this.preset.value !== 'auto') b.preset = this.preset.value;
    if (this.learningRate.value) b.learningRate = Number(this.learningRate.value);
    if (this.baseModel.value) b.baseModel = this.baseModel.value;
    if (this.resumeFrom.value.trim()) b.resumeFrom = this.resumeFrom.value.trim();
    if (this.makeDefault.checked) b.publish = 'default';
    if (this.allowWorse.checked) b.allowWorse = true;
    return b;
  }

  async submit(ev) {
    ev.preventDefault();
    this.error.textContent = '';
    const body = this.body();
    try {
      const p = await api.train(body);
      const title = `${body.model} · ${body.objective} · ${body.steps} steps`;
      rememberJob('train', { jobId: p.jobId, title });
      this.show(p.jobId, title, p);
    } catch (e) {
      this.error.textContent = `${e.code}: ${e.message}`;
    }
  }

  show(jobId, title, first) {
    const plot = new LinePlot({ title: 'Training loss', yLabel: 'loss', height: 150 });
    plot.reset([{ key: 'loss', label: 'recent mean loss', colour: '#1f77b4' }], 1);
    const result = el('div', { class: 'result' });
    const card = new JobCard({ jobId, title, extra: [plot.element, result], hooks: {
      cancel: (id) => api.trainCancel(id),
      progress: (p) => this.progress(p, plot, result),
      gone: () => forgetJob('train', jobId),
    } });
    this.list.prepend(card.element);
    if (first) card.update(first);
    card.watch();
  }

  progress(p, plot, result) {
    plot.xMax = Math.max(1, p.steps);
    if (p.step > 0 && Number.isFinite(p.loss)) plot.add('loss', p.step, p.loss);
    if (p.state === 'completed' && p.result?.model) {
      result.replaceChildren(el('p', {}, `Published ${p.result.model} v${p.result.publishedVersion}: `
        + `${p.result.defaultDecision ?? ''}. `,
        el('button', { type: 'button', class: 'small', onclick: () => this.openModel(p.result.model) },
          'Open its model card')));
      registry.refresh();
    } else if (p.state === 'cancelled') {
      result.replaceChildren(el('p', {}, `Checkpoint in ${p.result?.runDir ?? 'the run folder'}. `,
        el('button', { type: 'button', class: 'small', onclick: () => this.prepareResume(p.jobId) },
          'Resume this run')));
    }
  }

  prepareResume(jobId) {
    this.resumeFrom.value = jobId;
    this.resumeFrom.focus();
  }
}
