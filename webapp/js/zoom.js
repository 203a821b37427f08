// The image viewer: any image of a run, large and with hard pixel edges, its trajectory step by step (a slider, a
// strip of frames and playback), and downloads of the image and the strip as PNGs with the run's settings. One
// <dialog> for the page; Escape closes it, ← and → move between images.

import { el } from './dom.js';
import { drawAtOwnSize } from './image-grid.js';
import { decode, fileName, pngWithSettings, save, tile } from './image-export.js';

const KIND_NAMES = { xt: 'xₜ (noisy state)', x0: 'x̂0 (clean estimate)' };
const STRIP_FRAMES = 24;
const SCALE = 12;

/** At most n items of a list, evenly spaced, first and last kept. */
function spaced(list, n) {
  if (list.length <= n) return list;
  return Array.from({ length: n }, (_, i) => list[Math.round((i * (list.length - 1)) / (n - 1))]);
}

class ZoomViewer {
  constructor() {
    this.bitmaps = new WeakMap();
    this.heading = el('h2', { id: 'zoom-title' });
    this.canvas = el('canvas', { class: 'zoom-image', width: 28, height: 28, role: 'img' });
    this.note = el('p', { class: 'note zoom-settings' });
    this.kinds = el('div', { class: 'buttons kinds', role: 'group', 'aria-label': 'Which image' });
    this.slider = el('input', { type: 'range', min: 0, max: 0, value: 0, 'aria-label': 'Step' });
    this.stepLabel = el('output', { class: 'counter' });
    this.play = el('button', { type: 'button', class: 'secondary small', onclick: () => this.togglePlay() }, 'Play');
    this.strip = el('div', { class: 'strip', 'aria-label': 'Trajectory' });
    this.player = el('div', { class: 'player' }, el('div', { class: 'progress-row' }, this.slider, this.stepLabel,
      this.play), el('p', { class: 'note' }, 'The trajectory: click a frame to look at it.'), this.strip);
    const button = (text, onclick, cls = 'secondary small') => el('button', { type: 'button', class: cls, onclick },
      text);
    this.prev = button('← Previous image', () => this.show(this.index - 1));
    this.next = button('Next image →', () => this.show(this.index + 1));
    this.downloadStrip = button('Download trajectory strip', () => this.saveStrip());
    this.dialog = el('dialog', { class: 'zoom', 'aria-labelledby': 'zoom-title' },
      el('header', {}, this.heading, button('Close', () => this.dialog.close(), 'small')),
      el('div', { class: 'zoom-body' }, this.canvas, el('div', { class: 'zoom-side' }, this.note, this.kinds,
        this.player, el('div', { class: 'buttons' }, button('Download image', () => this.saveImage(), 'small'),
          this.downloadStrip), el('div', { class: 'buttons' }, this.prev, this.next))));
    this.slider.addEventListener('input', () => this.showFrame(Number(this.slider.value)));
    this.dialog.addEventListener('keydown', (e) => this.onKey(e));
    this.dialog.addEventListener('close', () => this.stop());
    document.body.append(this.dialog);
  }

  /**
   * Opens on image `index` of `items` ([{label, frames: {xt: [{step, png}], x0: […]}}]), showing `kind`; `run` says
   * what made them: {title, settings (the request), modelVersion}.
   */
  open({ items, index = 0, kind = 'xt', run }) {
    this.items = items;
    this.run = run;
    this.kind = kind;
    this.note.textContent = run.title;
    if (!this.dialog.open) this.dialog.showModal();
    this.show(index);
  }

  show(index) {
    if (!this.items?.length) return;
    this.stop();
    this.index = (index + this.items.length) % this.items.length;
    const item = this.items[this.index];
    this.heading.textContent = `Image ${this.index} · ${item.label}`;
    const kinds = Object.keys(KIND_NAMES).filter((k) => item.frames[k]?.length);
    if (!kinds.includes(this.kind)) this.kind = kinds[0];
    this.kinds.replaceChildren(...(kinds.length > 1 ? kinds.map((k) => el('button', { type: 'button',
      class: `small${k === this.kind ? '' : ' secondary'}`, 'aria-pressed': String(k === this.kind),
      onclick: () => { this.kind = k; this.show(this.index); } }, KIND_NAMES[k])) : []));
    this.prev.hidden = this.items.length < 2;
    this.next.hidden = this.items.length < 2;
    const frames = this.frames();
    this.player.hidden = frames.length < 2;
    this.downloadStrip.hidden = frames.length < 2;
    this.slider.max = Math.max(0, frames.length - 1);
    this.renderStrip(frames);
    this.showFrame(frames.length - 1);
  }

