// Models: the registry's models (GET /api/models) and a model's card (GET /api/models/{name}): architecture,
// objective, training, metrics, and the evaluations stored in its metrics.json.

import { el, formatNumber } from '../dom.js';
import { registry } from '../registry.js';
import { metricsTable } from './eval-result.js';

function kvTable(entries, label) {
  const rows = entries.filter(([, v]) => Array.isArray(v) || (v !== undefined && v !== null && typeof v !== 'object'));
  if (rows.length === 0) return el('p', { class: 'note' }, `No ${label}.`);
  return el('table', { class: 'kv', 'aria-label': label }, el('tbody', {}, ...rows.map(([k, v]) =>
    el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, Array.isArray(v) ? v.join(', ') : formatNumber(v))))));
}

function configLine(config) {
  if (!config) return '';
  const s = config.sampler ?? {};
  const g = config.guidance ?? {};
  const method = String(g.method ?? 'none').toLowerCase();
  return [`n=${config.n}`, `seed ${config.seed}`, `${String(s.kind).toLowerCase()} ${s.steps}`,
    method !== 'none' ? `${method} s=${g.scale}` : 'unguided',
    config.features ? `features ${config.features}` : null].filter(Boolean).join(' · ');
}

/** "32×32 RGB · TorchScript": the images a model reads or makes, and whether it was imported. */
function imagesOf(m) {
  const colour = m.imageChannels === 3 ? 'RGB' : m.imageChannels > 1 ? `${m.imageChannels} channels` : 'grey';
  return `${m.imageSize}×${m.imageSize} ${colour}${m.format === 'torchscript' ? ' · TorchScript' : ''}`;
}

export class ModelsView {
  constructor({ generateWith, evaluate }) {
    this.generateWith = generateWith;
    this.evaluate = evaluate;
    this.tbody = el('tbody');
    this.status = el('p', { class: 'note', role: 'status' });
    this.card = el('section', { class: 'model-card', id: 'model-card', 'aria-live': 'polite', tabindex: -1 },
      el('p', { class: 'note' }, 'Choose a model to see its card.'));
    const refresh = el('button', { type: 'button', class: 'secondary small', onclick: () => registry.refresh() },
      'Refresh');
    this.element = el('div', { class: 'models-view' },
      el('section', { class: 'model-list' }, el('h2', {}, 'Registry ', refresh), this.status,
        el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Models' },
          el('table', { class: 'models', id: 'model-table' }, el('thead', {}, el('tr', {},
            ...['model', 'version', 'role', 'images', 'classes', 'classifier', 'description']
              .map((h) => el('th', { scope: 'col' }, h)))), this.tbody))),
      this.card);
  }

  onModels() {
    this.status.textContent = registry.error ? `Cannot list models: ${registry.error.message}`
      : `${registry.models.length} models served.`;
    this.tbody.replaceChildren(...registry.models.map((m) => el('tr', { 'data-model': m.name },
      el('th', { scope: 'row' }, el('button', { type: 'button', class: 'link', onclick: () => this.open(m.name) },
        m.name)),
      el('td', {}, String(m.version)), el('td', {}, m.role), el('td', {}, imagesOf(m)),
      el('td', {}, String(m.numClasses)),
      el('td', {}, m.classifier ?? '—'), el('td', {}, m.description ?? ''))));
  }

  async open(name) {
    this.card.replaceChildren(el('p', { class: 'note' }, `Loading ${name}…`));
    try {
      const doc = await registry.card(name);
      this.card.replaceChildren(...this.render(doc.card, doc.metrics ?? {}, doc.submittedMetrics ?? {}));
    } catch (e) {
      this.card.replaceChildren(el('p', { class: 'error' }, `${e.code ?? 'ERROR'}: ${e.message}`));
    }
    this.card.focus({ preventScroll: false });
  }

  render(card, stored, submitted) {
    const denoiser = card.role === 'EPSILON' || card.role === 'BLUR';
    const t = card.training ?? {};
    const actions = denoiser ? el('div', { class: 'buttons' },
      el('button', { type: 'button', class: 'small', onclick: () => this.generateWith(card.name) }, 'Generate with it'),
      el('button', { type: 'button', class: 'small secondary', onclick: () => this.evaluate(card.name) },
        'Evaluate it')) : null;
    return [
      el('h2', {}, `${card.name} v${card.version}`), el('p', {}, card.description ?? ''), actions,
      el('h3', {}, 'Overview'),
      kvTable([['role', card.role], ['classes', card.numClasses], ['default classifier', card.classifier ?? '—'],
        ['parameters', card.parameters], ['dataset', card.dataset], ['created', card.created],
        ['source revision', card.sourceRevision]], 'overview'),
      el('h3', {}, 'Architecture'), kvTable(Object.entries(card.network ?? {}), 'architecture'),
      el('h3', {}, 'Training'),
      kvTable([['objective', t.objective], ['schedule', card.schedule], ['diffusion steps T', card.diffusionSteps],
        ['planned steps', t.steps], ['batch', t.batch], ['learning rate', t.learningRate], ['seed', t.seed],
        ['EMA decay', t.emaDecay]], 'training record'),
      el('h3', {}, 'Metrics'), kvTable(Object.entries(card.metrics ?? {}), 'metrics'),
      el('h3', {}, 'Evaluations shipped with it'), this.evaluations(stored, 'None shipped.'),
      el('h3', {}, 'Evaluations run on this service'), this.evaluations(submitted, 'None yet (Evaluate runs one).'),
    ];
  }

  evaluations(stored, none) {
    const entries = Object.entries(stored.evaluations ?? {});
    if (entries.length === 0) return el('p', { class: 'note' }, none);
    return el('div', { class: 'evaluations' }, ...entries.map(([key, e]) => el('article', { class: 'evaluation' },
      el('h4', {}, key === stored.latest ? 'Latest: ' : '', configLine(e.config)),
      el('p', { class: 'note' }, `${e.created ?? ''} · ${formatNumber(e.seconds, 1)} s · ${e.file ?? key}`),
      e.dataNote ? el('p', { class: 'note data-note', role: 'note' }, e.dataNote) : null,
      metricsTable(e.metrics, [['mean entropy (features)', e.meanEntropy]]))));
  }
}
