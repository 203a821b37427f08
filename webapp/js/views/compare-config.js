// One configuration of a comparison: its own sampler and guidance, a letter and a colour.

import { el } from '../dom.js';
import { GuidanceFields } from '../fields/guidance-fields.js';
import { SamplerFields } from '../fields/sampler-fields.js';

export class CompareConfig {
  constructor({ letter, colour, method, scale, onRemove }) {
    this.letter = letter;
    this.colour = colour;
    this.sampler = new SamplerFields({ legend: 'Sampler' });
    this.guidance = new GuidanceFields({ legend: 'Guidance', method, scale });
    this.remove = el('button', { type: 'button', class: 'small secondary', onclick: () => onRemove(this),
      'aria-label': `Remove configuration ${letter}` }, 'Remove');
    this.element = el('fieldset', { class: 'config', style: `border-left: 6px solid ${colour}`,
      'data-config': letter }, el('legend', {}, `Configuration ${letter}`), this.remove, this.sampler.element,
    this.guidance.element);
  }

  /** "A · entropy s=2 · ddim 50" for titles and legends. */
  title() {
    const s = this.sampler.read();
    return `${this.letter} · ${this.guidance.summary()} · ${s.kind} ${s.steps}`;
  }

  read() {
    return { sampler: this.sampler.read(), guidance: this.guidance.read() };
  }
}
