// p(c | xₜ) of every image at the latest step, as a heat table: rows are images, columns classes, the target
// class outlined; the last column lists the guidance terms applied at that step.

import { className } from './defaults.js';
import { el } from './dom.js';

export class ProbTable {
  constructor() {
    this.table = el('table', { class: 'probs' });
    this.caption = el('caption', {}, 'Class probabilities p(c | xₜ) at the latest step (%)');
    this.element = el('div', { class: 'table-scroll', tabindex: 0, role: 'region',
      'aria-label': 'Class probabilities' }, this.table);
    this.rendered = 0;
  }

  clear() {
    this.table.replaceChildren();
  }

  update(msg, labels) {
    if (!msg.probs || msg.probs.length === 0) return; // no classifier, or a step without telemetry
    const n = msg.probs[0].length;
    const head = el('tr', {}, el('th', { scope: 'col' }, 'image'),
      ...Array.from({ length: n }, (_, c) => el('th', { scope: 'col', title: className(c, n) },
        className(c, n).split('/')[0])), el('th', { scope: 'col' }, 'guidance'));
    const rows = msg.probs.map((p, i) => el('tr', {},
      el('th', { scope: 'row' }, `${i} → ${className(labels[i], n)}`),
      ...p.map((v, c) => el('td', { class: c === labels[i] ? 'target' : null, style: `--p:${v.toFixed(3)}` },
        (100 * v).toFixed(0))),
      el('td', { class: 'active' }, (msg.active?.[i] ?? []).join(', ') || '—')));
    this.table.replaceChildren(this.caption, el('thead', {}, head), el('tbody', {}, ...rows));
  }
}
