// Model, class, number of images and seed: what a generation (or a comparison) starts from.

import { GENERATE, className } from '../defaults.js';
import { el, field, numberInput, select, setOptions, showIf, uid } from '../dom.js';
import { registry } from '../registry.js';

export class ModelFields {
  constructor({ legend = 'Model', batch = GENERATE.batch.value, label = 'each' } = {}) {
    this.model = select('model', []);
    this.label = select('label', []);
    this.batch = numberInput('batch', { ...GENERATE.batch, value: batch });
    this.seed = numberInput('seed', GENERATE.seed);
    this.seed.id = uid('seed');
    this.preferredLabel = label;
    this.reseed = el('button', { type: 'button', class: 'small secondary', onclick: () => this.randomSeed(),
      'aria-label': 'New random seed' }, 'New');
    this.empty = el('p', { class: 'note', hidden: true }, 'No denoising model is served yet: train one (Train) or '
      + 'start a sampler with a registry that has one.');
    this.labelRow = field('Class', this.label, 'The class every image is steered toward (or one of each).');
    this.classless = el('p', { class: 'note', hidden: true }, 'An unconditional model sampled without guidance: no '
      + 'class steers the images, so none is asked, and the plots follow the classifier\'s likeliest class.');
    this.element = el('fieldset', {}, el('legend', {}, legend), this.empty,
      field('Model', this.model, null, 'wide'), this.labelRow, this.classless,
      field('Images', this.batch),
      el('div', { class: 'field seed' }, el('label', { for: this.seed.id }, 'Seed'), this.seed,
        this.reseed));
  }

  randomSeed() {
    this.seed.value = Math.floor(Math.random() * 1e6);
  }

  /** Fills the model list from the registry, keeping the selection when possible. */
  loadModels() {
    const options = registry.denoisers().map((m) => [m.name, `${m.name} v${m.version} (${m.role === 'BLUR' ? 'blur'
      : m.numClasses > 0 ? 'conditional' : 'unconditional'})`]);
    setOptions(this.model, options, registry.preferredDenoiser()?.name);
    this.empty.hidden = options.length > 0 || registry.error !== null;
  }

  selected() {
    return registry.find(this.model.value);
  }

  /**
   * Class options for the selected model; without `allowNone` (guided runs) every image needs a class. An
   * unconditional model sampled unguided has no use for one: the field goes, and every image gets none (−1).
   */
  updateLabels(allowNone) {
    const m = this.selected();
    const classifier = m?.classifier ? registry.find(m.classifier) : null;
    const n = m?.numClasses || classifier?.numClasses || 10;
    const options = [['each', 'one of each']];
    for (let c = 0; c < n; c++) options.push([String(c), `${c} — ${className(c, n)}`]);
    if (allowNone) options.push(['-1', 'no class (−1)']);
    setOptions(this.label, options, this.preferredLabel);
    this.numClasses = n;
    this.isClassless = allowNone && m?.role === 'EPSILON' && m.numClasses === 0;
    showIf(this.labelRow, !this.isClassless);
    this.classless.hidden = !this.isClassless;
  }

  /** The labels of the `batch` images. */
  labels() {
    const batch = Number(this.batch.value);
    const choice = this.isClassless ? '-1' : this.label.value;
    return Array.from({ length: batch }, (_, i) => (choice === 'each' ? i % this.numClasses : Number(choice)));
  }

  read() {
    const labels = this.labels();
    return { model: this.model.value, label: labels, batch: labels.length, seed: Number(this.seed.value) };
  }
}
