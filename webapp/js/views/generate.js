// Generate: one configuration, its live images, its classifier readings and the class probabilities.

import { GENERATE, className } from '../defaults.js';
import { el } from '../dom.js';
import { GuidanceFields } from '../fields/guidance-fields.js';
import { ModelFields } from '../fields/model-fields.js';
import { SamplerFields } from '../fields/sampler-fields.js';
import { applyModel, syncLabels } from '../fields/sync.js';
import { JobPanel } from '../job-panel.js';
import { COLOURS } from '../plot.js';
import { ProbTable } from '../prob-table.js';
import { Telemetry } from '../telemetry.js';

export class GenerateView {
  constructor(connection) {
    this.connection = connection;
    this.job = null;
    this.modelFields = new ModelFields();
    this.sampler = new SamplerFields();
    this.guidance = new GuidanceFields({ method: 'classifier', scale: 2 });
    this.start = el('button', { type: 'submit', id: 'generate-start' }, 'Generate');
    this.cancel = el('button', { type: 'button', id: 'generate-cancel', class: 'secondary', disabled: true,
      onclick: () => this.job && this.connection.cancel(this.job) }, 'Cancel');
    this.form = el('form', { class: 'controls', 'aria-label': 'Generation settings', onsubmit: (e) => this.submit(e) },
      this.modelFields.element, this.sampler.element, this.guidance.element,
      el('div', { class: 'buttons' }, this.start, this.cancel));
    this.telemetry = new Telemetry();
    this.probs = new ProbTable();
    this.panel = new JobPanel({ onStep: (msg) => this.onStep(msg), onEnded: () => this.onEnded() });
    this.element = el('div', { class: 'view-grid' }, this.form,
      el('div', { class: 'live', id: 'generate-live' }, this.panel.element, this.telemetry.element,
        this.probs.element));
    this.modelFields.model.addEventListener('change', () => this.syncModel());
    this.guidance.addEventListener('change', () => syncLabels(this.modelFields, [this.guidance]));
  }

  /** The registry changed: refill the model list and adapt the fields. */
  onModels() {
    this.modelFields.loadModels();
    this.syncModel();
  }

  syncModel() {
    return applyModel(this.modelFields, [this.sampler], [this.guidance]);
  }

  useModel(name) {
    this.modelFields.model.value = name;
    this.syncModel();
  }

  request() {
    // resumable: the page reconnects and resumes after a dropped connection (docs/PROTOCOL.md).
    return { type: 'generate', resumable: true, ...this.modelFields.read(), sampler: this.sampler.read(),
      guidance: this.guidance.read(), preview: { every: GENERATE.previewEvery, kinds: ['xt', 'x0'] } };
  }

  submit(ev) {
    ev.preventDefault();
    if (!this.modelFields.model.value) return;
    const req = this.request();
    this.labels = req.label;
    const n = this.modelFields.numClasses;
    this.panel.reset(req, n);
    this.telemetry.reset(req.label.map((y, i) => ({ key: i, label: `image ${i} · ${className(y, n)}`,
      colour: COLOURS[i % COLOURS.length] })), req.sampler.steps, n);
    this.probs.clear();
    this.start.disabled = true;
    this.cancel.disabled = false;
    this.job = this.connection.submit(req, this.panel);
    if (window.matchMedia('(max-width: 820px)').matches) this.panel.element.scrollIntoView({ block: 'start' });
  }

  onStep(msg) {
    this.telemetry.record(msg, (i) => i, this.labels);
    this.probs.update(msg, this.labels);
  }

  onEnded() {
    this.job = null;
    this.start.disabled = false;
    const hadFocus = document.activeElement === this.cancel;
    this.cancel.disabled = true;
    if (hadFocus) this.start.focus({ preventScroll: true }); // keyboard users keep their place
  }
}
