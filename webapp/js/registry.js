// The registry as the page knows it: GET /api/models (what the samplers serve) and cached model cards.

import { api } from './api.js';

class Registry extends EventTarget {
  constructor() {
    super();
    this.models = [];
    this.cards = new Map();
    this.error = null;
  }

  /** Re-reads the model list; listeners get a 'change' event (also on failure, with this.error set). */
  async refresh() {
    try {
      this.models = await api.models();
      this.error = null;
      this.cards.clear();
    } catch (e) {
      this.error = e;
    }
    this.dispatchEvent(new Event('change'));
    return this.models;
  }

  find(name) {
    return this.models.find((m) => m.name === name);
  }

  denoisers() {
    return this.models.filter((m) => m.role === 'EPSILON' || m.role === 'BLUR');
  }

  classifiers() {
    return this.models.filter((m) => m.role === 'CLASSIFIER');
  }

  features() {
    return this.models.filter((m) => m.role === 'FEATURES');
  }

  /** The denoiser to offer first: a class-conditional ε model if there is one. */
  preferredDenoiser() {
    const d = this.denoisers();
    return d.find((m) => m.role === 'EPSILON' && m.numClasses > 0) ?? d.find((m) => m.role === 'EPSILON') ?? d[0];
  }

  /** {card, metrics} of a model's default version, fetched once per refresh. */
  card(name) {
    if (!this.cards.has(name)) {
      const p = api.model(name);
      p.catch(() => this.cards.delete(name));
      this.cards.set(name, p);
    }
    return this.cards.get(name);
  }
}

export const registry = new Registry();
