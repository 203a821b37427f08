// A training or evaluation job as a card: state, progress bar, rate, ETA, message, a cancel button, and a slot for
// what the kind of job adds (a loss plot, metrics). Updated from JobProgress messages of /ws/jobs/{id}.

import { el, formatDuration, formatNumber } from './dom.js';
import { isFinal, watchJob } from './job-watch.js';

export class JobCard {
  /** hooks: {progress(p, card), cancel(jobId), gone(message)}; `extra` nodes go below the numbers. */
  constructor({ jobId, title, hooks, extra = [] }) {
    this.jobId = jobId;
    this.hooks = hooks;
    this.state = el('span', { class: 'badge' }, 'queued');
    this.progressBar = el('progress', { max: 1, value: 0, 'aria-label': `${title} progress` });
    this.counter = el('span', { class: 'counter' }, '0 / ?');
    this.stats = el('dl', { class: 'stats' });
    this.message = el('p', { class: 'job-status', role: 'status' }, '');
    this.cancelButton = el('button', { type: 'button', class: 'secondary small', onclick: () => this.cancel() },
      'Cancel');
    this.element = el('article', { class: 'job-card', 'data-job': jobId, 'data-state': 'queued' },
      el('header', {}, el('h3', {}, title, ' ', el('code', {}, jobId)), this.state, this.cancelButton),
      el('div', { class: 'progress-row' }, this.progressBar, this.counter), this.stats, this.message, ...extra);
  }

  watch() {
    this.watcher = watchJob(this.jobId, {
      onProgress: (p) => this.update(p),
      onConnection: (s) => { if (s === 'waiting') this.message.textContent = 'Connection lost; reconnecting…'; },
      onGone: (m) => this.gone(m),
    });
  }

  async cancel() {
    this.cancelButton.disabled = true;
    try {
      const reply = await this.hooks.cancel(this.jobId);
      this.update(reply);
      // The reply is the state when the cancel arrived: a running job stops at its next step and says so then.
      if (!isFinal(this.element.dataset.state)) this.message.textContent = 'Cancelling: it stops before its next step…';
      this.element.dataset.cancel = 'answered';
    } catch (e) {
      this.message.textContent = `Cancel failed: ${e.message}`;
      this.cancelButton.disabled = false;
    }
  }

  update(p) {
    // A job's state only moves forward: the answer to a cancel (the state when it was asked) may arrive after the
    // final state that the socket already brought.
    if (isFinal(this.element.dataset.state) && !isFinal(p.state)) return;
    this.element.dataset.state = p.state;
    this.state.textContent = p.state;
    this.progressBar.value = p.steps > 0 ? p.step / p.steps : 0;
    this.counter.textContent = `${formatNumber(p.step)} / ${formatNumber(p.steps)}`;
    // A finished job has no rate and no time left (its final message carries zeros for both).
    const stats = [['images/s', isFinal(p.state) ? '—' : formatNumber(p.imagesPerSecond, 1)],
      ['ETA', isFinal(p.state) ? '—' : formatDuration(p.etaSeconds)]];
    if (p.kind === 'train') stats.unshift(['loss', formatNumber(p.loss, 4)]);
    this.stats.replaceChildren(...stats.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    this.message.textContent = p.message ?? '';
    if (isFinal(p.state)) this.cancelButton.hidden = true;
    this.hooks.progress?.(p, this);
  }

  gone(message) {
    this.element.dataset.state = 'gone';
    this.state.textContent = 'unknown';
    this.message.textContent = message;
    this.cancelButton.hidden = true;
    this.hooks.gone?.(message);
  }
}
