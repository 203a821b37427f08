// Compare: two or more configurations on the same model, class and seed, each its own job on the shared socket,
// side by side, with their readings overlaid on the same axes (colour = configuration, dash = image). Like Generate,
// its form lives in the URL, finished runs go to the gallery, and runs going at a reload are followed again.

import { GENERATE, PAGE_SCALE, SAMPLERS, className } from '../defaults.js';
import { el, formatNumber } from '../dom.js';
import { ModelFields } from '../fields/model-fields.js';
import { guidanceState, modelState, otherMethod, prefixed, samplerState } from '../fields/settings-state.js';
import { applyModel, syncLabels } from '../fields/sync.js';
import { fillForm, isShown, readForm, readUrlState, writeUrlState } from '../form-state.js';
import { gallery } from '../gallery-store.js';
import { JobPanel } from '../job-panel.js';
import { COLOURS, DASHES } from '../plot.js';
import { registry } from '../registry.js';
import { Telemetry } from '../telemetry.js';
import { CompareConfig } from './compare-config.js';

const VIEW = 'compare';
const MAX_CONFIGS = 4;
const LETTERS = 'ABCD';

export class CompareView {
  constructor(connection) {
    this.connection = connection;
    this.runs = [];
    this.modelFields = new ModelFields({ legend: 'Shared by all configurations', batch: 1, label: '7' });
    this.configs = [];
    this.configList = el('div', { class: 'configs' });
    this.add = el('button', { type: 'button', class: 'secondary', id: 'compare-add',
      onclick: () => this.addConfig('tail', PAGE_SCALE) }, 'Add configuration');
    this.start = el('button', { type: 'submit', id: 'compare-start' }, 'Run comparison');
    this.cancel = el('button', { type: 'button', class: 'secondary', id: 'compare-cancel', disabled: true,
      onclick: () => this.runs.forEach((r) => this.connection.cancel(r.job)) }, 'Cancel all');
    this.same = el('p', { class: 'warning', role: 'status', id: 'compare-same', hidden: true });
    this.form = el('form', { class: 'controls', 'aria-label': 'Comparison settings',
      onsubmit: (e) => this.submit(e) }, this.modelFields.element, this.configList,
    el('div', { class: 'buttons' }, this.add),
    el('div', { class: 'actions' }, this.same, el('div', { class: 'buttons' }, this.start, this.cancel)));
    this.columns = el('div', { class: 'compare-columns', id: 'compare-columns' });
    this.summary = el('table', { class: 'summary' });
    this.telemetry = new Telemetry();
    this.element = el('div', { class: 'view-grid' }, this.form, el('div', { class: 'live' },
      el('p', { class: 'note' }, 'Each configuration runs as its own job with the same seed, so the starting noise is '
        + 'identical: differences come from the sampler and guidance alone. With an ε model, watch the entropy fall '
        + 'and the guidance strength s·‖∇‖ of plain classifier guidance vanish while the entropy-driven scale grows; '
        + 'with a blur model, watch how fast each sampler\'s clean estimate settles.'),
      this.columns, el('div', { class: 'table-scroll', tabindex: 0, role: 'region',
        'aria-label': 'Latest readings per configuration' }, this.summary), this.telemetry.element));
    this.modelFields.model.addEventListener('change', () => this.syncModel());
    this.form.addEventListener('input', () => this.formChanged());
    this.form.addEventListener('change', () => this.formChanged());
    this.addConfig('classifier', PAGE_SCALE);
    this.addConfig('entropy', PAGE_SCALE);
  }

  addConfig(method, scale) {
    if (this.configs.length >= MAX_CONFIGS) return null;
    const letter = [...LETTERS].find((l) => !this.configs.some((c) => c.letter === l));
    const config = new CompareConfig({ letter, colour: COLOURS[LETTERS.indexOf(letter)], method, scale,
      onRemove: (c) => this.removeConfig(c) });
    if (this.configs.length > 0) config.sampler.copyFrom(this.configs[0].sampler);
    config.guidance.addEventListener('change', () => syncLabels(this.modelFields, this.guidances()));
    this.configs.push(config);
    this.configs.sort((a, b) => a.letter.localeCompare(b.letter));
    this.configList.replaceChildren(...this.configs.map((c) => c.element));
    this.refreshButtons();
    if (this.modelFields.model.value) this.syncModel();
    return config;
  }

