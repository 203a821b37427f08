// The per-step classifier readings of a `step` message as growing line plots: entropy, the guidance scale actually
// applied, p(y|xₜ) of the target class, the gradient norm, and their product s·‖∇‖, the push guidance really
// gives (where plain classifier guidance "vanishes early"). One series per (job, image).

import { el } from './dom.js';
import { LinePlot } from './plot.js';

export class Telemetry {
  constructor() {
    this.entropy = new LinePlot({ title: 'Classifier entropy H(p(·|xₜ))', yLabel: 'entropy (nats)' });
    this.scale = new LinePlot({ title: 'Guidance scale applied', yLabel: 'scale s' });
    this.prob = new LinePlot({ title: 'p(y | xₜ) of the target class', yLabel: 'probability', yMax: 1 });
    this.grad = new LinePlot({ title: 'Gradient norm ‖∇ log p(y|xₜ)‖', yLabel: 'norm' });
    this.strength = new LinePlot({ title: 'Guidance strength s · ‖∇ log p(y|xₜ)‖', yLabel: 'strength' });
    this.plots = [this.entropy, this.scale, this.prob, this.grad, this.strength];
    this.note = el('p', { class: 'note', hidden: true },
      'This model has no classifier, so there are no readings to plot.');
    this.element = el('div', { class: 'telemetry' }, this.note,
      el('div', { class: 'plots' }, ...this.plots.map((p) => p.element)));
  }

  /** series: [{key, label, colour, dash}]; xMax: the longest chain's step count. */
  reset(series, xMax, numClasses = 10) {
    this.entropy.fixedMax = Math.log(Math.max(2, numClasses));
    for (const p of this.plots) p.reset(series, xMax);
    this.note.hidden = true;
  }

  /** Adds one step message; keyOf(i) names image i's series; labels[i] is its target class (−1: the argmax). */
  record(msg, keyOf, labels) {
    if (msg.entropy.length === 0) {
      this.note.hidden = false;
      return;
    }
    msg.entropy.forEach((h, i) => {
      const key = keyOf(i);
      const p = msg.probs[i] ?? [];
      const y = labels[i] >= 0 ? labels[i] : p.indexOf(Math.max(...p));
      this.entropy.add(key, msg.step, h);
      this.scale.add(key, msg.step, msg.scale[i]);
      this.prob.add(key, msg.step, p[y]);
      this.grad.add(key, msg.step, msg.gradNorm[i]);
      this.strength.add(key, msg.step, msg.scale[i] * msg.gradNorm[i]);
    });
  }
}
