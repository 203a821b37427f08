// Gallery: every finished generation of this browser (gallery-store.js), newest first, with its final images (each
// opens larger with its trajectory), its full settings, model version and seed; it can fill Generate with the same
// settings, open Compare on the same seed with another method, download its images, or go.

import { drawAtOwnSize } from '../image-grid.js';
import { className } from '../defaults.js';
import { el } from '../dom.js';
import { saveGrid } from '../image-export.js';
import { gallery } from '../gallery-store.js';
import { Trajectory } from '../trajectory.js';
import { zoom } from '../zoom.js';

function when(iso) {
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export class GalleryView {
  /** actions: {reuse(settings, numClasses), otherMethod(settings, numClasses)} */
  constructor(actions) {
    this.actions = actions;
    this.status = el('p', { class: 'note', role: 'status' });
    this.list = el('div', { class: 'gallery', id: 'gallery-list' });
    this.clear = el('button', { type: 'button', class: 'secondary small', onclick: () => this.clearAll() },
      'Clear the gallery');
    this.element = el('div', { class: 'gallery-view' },
      el('h2', {}, 'Gallery ', this.clear),
      el('p', { class: 'note' }, 'Every generation that finished in this browser, kept here (not on the server) '
        + 'across reloads: the final images, the settings that reproduce them, the model version and the seed. Click '
        + 'an image to see it larger, with its trajectory.'),
      this.status, this.list);
    gallery.addEventListener('change', () => this.refresh());
    this.refresh();
  }

  onModels() {}

  async refresh() {
    let entries;
    try {
      entries = await gallery.all();
    } catch (e) {
      this.status.textContent = `The gallery cannot be read in this browser: ${e?.message ?? e}`;
      return;
    }
    this.status.textContent = entries.length ? `${entries.length} run${entries.length > 1 ? 's' : ''}, newest first.`
      : 'Nothing yet: finished runs of Generate and Compare appear here.';
    this.clear.disabled = entries.length === 0;
    this.list.replaceChildren(...entries.map((e) => this.card(e)));
  }

  card(entry) {
    const { settings, accepted, numClasses } = entry;
    const label = (i) => className(settings.label[i], numClasses);
    const thumbs = entry.finals.map((png, i) => {
      const canvas = el('canvas', { width: 28, height: 28, 'aria-hidden': 'true' });
      if (png) createImageBitmap(png).then((b) => drawAtOwnSize(canvas, b));
      return el('button', { type: 'button', class: 'cell', 'aria-label': `image ${i}, ${label(i)}; open it larger`,
        onclick: () => this.open(entry, i) }, canvas);
    });
    const button = (text, onclick, cls = 'secondary small') => el('button', { type: 'button', class: cls, onclick },
      text);
    return el('article', { class: 'gallery-entry', 'data-id': entry.id },
      el('h3', {}, `${entry.source} · ${when(entry.created)}`),
      el('p', { class: 'settings' }, entry.title),
      el('div', { class: 'grid thumbs' }, ...thumbs),
      el('p', { class: 'note', title: `job ${accepted?.jobId ?? '?'}` }, `${accepted?.steps ?? '?'} steps on `
        + `${accepted?.node ?? '?'}`),
      el('div', { class: 'buttons' },
        button('Reuse these settings', () => this.actions.reuse(settings, numClasses), 'small'),
        button('Same seed, other method', () => this.actions.otherMethod(settings, numClasses)),
        button('Download images', () => this.download(entry)),
        button('Delete', () => gallery.remove(entry.id), 'secondary small danger')));
  }

  open(entry, index) {
    const trajectory = Trajectory.from(entry.trajectory);
    const items = entry.finals.map((png, i) => ({ label: className(entry.settings.label[i], entry.numClasses),
      frames: { xt: trajectory.frames.xt[i]?.length ? trajectory.frames.xt[i] : [{ step: 0, png }],
        x0: trajectory.frames.x0[i] ?? [] } }));
    zoom().open({ items, index, run: { title: entry.title, settings: entry.settings,
      modelVersion: entry.accepted?.modelVersion } });
  }

  download(entry) {
    return saveGrid(entry.finals, { title: entry.title, settings: entry.settings,
      modelVersion: entry.accepted?.modelVersion }, `${entry.finals.length} final images`, 'images');
  }

  async clearAll() {
    if (window.confirm('Remove every run from this browser\'s gallery? It cannot be undone.')) await gallery.clear();
  }
}
