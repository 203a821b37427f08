// The sampler: DDIM/DDPM for ε models, momentum/naive for blur models; η only for DDIM.

import { GENERATE, SAMPLERS } from '../defaults.js';
import { el, field, numberInput, select, setOptions, showIf } from '../dom.js';

export class SamplerFields {
  constructor({ legend = 'Sampler', steps = GENERATE.steps.value } = {}) {
    this.kind = select('kind', SAMPLERS.EPSILON, 'ddim');
    this.steps = numberInput('steps', { ...GENERATE.steps, value: steps });
    this.eta = numberInput('eta', GENERATE.eta);
    this.etaRow = field('η (DDIM noise)', this.eta, '0 = deterministic');
    this.element = el('fieldset', {}, el('legend', {}, legend), field('Kind', this.kind), field('Steps', this.steps),
      this.etaRow);
    this.kind.addEventListener('change', () => this.sync());
    this.sync();
  }

  /** Offers the samplers of the model's role; the step limit is the model's chain length T. */
  update(model, diffusionSteps) {
    const kinds = SAMPLERS[model?.role] ?? SAMPLERS.EPSILON;
    setOptions(this.kind, kinds, kinds[0][0]);
    if (diffusionSteps) this.steps.max = Math.min(GENERATE.steps.max, diffusionSteps);
    this.sync();
  }

  sync() {
    showIf(this.etaRow, this.kind.value === 'ddim');
  }

  read() {
    const s = { kind: this.kind.value, steps: Number(this.steps.value) };
    if (this.kind.value === 'ddim') s.eta = Number(this.eta.value);
    return s;
  }

  copyFrom(other) {
    this.kind.value = other.kind.value;
    this.steps.value = other.steps.value;
    this.eta.value = other.eta.value;
    this.sync();
  }
}