  removeConfig(config) {
    if (this.configs.length <= 2) return;
    this.configs = this.configs.filter((c) => c !== config);
    config.element.remove();
    this.refreshButtons();
    this.add.focus();
    this.formChanged();
  }

  refreshButtons() {
    this.add.disabled = this.configs.length >= MAX_CONFIGS;
    this.configs.forEach((c) => { c.remove.disabled = this.configs.length <= 2; });
  }

  guidances() {
    return this.configs.map((c) => c.guidance);
  }

  onModels() {
    this.modelFields.loadModels();
    this.syncModel();
    if (this.ready || registry.models.length === 0) return;
    this.ready = true;
    const state = readUrlState(VIEW);
    if (state) this.restore(state);
    this.formChanged();
    this.reattach();
  }

  syncModel() {
    const model = this.modelFields.selected();
    const done = applyModel(this.modelFields, this.configs.map((c) => c.sampler), this.guidances());
    if (model?.role === 'BLUR' && model.name !== this.blurModel) this.diversifySamplers();
    this.blurModel = model?.role === 'BLUR' ? model.name : null;
    this.formChanged();
    return done;
  }

  /**
   * Blur models sample unguided, so their configurations can differ only in the sampler: on picking one, the
   * configurations alternate between the momentum and the naive sampler (Soft Diffusion's comparison).
   */
  diversifySamplers() {
    this.configs.forEach((c, i) => {
      c.sampler.kind.value = SAMPLERS.BLUR[i % SAMPLERS.BLUR.length][0];
      c.sampler.sync();
    });
  }

  formChanged() {
    this.warnIfSame();
    if (this.ready && isShown(this.element)) writeUrlState(VIEW, readForm(this.form));
  }

  shown() {
    this.formChanged();
  }

  /** Configurations with equal settings draw the same images from the same seed: say so before they run. */
  warnIfSame() {
    const seen = new Map();
    const pairs = [];
    for (const c of this.configs) {
      const key = JSON.stringify(c.read());
      if (seen.has(key)) pairs.push(`${seen.get(key)} and ${c.letter}`);
      else seen.set(key, c.letter);
    }
    this.same.hidden = pairs.length === 0;
    this.same.textContent = `${pairs.join(', ')} have the same settings, so they would draw identical images from `
      + 'the shared seed: change the sampler or the guidance of one.';
  }

  /** Fills the form from {name: value} with A., B., … prefixes for the configurations (the URL's state). */
  restore(state) {
    const letters = new Set(Object.keys(state).filter((k) => /^[A-D]\./.test(k)).map((k) => k[0]));
    for (const letter of LETTERS) {
      const config = this.configs.find((c) => c.letter === letter);
      if (letters.has(letter) && !config) this.addConfig('none', PAGE_SCALE);
      if (!letters.has(letter) && config && letters.size >= 2) this.removeConfig(config);
    }
    fillForm(this.form, state, { first: ['model'], last: ['label'] });
    this.syncModel();
  }

  /**
   * "Same seed, other method" of a gallery entry: A is that run, B the same with another guidance method (with
   * another sampler for a blur model, which takes no guidance).
   */
  compareWithOtherMethod(settings, numClasses) {
    const blur = registry.find(settings.model)?.role === 'BLUR';
    const otherSampler = SAMPLERS.BLUR.find(([k]) => k !== settings.sampler.kind)?.[0];
    const b = blur ? { ...samplerState({ ...settings.sampler, kind: otherSampler }), ...guidanceState(settings.guidance) }
      : { ...samplerState(settings.sampler), ...guidanceState({ ...settings.guidance,
        method: otherMethod(settings.guidance.method), scale: settings.guidance.scale ?? PAGE_SCALE }) };
    this.restore({ ...modelState(settings, numClasses), ...prefixed('A', { ...samplerState(settings.sampler),
      ...guidanceState(settings.guidance) }), ...prefixed('B', b) });
  }

