// The guidance method and the parameters it uses; a parameter is shown only when the method reads it. The
// classifier is offered for unguided runs too: it is the one whose readings the plots show.

import { GENERATE, GUIDANCE_METHODS } from '../defaults.js';
import { el, field, numberInput, select, setOptions, showIf } from '../dom.js';
import { registry } from '../registry.js';

const USES = {
  scale: ['classifier', 'entropy', 'tail'],
  classifier: ['none', 'classifier', 'entropy', 'tail'],
  entropyFloor: ['entropy'],
  tail: ['tail'],
};

export class GuidanceFields extends EventTarget {
  constructor({ legend = 'Guidance', method = 'none', scale = GENERATE.scale.value } = {}) {
    super();
    this.method = select('method', GUIDANCE_METHODS, method);
    this.scale = numberInput('scale', { ...GENERATE.scale, value: scale });
    this.classifier = select('classifier', []);
    this.entropyFloor = numberInput('entropyFloor', GENERATE.entropyFloor);
    this.tailScale = numberInput('tailScale', GENERATE.tailScale);
    this.tau = numberInput('tau', GENERATE.tau);
    this.tMin = numberInput('tMin', GENERATE.tMin);
    this.x0Lambda = numberInput('x0Lambda', GENERATE.x0Lambda);
    this.rows = {
      scale: field('Scale s', this.scale, 'class-guidance scale'),
      classifier: field('Classifier', this.classifier, 'plots its readings; steers guided runs'),
      entropyFloor: field('Entropy floor h_min', this.entropyFloor, 's·log C / max(H, h_min)'),
      tail: el('div', { class: 'group' },
        field('Tail scale', this.tailScale, 'entropy-ascent push; at the default 4, about twice the scale s of '
          + 'classifier guidance gives the same class accuracy'),
        field('Tail τ', this.tau, 'push only while p(y|xₜ) ≥ τ'),
        field('Tail t_min', this.tMin, 'no push in the last t_min of the chain'),
        field('x̂0 routing λ', this.x0Lambda, 'share of the guidance taken through the predicted clean image x̂0; '
          + '1 (all of it) by default. Above 0 it damps pushes off the data and costs one more denoiser pass a step; '
          + '0 turns it off')),
    };
    this.note = el('p', { class: 'note', hidden: true });
    this.element = el('fieldset', {}, el('legend', {}, legend), field('Method', this.method), this.note,
      ...Object.values(this.rows));
    this.method.addEventListener('change', () => this.sync());
    this.sync();
  }

  /** Blur models and models without any classifier sample unguided only. */
  update(model) {
    const classifiers = registry.classifiers();
    const guidable = model?.role === 'EPSILON' && classifiers.length > 0;
    this.guidable = guidable;
    setOptions(this.method, guidable ? GUIDANCE_METHODS : [GUIDANCE_METHODS[0]], this.method.value);
    setOptions(this.classifier, classifiers.map((c) => [c.name, `${c.name} v${c.version}`]),
      model?.classifier ?? classifiers[0]?.name);
    if (model?.classifier && this.classifier.dataset.model !== model.name) this.classifier.value = model.classifier;
    this.classifier.dataset.model = model?.name ?? '';
    this.note.hidden = guidable;
    this.note.textContent = model?.role === 'BLUR' ? 'Blur models sample unguided: Soft Diffusion defines no '
      + 'guidance for them, and no classifier reads their images (their plots show the blur schedule instead).'
      : 'No classifier is published, so only unguided sampling is possible.';
    this.sync();
  }

  sync() {
    const m = this.method.value;
    for (const [name, row] of Object.entries(this.rows)) {
      showIf(row, USES[name].includes(m) && (name !== 'classifier' || this.guidable !== false));
    }
    this.dispatchEvent(new Event('change'));
  }

  guided() {
    return this.method.value !== 'none';
  }

  read() {
    const m = this.method.value;
    const g = { method: m };
    if (this.guidable && this.classifier.value) g.classifier = this.classifier.value;
    if (m === 'none') return g;
    g.scale = Number(this.scale.value);
    if (m === 'entropy') g.entropyFloor = Number(this.entropyFloor.value);
    if (m === 'tail') {
      g.tail = { scale: Number(this.tailScale.value), tau: Number(this.tau.value), tMin: Number(this.tMin.value) };
      g.x0 = { lambda: Number(this.x0Lambda.value) };
    }
    return g;
  }

  /** A short description for legends: "entropy s=2". */
  summary() {
    const g = this.read();
    if (g.method === 'none') return 'unguided';
    return `${g.method} s=${g.scale}`;
  }
}
