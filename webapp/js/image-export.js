// Images out of the page: grids and trajectory strips drawn upscaled with hard pixel edges (a 28 px image is
// unreadable at its own size), saved as PNGs that carry the run's settings in text chunks.

import { asciiJson, withText } from './png.js';

/** Decoded images of PNG blobs (null stays null). */
export function decode(blobs) {
  return Promise.all(blobs.map((b) => (b ? createImageBitmap(b) : null)));
}

/**
 * A canvas of images in rows (rows[r][c], each an ImageBitmap or null), every image `scale` times its size, `gap`
 * pixels apart on a dark background.
 */
export function tile(rows, { scale = 8, gap = 4 } = {}) {
  const first = rows.flat().find(Boolean);
  const w = (first?.width ?? 28) * scale;
  const h = (first?.height ?? 28) * scale;
  const cols = Math.max(1, ...rows.map((r) => r.length));
  const canvas = document.createElement('canvas');
  canvas.width = cols * w + (cols + 1) * gap;
  canvas.height = rows.length * h + (rows.length + 1) * gap;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#222';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  rows.forEach((row, r) => row.forEach((img, c) => {
    if (img) ctx.drawImage(img, gap + c * (w + gap), gap + r * (h + gap), w, h);
  }));
  return canvas;
}

/** Images as a grid of `cols` columns. */
export function grid(images, cols, options) {
  const rows = [];
  for (let i = 0; i < images.length; i += cols) rows.push(images.slice(i, i + cols));
  return tile(rows, options);
}

/**
 * The canvas as a PNG whose tEXt chunks say how it was made: Title (one line), Software, Description (what the
 * picture shows) and `guidestream`, the settings as JSON (the `generate` request that reproduces it).
 */
export async function pngWithSettings(canvas, { title, description, settings }) {
  const png = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  return withText(png, { Title: title, Software: 'Guidestream', Description: description,
    guidestream: asciiJson(settings) });
}

/**
 * Saves PNG blobs as one grid of up to eight a row, upscaled, with the settings of the run (`run`: {title, settings,
 * modelVersion}) in its text chunks; `what` describes the images, `suffix` ends the file name.
 */
export async function saveGrid(blobs, run, what, suffix) {
  const images = await decode(blobs);
  const canvas = grid(images, Math.min(images.length, 8));
  save(await pngWithSettings(canvas, { title: run.title, description: what, settings: run.settings }),
    fileName(run.settings, run.modelVersion, suffix));
}

/** Saves a blob under a file name (the browser's download). */
export function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "guidestream-tiny-cond-v1-seed42" and a suffix: a file name that says what it holds. */
export function fileName(settings, modelVersion, suffix) {
  const base = `guidestream-${settings.model}${modelVersion ? `-v${modelVersion}` : ''}`
    + `${settings.seed !== undefined ? `-seed${settings.seed}` : ''}`;
  return `${base}-${suffix}.png`.replace(/[^A-Za-z0-9._-]/g, '_');
}
