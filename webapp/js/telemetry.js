// A run's per-step readings as growing line plots. With a classifier (ε models): entropy, the guidance scale actually
// applied, p(y|xₜ) of the target class, the gradient norm, and their product s·‖∇‖, the push guidance really gives
// (where plain classifier guidance "vanishes early"); one series per (job, image). Blur models have no classifier:
// their steps carry the corruption instead (docs/PROTOCOL.md, `blur`), plotted as the blur σ_B, the signal a and
// noise s of the level each step starts from (one series per job), and how far each image's clean estimate moved.
// Only the plots that have readings show.

import { el } from './dom.js';
import { LinePlot } from './plot.js';

export class Telemetry {
  constructor() {
    this.entropy = new LinePlot({ title: 'Classifier entropy H(p(·|xₜ))', yLabel: 'entropy (nats)' });
    this.scale = new LinePlot({ title: 'Guidance scale applied', yLabel: 'scale s' });
    this.prob = new LinePlot({ title: 'p(y | xₜ) of the target class (the likeliest without one)',
      yLabel: 'probability', yMax: 1 });
    this.grad = new LinePlot({ title: 'Gradient norm ‖∇ log p(y|xₜ)‖', yLabel: 'norm' });
    this.strength = new LinePlot({ title: 'Guidance strength s · ‖∇ log p(y|xₜ)‖', yLabel: 'strength' });
    this.classifierPlots = [this.entropy, this.scale, this.prob, this.grad, this.strength];
    this.sigma = new LinePlot({ title: 'Blur σ_B of the level each step starts from', yLabel: 'σ_B (px)' });
    this.noise = new LinePlot({ title: 'Signal a and noise s of that level', yLabel: 'a, s' });
    this.change = new LinePlot({ title: 'Change of the clean estimate x̂0 since the previous step',
      yLabel: 'RMS per pixel' });
    this.blurPlots = [this.sigma, this.noise, this.change];
    this.note = el('p', { class: 'note', hidden: true },
      'No classifier reads this model\'s images, so there are no classifier readings to plot.');
    this.classifierBox = el('div', { class: 'plots', 'data-readings': 'classifier' },
      ...this.classifierPlots.map((p) => p.element));
    this.blurBox = el('div', { class: 'plots', 'data-readings': 'blur', hidden: true },
      ...this.blurPlots.map((p) => p.element));
    this.element = el('div', { class: 'telemetry' }, this.note, this.classifierBox, this.blurBox);
    this.show('idle'); // nothing to plot before a run
  }

  /**
   * images: [{key, label, colour, dash}] one series per image; jobs: [{key, label, colour}] one per job (the blur
   * schedule's plots); xMax: the longest chain's step count; blur: whether the model is a blur model, which decides
   * which plots show until the first step says.
   */
  reset({ images, jobs, xMax, numClasses = 10, blur = false }) {
    this.entropy.fixedMax = Math.log(Math.max(2, numClasses));
    for (const p of this.classifierPlots) p.reset(images, xMax);
    this.change.reset(images, xMax);
    this.sigma.reset(jobs, xMax);
    this.noise.reset(jobs.flatMap((j) => [{ ...j, key: `${j.key}/a`, label: `${j.label} · signal a` },
      { ...j, key: `${j.key}/s`, label: `${j.label} · noise s`, dash: [6, 3] }]), xMax);
    this.show(blur ? 'blur' : 'classifier');
  }

  show(readings) {
    this.classifierBox.hidden = readings !== 'classifier';
    this.blurBox.hidden = readings !== 'blur';
    this.note.hidden = readings !== 'none';
    this.element.dataset.readings = readings;
  }

  /**
   * Adds one step message; keyOf(i) names image i's series, jobKey the job's; labels[i] is image i's target class
   * (−1: the argmax).
   */
  record(msg, keyOf, labels, jobKey) {
    if (msg.blur) this.recordBlur(msg, keyOf, jobKey);
    // A step that reports no telemetry (the request's telemetry.every) carries no classifier fields: keep the plots.
    else if (msg.entropy === undefined) return;
    else if (msg.entropy.length > 0) this.recordClassifier(msg, keyOf, labels);
    else this.show('none');
  }

  recordClassifier(msg, keyOf, labels) {
    this.show('classifier');
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

  recordBlur(msg, keyOf, jobKey) {
    this.show('blur');
    const b = msg.blur;
    this.sigma.add(jobKey, msg.step, b.sigma);
    this.noise.add(`${jobKey}/a`, msg.step, b.signal);
    this.noise.add(`${jobKey}/s`, msg.step, b.noise);
    (b.x0Change ?? []).forEach((d, i) => this.change.add(keyOf(i), msg.step, d));
  }
}
