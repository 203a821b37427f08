// A grid of small canvases, one per image of a job, drawn from PNG frames. A cell remembers the step it shows, so a
// preview that finishes decoding late never overwrites a newer one. Each cell is a button that opens the image
// larger (`onOpen(index)`).

import { el } from './dom.js';

/**
 * Draws a decoded image into a canvas that takes the image's own size (28×28 grey, 32×32 RGB, …); CSS scales it up
 * without smoothing.
 */
export function drawAtOwnSize(canvas, bitmap) {
  if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
  }
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(bitmap, 0, 0);
}

export class ImageGrid {
  constructor(caption, kind, onOpen = null) {
    this.kind = kind;
    this.onOpen = onOpen;
    this.cells = [];
    this.grid = el('div', { class: 'grid', 'data-kind': kind });
    this.element = el('figure', { class: 'images' }, el('figcaption', {}, ...caption), this.grid);
  }

  /** n cells titled by titleOf(i). */
  reset(n, titleOf, size = 28) {
    this.cells = Array.from({ length: n }, (_, i) => {
      const canvas = el('canvas', { width: size, height: size, 'data-index': i, 'data-step': 0, 'aria-hidden': 'true' });
      return { canvas, step: -1, title: titleOf(i) };
    });
    this.grid.style.setProperty('--cols', Math.min(n, 4));
    this.grid.replaceChildren(...this.cells.map((c, i) => el('button', { type: 'button', class: 'cell',
      'aria-label': `${this.kind} image ${i}: ${c.title}; open it larger`, onclick: () => this.onOpen?.(i) },
    c.canvas, el('span', { class: 'cell-label' }, `${i} · ${c.title}`))));
  }

  async draw(index, step, png) {
    const cell = this.cells[index];
    if (!cell || step <= cell.step) return;
    const bitmap = await createImageBitmap(png);
    if (step <= cell.step) return; // a newer frame was decoded first
    cell.step = step;
    drawAtOwnSize(cell.canvas, bitmap);
    bitmap.close();
    cell.canvas.dataset.step = step;
  }
}
