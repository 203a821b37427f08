// The live view of one generation: state, progress, step counter, ETA and the sampler's load, and the xₜ and x̂0
// images of every item (each opens larger, with its trajectory). It is the Job's listener (see connection.js) and
// passes each step message on to `onStep` (plots, tables). It keeps the frames it received (Trajectory), which the
// gallery stores when the run is done.

import { className } from './defaults.js';
import { runTitle, settingsOf } from './describe.js';
import { el, formatDuration } from './dom.js';
import { ImageGrid } from './image-grid.js';
import { saveGrid } from './image-export.js';
import { Trajectory } from './trajectory.js';
import { zoom } from './zoom.js';

/** How much of a new step's tick time enters the running mean behind the ETA. */
const ETA_WEIGHT = 0.2;

export class JobPanel {
  constructor({ title = '', colour = null, onStep = () => {}, onEnded = () => {} } = {}) {
    this.onStep = onStep;
    this.onEnded = onEnded;
    this.trajectory = new Trajectory();
    this.status = el('p', { class: 'job-status', role: 'status' }, 'Not started.');
    this.progress = el('progress', { max: 1, value: 0 });
    this.counter = el('span', { class: 'counter' }, 'step 0 / 0');
    this.eta = el('span', { class: 'counter eta' });
    this.load = el('p', { class: 'note load', hidden: true });
    this.progress.setAttribute('aria-label', `${title || 'Generation'} progress`);
    this.xt = new ImageGrid(['xₜ (the noisy state)'], 'xt', (i) => this.open(i, 'xt'));
    this.x0 = new ImageGrid(['x̂0 (the model\'s clean estimate)'], 'x0', (i) => this.open(i, 'x0'));
    this.download = el('button', { type: 'button', class: 'secondary small', hidden: true,
      onclick: () => this.saveImages() }, 'Download the images (PNG)');
    this.heading = el('h3', {}, title);
    if (colour) this.heading.style.borderLeft = `6px solid ${colour}`;
    this.element = el('section', { class: 'job-panel', 'data-state': 'idle', 'aria-label': title || 'Generation' },
      title ? this.heading : null, this.status,
      el('div', { class: 'progress-row' }, this.progress, this.counter, this.eta), this.load,
      el('div', { class: 'panels' }, this.xt.element, this.x0.element), el('div', { class: 'buttons' }, this.download));
  }

  /** Clears the view for a new request. */
  reset(request, numClasses) {
    this.request = request;
    this.numClasses = numClasses;
    this.acceptedMsg = null; // the server's `accepted`: seed, model version, node
    this.tickMs = null;
    const titleOf = (i) => this.imageLabel(i);
    this.xt.reset(request.batch, titleOf);
    this.x0.reset(request.batch, titleOf);
    this.trajectory.reset(request.batch);
    this.progress.value = 0;
    this.counter.textContent = `step 0 / ${request.sampler.steps}`;
    this.eta.textContent = '';
    this.load.hidden = true;
    this.download.hidden = true;
    this.setState('submitted', 'Submitted; waiting for the server…');
  }

  imageLabel(i) {
    return className(this.request.label[i], this.numClasses);
  }

  setState(state, text) {
    this.element.dataset.state = state;
    this.status.textContent = text;
  }

  accepted(msg) {
    this.acceptedMsg = msg;
    this.element.dataset.job = msg.jobId;
    this.setState('running', `Running on ${msg.node} · seed ${msg.seed} · model v${msg.modelVersion}`);
    this.counter.textContent = `step 0 / ${msg.steps}`;
  }

  /** A job of a previous page load, followed again: what `accepted` said then, and a resume from the first step. */
  reattached(accepted) {
    this.acceptedMsg = accepted;
    this.element.dataset.job = accepted.jobId;
    this.setState('reconnecting', 'Re-attaching the run started before the page was reloaded…');
  }

  step(msg, job) {
    this.progress.value = msg.step / msg.of;
    this.counter.textContent = `step ${msg.step} / ${msg.of}`;
    this.element.dataset.step = msg.step;
    this.showPace(msg);
    this.onStep(msg, job);
  }

  /**
   * ETA from the sampler's own tick times (a running mean: replays and a slow network do not distort it), and, when
   * other jobs share the sampler's ticks, that the server is busy: each step waits for all of them.
   */
  showPace(msg) {
    this.tickMs = this.tickMs === null ? msg.ms : (1 - ETA_WEIGHT) * this.tickMs + ETA_WEIGHT * msg.ms;
    const left = msg.of - msg.step;
    this.eta.textContent = left > 0 ? `ETA ${formatDuration((left * this.tickMs) / 1000)}` : '';
    const others = (msg.tick?.jobs ?? 1) - 1;
    this.load.hidden = others < 1 || left === 0;
    this.load.textContent = `The server is busy: each step is computed together with ${others} other `
      + `job${others > 1 ? 's' : ''} (${msg.tick?.items} images in all), ${Math.round(msg.ms)} ms a step.`;
  }

  image({ header, png }) {
    this.trajectory.add(header, png);
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
    if (what === 'resuming' && this.element.dataset.state !== 'reconnecting') {
      this.setState('reconnecting', 'Reconnected; resuming…');
    }
  }

  ended({ state, message }, job) {
    const text = { done: 'Done', failed: 'Failed', lost: 'Lost' }[state] ?? state;
    const line = state === 'cancelled' ? `Cancelled at step ${job.lastStep} of ${job.of}.` : `${text}: ${message}`;
    this.setState(state, line);
    this.eta.textContent = '';
    this.load.hidden = true;
    if (state === 'done') {
      this.progress.value = 1;
      this.download.hidden = false;
    }
    this.onEnded(state, this);
  }

  /** What made these images, for titles and the text chunks of downloads. */
  run() {
    const settings = { ...settingsOf(this.request), seed: this.acceptedMsg?.seed ?? this.request.seed };
    const modelVersion = this.acceptedMsg?.modelVersion;
    return { settings, modelVersion, title: runTitle(settings, { modelVersion, numClasses: this.numClasses }) };
  }

  open(index, kind) {
    const items = this.request.label.map((_, i) => ({ label: this.imageLabel(i),
      frames: { xt: [...this.trajectory.frames.xt[i]], x0: [...this.trajectory.frames.x0[i]] } }));
    zoom().open({ items, index, kind, run: this.run() });
  }

  /** The final images as one PNG grid, 8× upscaled, with the settings in its text chunks. */
  saveImages() {
    const finals = this.trajectory.latest('xt');
    return saveGrid(finals, this.run(), `${finals.length} final images`, 'images');
  }

  /** The gallery could not keep the run (no IndexedDB in a private window, a full disk): say so, keep the run shown. */
  notSaved(error) {
    this.load.hidden = false;
    this.load.textContent = `This run could not be kept in the gallery: ${error?.message ?? error}`;
  }

  /** The finished run as a gallery entry (see gallery-store.js). */
  galleryEntry(source) {
    const run = this.run();
    return { source, title: run.title, settings: run.settings, accepted: this.acceptedMsg, numClasses: this.numClasses,
      finals: this.trajectory.latest('xt'), trajectory: this.trajectory.thinned() };
  }
}
