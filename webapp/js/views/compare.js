// Compare: two or more configurations on the same model, class and seed, each its own job on the shared socket,
// side by side, with their readings overlaid on the same axes (colour = configuration, dash = image).

import { GENERATE, className } from '../defaults.js';
import { el, formatNumber } from '../dom.js';
import { ModelFields } from '../fields/model-fields.js';
import { applyModel, syncLabels } from '../fields/sync.js';
import { JobPanel } from '../job-panel.js';
import { COLOURS, DASHES } from '../plot.js';
import { Telemetry } from '../telemetry.js';
import { CompareConfig } from './compare-config.js';

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
      onclick: () => this.addConfig('tail', 2) }, 'Add configuration');
    this.start = el('button', { type: 'submit', id: 'compare-start' }, 'Run comparison');
    this.cancel = el('button', { type: 'button', class: 'secondary', id: 'compare-cancel', disabled: true,
      onclick: () => this.runs.forEach((r) => this.connection.cancel(r.job)) }, 'Cancel all');
    this.form = el('form', { class: 'controls', 'aria-label': 'Comparison settings',
      onsubmit: (e) => this.submit(e) }, this.modelFields.element, this.configList,
    el('div', { class: 'buttons' }, this.add, this.start, this.cancel));
    this.columns = el('div', { class: 'compare-columns', id: 'compare-columns' });
    this.summary = el('table', { class: 'summary' });
    this.telemetry = new Telemetry();
    this.element = el('div', { class: 'view-grid' }, this.form, el('div', { class: 'live' },
      el('p', { class: 'note' }, 'Each configuration runs as its own job with the same seed, so the starting noise is '
        + 'identical: differences come from the sampler and guidance alone. Watch the entropy fall and the '
        + 'guidance strength s·‖∇‖ of plain classifier guidance vanish while the entropy-driven scale grows.'),
      this.columns, el('div', { class: 'table-scroll', tabindex: 0, role: 'region',
        'aria-label': 'Latest readings per configuration' }, this.summary), this.telemetry.element));
    this.modelFields.model.addEventListener('change', () => this.syncModel());
    this.addConfig('classifier', 2);
    this.addConfig('entropy', 2);
  }

  addConfig(method, scale) {
    if (this.configs.length >= MAX_CONFIGS) return;
    const letter = [...LETTERS].find((l) => !this.configs.some((c) => c.letter === l));
    const config = new CompareConfig({ letter, colour: COLOURS[LETTERS.indexOf(letter)], method, scale,
      onRemove: (c) => this.removeConfig(c) });
    if (this.configs.length > 0) config.sampler.copyFrom(this.configs[0].sampler);
    config.guidance.addEventListener('change', () => syncLabels(this.modelFields, this.guidances()));
    this.configs.push(config);
    this.configList.append(config.element);
    this.refreshButtons();
    if (this.modelFields.model.value) this.syncModel();
  }

  removeConfig(config) {
    if (this.configs.length <= 2) return;
    this.configs = this.configs.filter((c) => c !== config);
    config.element.remove();
    this.refreshButtons();
    this.add.focus();
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
  }

  syncModel() {
    return applyModel(this.modelFields, this.configs.map((c) => c.sampler), this.guidances());
  }

  submit(ev) {
    ev.preventDefault();
    if (!this.modelFields.model.value) return;
    const shared = this.modelFields.read();
    const n = this.modelFields.numClasses;
    this.labels = shared.label;
    const series = [];
    this.columns.replaceChildren();
    this.runs = this.configs.map((config) => {
      const request = { type: 'generate', resumable: true, ...shared, ...config.read(),
        preview: { every: GENERATE.previewEvery, kinds: ['xt', 'x0'] } };
      const title = config.title();
      shared.label.forEach((y, i) => series.push({ key: `${config.letter}/${i}`, colour: config.colour,
        dash: DASHES[i % DASHES.length], label: shared.batch > 1 ? `${title} · image ${i} (${className(y, n)})`
          : title }));
      const run = { config, title, latest: null };
      run.panel = new JobPanel({ title, colour: config.colour, onStep: (msg) => this.onStep(run, msg),
        onEnded: () => this.onEnded() });
      run.panel.element.dataset.config = config.letter;
      run.panel.reset(request, n);
      this.columns.append(run.panel.element);
      run.request = request;
      return run;
    });
    this.telemetry.reset(series, Math.max(...this.runs.map((r) => r.request.sampler.steps)), n);
    this.renderSummary();
    this.runs.forEach((r) => { r.job = this.connection.submit(r.request, r.panel); });
    this.start.disabled = true;
    this.cancel.disabled = false;
    if (window.matchMedia('(max-width: 820px)').matches) this.columns.scrollIntoView({ block: 'start' });
  }

  onStep(run, msg) {
    this.telemetry.record(msg, (i) => `${run.config.letter}/${i}`, this.labels);
    run.latest = msg;
    this.renderSummary();
  }

  onEnded() {
    if (this.runs.some((r) => r.job?.active)) return;
    this.start.disabled = false;
    this.cancel.disabled = true;
  }

  /** Latest readings of image 0 per configuration: where each run stands right now. */
  renderSummary() {
    const mean = (a) => (a?.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN);
    const rows = this.runs.map(({ config, title, latest: m }) => {
      const target = m ? m.probs.map((p, i) => p[this.labels[i]]) : [];
      const strength = m ? m.scale.map((s, i) => s * m.gradNorm[i]) : [];
      return el('tr', {}, el('th', { scope: 'row', style: `border-left: 6px solid ${config.colour}` }, title),
        el('td', {}, m ? `${m.step} / ${m.of}` : '—'), el('td', {}, formatNumber(mean(m?.entropy))),
        el('td', {}, formatNumber(mean(m?.scale))), el('td', {}, formatNumber(mean(strength))),
        el('td', {}, formatNumber(mean(target))));
    });
    this.summary.replaceChildren(el('caption', {}, 'Latest step, mean over images'),
      el('thead', {}, el('tr', {}, ...['configuration', 'step', 'entropy', 'scale s', 's·‖∇‖', 'p(y|xₜ)']
        .map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...rows));
  }
}
