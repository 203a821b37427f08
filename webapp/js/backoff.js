// Reconnect delays: exponential from `initial` to `max`, with jitter so that many pages do not reconnect in step.

export class Backoff {
  constructor({ initial = 500, max = 10000, random = Math.random } = {}) {
    this.initial = initial;
    this.max = max;
    this.random = random;
    this.attempt = 0;
  }

  /** The next delay in ms (and counts the attempt). */
  next() {
    const base = Math.min(this.max, this.initial * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(base * (0.5 + 0.5 * this.random()));
  }

  reset() {
    this.attempt = 0;
  }
}