  frames() {
    return this.items[this.index].frames[this.kind] ?? [];
  }

  async bitmap(png) {
    if (!this.bitmaps.has(png)) this.bitmaps.set(png, createImageBitmap(png));
    return this.bitmaps.get(png);
  }

  async showFrame(i) {
    const frames = this.frames();
    const frame = frames[i];
    if (!frame) return;
    this.frameIndex = i;
    this.slider.value = i;
    const last = frames.at(-1).step;
    this.stepLabel.textContent = frame.step > 0 ? `step ${frame.step} / ${last}` : '';
    this.strip.querySelectorAll('canvas').forEach((c) => c.classList.toggle('current', Number(c.dataset.frame) === i));
    const bitmap = await this.bitmap(frame.png);
    if (this.frameIndex !== i || this.frames() !== frames) return; // moved on while decoding
    drawAtOwnSize(this.canvas, bitmap);
    this.canvas.dataset.step = frame.step;
    this.canvas.setAttribute('aria-label', `${this.heading.textContent}, ${KIND_NAMES[this.kind]}, step ${frame.step}`);
  }

  renderStrip(frames) {
    const shown = frames.length < 2 ? [] : spaced(frames.map((f, i) => ({ ...f, i })), STRIP_FRAMES);
    this.strip.replaceChildren(...shown.map((f) => {
      const c = el('canvas', { width: 28, height: 28, 'data-frame': f.i, title: `step ${f.step}`, tabindex: 0,
        role: 'button', 'aria-label': `step ${f.step}`, onclick: () => this.showFrame(f.i),
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.showFrame(f.i); } } });
      this.bitmap(f.png).then((b) => drawAtOwnSize(c, b));
      return c;
    }));
  }

  togglePlay() {
    if (this.timer) {
      this.stop();
      return;
    }
    const frames = this.frames();
    if (this.frameIndex >= frames.length - 1) this.showFrame(0);
    this.play.textContent = 'Pause';
    this.timer = setInterval(() => {
      if (this.frameIndex >= this.frames().length - 1) this.stop();
      else this.showFrame(this.frameIndex + 1);
    }, 90);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = 'Play';
  }

  onKey(e) {
    if (e.target === this.slider) return; // the slider's own arrows move through the steps
    if (e.key === 'ArrowLeft') this.show(this.index - 1);
    else if (e.key === 'ArrowRight') this.show(this.index + 1);
    else return;
    e.preventDefault();
  }

  /** What a downloaded file says about itself. */
  meta(what) {
    return { title: `${what} · ${this.run.title}`, description: what, settings: this.run.settings };
  }

  async saveImage() {
    const frame = this.frames()[this.frameIndex];
    const [bitmap] = await decode([frame.png]);
    const canvas = tile([[bitmap]], { scale: SCALE, gap: 0 });
    const what = `image ${this.index} (${this.items[this.index].label}), ${this.kind} at step ${frame.step}`;
    save(await pngWithSettings(canvas, this.meta(what)), fileName(this.run.settings, this.run.modelVersion,
      `img${this.index}-${this.kind}-step${frame.step}`));
  }

  async saveStrip() {
    const frames = spaced(this.frames(), STRIP_FRAMES);
    const canvas = tile([await decode(frames.map((f) => f.png))], { scale: 4, gap: 2 });
    const what = `trajectory of image ${this.index} (${this.items[this.index].label}), ${this.kind} at steps `
      + frames.map((f) => f.step).join(', ');
    save(await pngWithSettings(canvas, this.meta(what)), fileName(this.run.settings, this.run.modelVersion,
      `img${this.index}-${this.kind}-trajectory`));
  }
}

let viewer = null;

/** The page's one viewer, made on first use. */
export function zoom() {
  viewer ??= new ZoomViewer();
  return viewer;
}
