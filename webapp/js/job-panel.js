// The live view of one generation: state, progress, step counter, and the xₜ and x̂0 images of every item. It is
// the Job's listener (see connection.js) and passes each step message on to `onStep` (plots, tables).

import { className } from './defaults.js';
import { el } from './dom.js';
import { ImageGrid } from './image-grid.js';

export class JobPanel {
  constructor({ title = '', colour = null, onStep = () => {}, onEnded = () => {} } = {}) {
    this.onStep = onStep;
    this.onEnded = onEnded;
    this.status = el('p', { class: 'job-status', role: 'status' }, 'Not started.');
    this.progress = el('progress', { max: 1, value: 0 });
    this.counter = el('span', { class: 'counter' }, 'step 0 / 0');
    this.progress.setAttribute('aria-label', `${title || 'Generation'} progress`);
    this.xt = new ImageGrid(['xₜ (the noisy state)'], 'xt');
    this.x0 = new ImageGrid(['x̂0 (the model\'s clean estimate)'], 'x0');
    this.heading = el('h3', {}, title);
    if (colour) this.heading.style.borderLeft = `6px solid ${colour}`;
    this.element = el('section', { class: 'job-panel', 'data-state': 'idle', 'aria-label': title || 'Generation' },
      title ? this.heading : null, this.status, el('div', { class: 'progress-row' }, this.progress, this.counter),
      el('div', { class: 'panels' }, this.xt.element, this.x0.element));
  }

  /** Clears the view for a new request. */
  reset(request, numClasses) {
    const titleOf = (i) => className(request.label[i], numClasses);
    this.xt.reset(request.batch, titleOf);
    this.x0.reset(request.batch, titleOf);
    this.progress.value = 0;
    this.counter.textContent = `step 0 / ${request.sampler.steps}`;
    this.setState('submitted', 'Submitted; waiting for the server…');
  }

  setState(state, text) {
    this.element.dataset.state = state;
    this.status.textContent = text;
  }

  accepted(msg) {
    this.setState('running', `Running on ${msg.node} · seed ${msg.seed} · model v${msg.modelVersion}`);
    this.counter.textContent = `step 0 / ${msg.steps}`;
  }

  step(msg, job) {
    this.progress.value = msg.step / msg.of;
    this.counter.textContent = `step ${msg.step} / ${msg.of}`;
    this.element.dataset.step = msg.step;
    this.onStep(msg, job);
  }

  image({ header, png }) {
    const grid = header.kind === 'x0' ? this.x0 : this.xt;
    grid.draw(header.index, header.step, png);
  }

  /** The server re-attached the job: it replays the steps after the last one seen that it still buffers. */
  resumed(msg, job) {
    const replay = msg.replayFrom <= msg.step ? ` (replaying from step ${msg.replayFrom})` : '';
    const lost = msg.replayFrom > job.lastStep + 1 && msg.replayFrom <= msg.step
      ? `; steps ${job.lastStep + 1}–${msg.replayFrom - 1} are no longer buffered` : '';
    this.setState('running', `Reconnected: resumed at step ${msg.step} of ${msg.of}${replay}${lost}.`);
  }

  connection(what) {
    if (what === 'disconnected') {
      this.setState('reconnecting', 'Connection lost. Reconnecting to resume the job (the server keeps it a while)…');
    }
    if (what === 'resuming') this.setState('reconnecting', 'Reconnected; resuming…');
  }

  ended({ state, message }, job) {
    const text = { done: 'Done', failed: 'Failed', lost: 'Lost' }[state] ?? state;
    const line = state === 'cancelled' ? `Cancelled at step ${job.lastStep} of ${job.of}.` : `${text}: ${message}`;
    this.setState(state, line);
    if (state === 'done') this.progress.value = 1;
    this.onEnded(state);
  }
}
