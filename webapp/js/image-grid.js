// A grid of small canvases, one per image of a job, drawn from PNG frames. A cell remembers the step it shows, so a
// preview that finishes decoding late never overwrites a newer one.

import { el } from './dom.js';

export class ImageGrid {
  constructor(caption, kind) {
    this.kind = kind;
    this.cells = [];
    this.grid = el('div', { class: 'grid', 'data-kind': kind });
    this.element = el('figure', { class: 'images' }, el('figcaption', {}, ...caption), this.grid);
  }

  /** n cells titled by titleOf(i). */
  reset(n, titleOf, size = 28) {
    this.cells = Array.from({ length: n }, (_, i) => {
      const canvas = el('canvas', { width: size, height: size, role: 'img', 'data-index': i, 'data-step': 0,
        'aria-label': `${this.kind} image ${i}: ${titleOf(i)}, not yet drawn` });
      return { canvas, step: -1, title: titleOf(i) };
    });
    this.grid.style.setProperty('--cols', Math.min(n, 4));
    this.grid.replaceChildren(...this.cells.map((c, i) => el('div', { class: 'cell' }, c.canvas,
      el('span', { class: 'cell-label' }, `${i} · ${c.title}`))));
  }

  async draw(index, step, png) {
    const cell = this.cells[index];
    if (!cell || step <= cell.step) return;
    const bitmap = await createImageBitmap(png);
    if (step <= cell.step) return; // a newer frame was decoded first
    cell.step = step;
    // The canvas takes the image's own size (28×28 grey, 32×32 RGB, …); CSS scales it up without smoothing.
    if (cell.canvas.width !== bitmap.width || cell.canvas.height !== bitmap.height) {
      cell.canvas.width = bitmap.width;
      cell.canvas.height = bitmap.height;
    }
    const ctx = cell.canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(bitmap, 0, 0, cell.canvas.width, cell.canvas.height);
    bitmap.close();
    cell.canvas.dataset.step = step;
    cell.canvas.setAttribute('aria-label', `${this.kind} image ${index}: ${cell.title}, step ${step}`);
  }
}
