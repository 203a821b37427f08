// Generate: one configuration, its live images, its readings and the class probabilities. The form's state lives in
// the URL (a link reproduces the run); a finished run goes to the gallery; a run still going when the page is
// reloaded is followed again.

import { GENERATE, PAGE_SCALE, className } from '../defaults.js';
import { el } from '../dom.js';
import { GuidanceFields } from '../fields/guidance-fields.js';
import { ModelFields } from '../fields/model-fields.js';
import { SamplerFields } from '../fields/sampler-fields.js';
import { guidanceState, modelState, samplerState } from '../fields/settings-state.js';
import { applyModel, syncLabels } from '../fields/sync.js';
import { fillForm, isShown, readForm, readUrlState, writeUrlState } from '../form-state.js';
import { gallery } from '../gallery-store.js';
import { JobPanel } from '../job-panel.js';
import { seriesStyle } from '../plot.js';
import { ProbTable } from '../prob-table.js';
import { registry } from '../registry.js';
import { Telemetry } from '../telemetry.js';

const VIEW = 'generate';

export class GenerateView {
  constructor(connection) {
    this.connection = connection;
    this.job = null;
    this.modelFields = new ModelFields();
    this.sampler = new SamplerFields();
    this.guidance = new GuidanceFields({ method: 'classifier', scale: PAGE_SCALE });
    this.start = el('button', { type: 'submit', id: 'generate-start' }, 'Generate');
    this.cancel = el('button', { type: 'button', id: 'generate-cancel', class: 'secondary', disabled: true,
      onclick: () => this.job && this.connection.cancel(this.job) }, 'Cancel');
    this.copied = el('span', { class: 'note', role: 'status' });
    this.copy = el('button', { type: 'button', class: 'secondary', onclick: () => this.copyLink(),
      title: 'The address of this page reproduces the run: same settings, same seed, same images' }, 'Copy link');
    this.form = el('form', { class: 'controls', 'aria-label': 'Generation settings', onsubmit: (e) => this.submit(e) },
      this.modelFields.element, this.sampler.element, this.guidance.element,
      el('div', { class: 'buttons actions' }, this.start, this.cancel, this.copy, this.copied));
    this.telemetry = new Telemetry();
    this.probs = new ProbTable();
    this.panel = new JobPanel({ onStep: (msg) => this.onStep(msg), onEnded: (state) => this.onEnded(state) });
    this.element = el('div', { class: 'view-grid' }, this.form,
      el('div', { class: 'live', id: 'generate-live' }, this.panel.element, this.telemetry.element,
        this.probs.element));
    this.modelFields.model.addEventListener('change', () => this.syncModel());
    this.guidance.addEventListener('change', () => syncLabels(this.modelFields, [this.guidance]));
    this.form.addEventListener('input', () => this.saveState());
    this.form.addEventListener('change', () => this.saveState());
  }

  /** The registry changed: refill the model list and adapt the fields; the first time, restore the URL's settings. */
  onModels() {
    this.modelFields.loadModels();
    this.syncModel();
    if (this.ready || registry.models.length === 0) return;
    this.ready = true;
    const state = readUrlState(VIEW);
    if (state) this.restore(state);
    this.saveState();
    this.reattach();
  }

  syncModel() {
    const done = applyModel(this.modelFields, [this.sampler], [this.guidance]);
    this.saveState();
    return done;
  }

  useModel(name) {
    this.modelFields.model.value = name;
    this.syncModel();
  }

  /** Fills the form from {name: value} (the URL's or a gallery entry's settings). */
  restore(state) {
    fillForm(this.form, state, { first: ['model'], last: ['label'] });
    this.syncModel();
  }

  /** "Reuse these settings" of a gallery entry: the form as it was for that run, seed included. */
  reuse(settings, numClasses) {
    this.restore({ ...modelState(settings, numClasses), ...samplerState(settings.sampler),
      ...guidanceState(settings.guidance) });
  }

  /** The form in the URL, while this view is the one shown. */
  saveState() {
    if (this.ready && isShown(this.element)) writeUrlState(VIEW, readForm(this.form));
  }

  shown() {
    this.saveState();
  }

  async copyLink() {
    this.saveState();
    try {
      await navigator.clipboard.writeText(location.href);
      this.copied.textContent = 'Link copied: it reproduces this run.';
    } catch {
      this.copied.textContent = `Copy this address: ${location.href}`;
    }
  }

  request() {
    // resumable: the page reconnects and resumes after a dropped connection, or a reload (docs/PROTOCOL.md).
    return { type: 'generate', resumable: true, ...this.modelFields.read(), sampler: this.sampler.read(),
      guidance: this.guidance.read(), preview: { every: GENERATE.previewEvery, kinds: ['xt', 'x0'] } };
  }

  submit(ev) {
    ev.preventDefault();
    if (!this.modelFields.model.value) return;
    const req = this.request();
    const numClasses = this.modelFields.numClasses;
    this.show(req, numClasses);
    this.job = this.connection.submit(req, this.panel, { view: VIEW, numClasses });
    if (window.matchMedia('(max-width: 820px)').matches) this.panel.element.scrollIntoView({ block: 'start' });
  }

  /** Clears the live view for a run. */
  show(req, numClasses) {
    this.labels = req.label;
    this.panel.reset(req, numClasses);
    this.telemetry.reset({ images: req.label.map((y, i) => ({ key: i, label: `image ${i} · ${className(y, numClasses)}`,
      ...seriesStyle(i) })), jobs: [{ key: 'job', label: 'this run', colour: '#333' }], xMax: req.sampler.steps,
    numClasses, blur: registry.find(req.model)?.role === 'BLUR' });
    this.probs.clear();
    this.start.disabled = true;
    this.cancel.disabled = false;
  }

  /** Follows the run that was going when the page was reloaded. */
  reattach() {
    const [entry] = this.connection.remembered(VIEW);
    if (!entry || this.job) return;
    this.show(entry.request, entry.tag.numClasses);
    this.panel.reattached(entry.accepted);
    this.job = this.connection.reattach(entry, this.panel);
  }

  onStep(msg) {
    this.telemetry.record(msg, (i) => i, this.labels, 'job');
    this.probs.update(msg, this.labels);
  }

  onEnded(state) {
    this.job = null;
    this.start.disabled = false;
    const hadFocus = document.activeElement === this.cancel;
    this.cancel.disabled = true;
    if (hadFocus) this.start.focus({ preventScroll: true }); // keyboard users keep their place
    if (state === 'done') {
      gallery.add(this.panel.galleryEntry('Generate')).catch((e) => this.panel.notSaved(e));
    }
  }
}
