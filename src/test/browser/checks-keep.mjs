// What a run leaves behind: a link that reproduces it, PNG downloads that carry its settings, and a gallery entry
// that survives a reload and can be reused.

import { readFile } from 'node:fs/promises';
import { assert, finalImages, ready, setGeneration } from './harness.mjs';
import { readPng } from './png.mjs';

const RUN = { steps: 12, batch: 2, method: 'entropy', label: '3', seed: '7' };

/** Clicks what starts a download and reads the file as a PNG. */
async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), png: readPng(await readFile(await file.path())) };
}

export async function keepChecks(h) {
  const { page } = h;
  const scope = h.view('generate');
  let url;
  let finals;

  await h.check('shared-url-reproduces-a-run', async () => {
    await h.open('generate');
    await setGeneration(scope, { model: 'tiny-cond', ...RUN });
    await scope.getByLabel('Seed', { exact: true }).fill(RUN.seed);
    await scope.getByRole('button', { name: 'Generate', exact: true }).click();
    await scope.locator('.job-panel[data-state="done"]').waitFor();
    finals = await finalImages(scope, RUN.steps, RUN.batch);
    url = page.url();
    for (const part of ['model=tiny-cond', 'label=3', 'batch=2', 'seed=7', 'steps=12', 'method=entropy']) {
      assert(url.includes(part), `the URL holds ${part}: ${url}`);
    }
    // A fresh browser profile (no storage) opening the link gets the same form, and the same images.
    const other = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const shared = h.watch(await other.newPage());
      await shared.goto(url);
      await ready(shared);
      const form = h.view('generate', shared);
      await shared.waitForFunction(() => document.querySelector('#view-generate [name=seed]').value === '7');
      const values = await Promise.all(['Images', 'Seed', 'Steps', 'Method', 'Class'].map((l) => form
        .getByLabel(l, { exact: true }).inputValue()));
      assert(values.join() === '2,7,12,entropy,3', `the link restores the form: ${values}`);
      await form.getByRole('button', { name: 'Generate', exact: true }).click();
      await form.locator('.job-panel[data-state="done"]').waitFor();
      const again = await finalImages(form, RUN.steps, RUN.batch);
      assert(again.length === 2 && again.every((p, i) => p === finals[i]), 'the link reproduces the images pixel for '
        + 'pixel');
      await shared.screenshot({ path: `${h.outDir}/shared-url.png` });
    } finally {
      await other.close();
    }
    return url.slice(url.indexOf('#'));
  });

  await h.check('downloads-are-pngs-with-the-settings', async () => {
    const grid = await download(page, () => scope.getByRole('button', { name: 'Download the images (PNG)' }).click());
    assert(grid.png.width === 2 * 224 + 3 * 4 && grid.png.height === 224 + 2 * 4,
      `two images upscaled 8× (28 → 224 px): ${grid.png.width}×${grid.png.height}`);
    const settings = JSON.parse(grid.png.text.guidestream);
    assert(settings.model === 'tiny-cond' && settings.seed === 7 && settings.sampler.steps === 12
      && settings.guidance.method === 'entropy' && settings.label.join() === '3,3' && settings.batch === 2,
    `the settings that reproduce the run: ${grid.png.text.guidestream}`);
    assert(grid.png.text.Title.startsWith('tiny-cond v1 · 3 Dress · DDIM 12'), `a title: ${grid.png.text.Title}`);
    assert(grid.name === 'guidestream-tiny-cond-v1-seed7-images.png', `a file name that says what it is: ${grid.name}`);
    // The zoomed view: any image, any step, and its trajectory as a strip.
    await scope.locator('.grid[data-kind="x0"] .cell').nth(1).click();
    const dialog = page.locator('dialog.zoom');
    await dialog.locator('.zoom-image[data-step="12"]').waitFor();
    const one = await download(page, () => dialog.getByRole('button', { name: 'Download image' }).click());
    assert(one.png.width === 336 && one.png.height === 336, `one image at 12×: ${one.png.width}×${one.png.height}`);
    assert(one.png.text.Description.includes('image 1 (Dress), x0 at step 12'), one.png.text.Description);
    const frames = await dialog.locator('.strip canvas').count();
    const strip = await download(page, () => dialog.getByRole('button', { name: 'Download trajectory strip' }).click());
    assert(frames >= 2 && strip.png.width === frames * 112 + (frames + 1) * 2 && strip.png.height === 116,
      `a strip of the ${frames} frames at 4×: ${strip.png.width}×${strip.png.height}`);
    assert(JSON.parse(strip.png.text.guidestream).seed === 7, 'the strip carries the settings too');
    await h.shot('zoom.png');
    await dialog.getByRole('button', { name: 'Close' }).click();
    return `${grid.name} ${grid.png.width}×${grid.png.height}, tEXt ${Object.keys(grid.png.text).join(', ')}; `
      + `zoom ${one.png.width}² and a strip of ${frames}`;
  });

  await h.check('gallery-across-reload', async () => {
    const before = await page.evaluate(async () => (await window.guidestream.gallery.all()).length);
    await page.reload();
    await h.open('gallery');
    const gallery = h.view('gallery');
    const cards = gallery.locator('.gallery-entry');
    await cards.first().waitFor();
    assert(await cards.count() === before, `the ${before} runs are still there after a reload`);
    const first = cards.first();
    const settings = await first.locator('.settings').textContent();
    assert(settings === 'tiny-cond v1 · 3 Dress · DDIM 12 η 0 · entropy s=2, h_min 0.1 (tiny-clf) · seed 7',
      `the newest run's full settings, model version and seed: ${settings}`);
    await first.locator('.cell').first().click();
    const dialog = page.locator('dialog.zoom');
    const frames = Number(await dialog.locator('input[type=range]').getAttribute('max')) + 1;
    assert(frames >= 2, `the run's trajectory came back from storage: ${frames} frames`);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await h.shot('gallery.png');
    await first.getByRole('button', { name: 'Reuse these settings' }).click();
    await page.waitForFunction(() => location.hash.startsWith('#generate?') && location.hash.includes('seed=7'));
    const values = await Promise.all(['Seed', 'Steps', 'Method', 'Class', 'Images'].map((l) => scope
      .getByLabel(l, { exact: true }).inputValue()));
    assert(values.join() === '7,12,entropy,3,2', `Generate has the run's settings again: ${values}`);
    await h.open('gallery');
    await cards.first().getByRole('button', { name: 'Same seed, other method' }).click();
    const compare = h.view('compare');
    await page.waitForFunction(() => location.hash.startsWith('#compare?'));
    const methods = await compare.locator('fieldset.config [name=method]').evaluateAll((s) => s.map((m) => m.value));
    const seed = await compare.getByLabel('Seed', { exact: true }).inputValue();
    assert(methods.join() === 'entropy,classifier' && seed === '7', `A is the run, B another method: ${methods}`);
    return `${before} runs kept; trajectory of ${frames} frames; reused; compared with ${methods[1]}`;
  });
}