  submit(ev) {
    ev.preventDefault();
    if (!this.modelFields.model.value) return;
    const shared = this.modelFields.read();
    const numClasses = this.modelFields.numClasses;
    const specs = this.configs.map((config) => ({ letter: config.letter, colour: config.colour,
      title: config.title(), request: { type: 'generate', resumable: true, ...shared, ...config.read(),
        preview: { every: GENERATE.previewEvery, kinds: ['xt', 'x0'] } } }));
    this.show(specs, numClasses);
    this.runs.forEach((r) => {
      r.job = this.connection.submit(r.request, r.panel, { view: VIEW, numClasses, letter: r.letter,
        colour: r.colour, title: r.title });
    });
    if (window.matchMedia('(max-width: 820px)').matches) this.columns.scrollIntoView({ block: 'start' });
  }

  /** One live column per run ({letter, colour, title, request}), and the overlaid plots. */
  show(specs, numClasses) {
    this.labels = specs[0].request.label;
    const batch = this.labels.length;
    const images = [];
    this.columns.replaceChildren();
    this.runs = specs.map((spec) => {
      this.labels.forEach((y, i) => images.push({ key: `${spec.letter}/${i}`, colour: spec.colour,
        dash: DASHES[i % DASHES.length], label: batch > 1 ? `${spec.title} · image ${i} (${className(y, numClasses)})`
          : spec.title }));
      const run = { ...spec, latest: null };
      run.panel = new JobPanel({ title: spec.title, colour: spec.colour, onStep: (msg) => this.onStep(run, msg),
        onEnded: (state) => this.onEnded(run, state) });
      run.panel.element.dataset.config = spec.letter;
      run.panel.reset(spec.request, numClasses);
      this.columns.append(run.panel.element);
      return run;
    });
    this.telemetry.reset({ images, jobs: specs.map((s) => ({ key: s.letter, label: s.title, colour: s.colour })),
      xMax: Math.max(...specs.map((s) => s.request.sampler.steps)), numClasses,
      blur: registry.find(specs[0].request.model)?.role === 'BLUR' });
    this.renderSummary();
    this.start.disabled = true;
    this.cancel.disabled = false;
  }

  /** Follows the comparison that was going when the page was reloaded. */
  reattach() {
    const entries = this.connection.remembered(VIEW);
    if (entries.length === 0 || this.runs.some((r) => r.job?.active)) return;
    entries.sort((a, b) => a.tag.letter.localeCompare(b.tag.letter));
    this.show(entries.map((e) => ({ letter: e.tag.letter, colour: e.tag.colour, title: e.tag.title,
      request: e.request })), entries[0].tag.numClasses);
    this.runs.forEach((r, i) => {
      r.panel.reattached(entries[i].accepted);
      r.job = this.connection.reattach(entries[i], r.panel);
    });
  }

  onStep(run, msg) {
    this.telemetry.record(msg, (i) => `${run.letter}/${i}`, this.labels, run.letter);
    run.latest = msg;
    this.renderSummary();
  }

  onEnded(run, state) {
    if (state === 'done') {
      gallery.add(run.panel.galleryEntry(`Compare ${run.letter}`)).catch((e) => run.panel.notSaved(e));
    }
    if (this.runs.some((r) => r.job?.active)) return;
    this.start.disabled = false;
    this.cancel.disabled = true;
  }

  /** Latest readings per configuration (means over images): where each run stands right now. */
  renderSummary() {
    const mean = (a) => (a?.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN);
    const blur = this.runs.some((r) => r.latest?.blur);
    const head = blur ? ['configuration', 'step', 'blur σ_B', 'noise s', 'x̂0 change']
      : ['configuration', 'step', 'entropy', 'scale s', 's·‖∇‖', 'p(y|xₜ)'];
    const rows = this.runs.map(({ colour, title, latest: m }) => {
      const cells = blur ? [m?.blur?.sigma, m?.blur?.noise, mean(m?.blur?.x0Change ?? [])]
        : [mean(m?.entropy), mean(m?.scale), mean(m?.gradNorm ? m.scale.map((s, i) => s * m.gradNorm[i]) : []),
          mean(m?.probs ? m.probs.map((p, i) => p[this.labels[i]]) : [])];
      return el('tr', {}, el('th', { scope: 'row', style: `border-left: 6px solid ${colour}` }, title),
        el('td', {}, m ? `${m.step} / ${m.of}` : '—'), ...cells.map((v) => el('td', {}, formatNumber(v))));
    });
    this.summary.replaceChildren(el('caption', {}, 'Latest step, mean over images'),
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...rows));
  }
}
