// The screenshots of docs/WEBAPP.md, taken with the shipped models: start `bin/serve`, then
//   cd src/test/browser && npm ci && node doc-shots.mjs http://localhost:8080/ ../../../docs/img
// It generates, reloads, downloads, opens a link in a fresh profile, evaluates and cancels, and writes webapp-*.png
// (and the downloaded grid as webapp-download.png). Not a test: the browser test (webapp.spec.mjs) checks all of it.

import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Harness, finalImages, ready, setGeneration, waitForImageStep } from './harness.mjs';

const [base, outDir] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
const h = new Harness({ browser, page: await context.newPage(), base, outDir });
const { page } = h;
const generate = h.view('generate');
const shot = (name, target = page) => target.screenshot({ path: join(outDir, name) });

// A run of the class-conditional model, reloaded in the middle: it is re-attached and plotted whole.
await h.open('generate');
await setGeneration(generate, { model: 'fashion-cond', steps: 50, batch: 4, method: 'entropy', label: 'each' });
await generate.getByLabel('Seed', { exact: true }).fill('42');
await generate.getByRole('button', { name: 'Generate', exact: true }).click();
await waitForImageStep(generate, 'xt', 20);
await page.reload();
await generate.locator('.job-panel[data-state="running"]').waitFor();
await page.waitForFunction(() => document.querySelector('#view-generate .job-status').textContent
  .startsWith('Reconnected: resumed'));
await shot('webapp-reattach.png');
await generate.locator('.job-panel[data-state="done"]').waitFor();
const finals = await finalImages(generate, 50, 4);

// The link of that run, opened in a fresh profile, and run again.
const url = page.url();
const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const shared = await other.newPage();
await shared.goto(url);
await ready(shared);
await shared.waitForFunction(() => document.querySelector('#view-generate [name=seed]').value === '42');
await h.view('generate', shared).getByRole('button', { name: 'Generate', exact: true }).click();
await h.view('generate', shared).locator('.job-panel[data-state="done"]').waitFor();
const again = await finalImages(h.view('generate', shared), 50, 4);
console.log(`the link reproduced the images: ${again.every((p, i) => p === finals[i])}`);
await shot('webapp-shared-link.png', shared);
await other.close();

// The images as a PNG with the settings, and one of them zoomed with its trajectory.
const [file] = await Promise.all([page.waitForEvent('download'),
  generate.getByRole('button', { name: 'Download the images (PNG)' }).click()]);
await copyFile(await file.path(), join(outDir, 'webapp-download.png'));

// A busy server: a comparison's two jobs share the sampler with this run.
await h.open('compare');
const compare = h.view('compare');
await compare.getByLabel('Model', { exact: true }).selectOption('fashion-cond');
for (const c of ['A', 'B']) {
  await compare.locator(`fieldset.config[data-config="${c}"]`).getByLabel('Steps', { exact: true }).fill('200');
}
await compare.getByRole('button', { name: 'Run comparison' }).click();
await h.open('generate');
await generate.getByRole('button', { name: 'Generate', exact: true }).click();
await generate.locator('.job-panel .load:not([hidden])').waitFor();
await generate.locator('.job-panel').screenshot({ path: join(outDir, 'webapp-busy.png') });
await generate.getByRole('button', { name: 'Cancel', exact: true }).click();
await h.open('compare');
await compare.getByRole('button', { name: 'Cancel all' }).click();

// The blur model's readings.
await h.open('generate');
await setGeneration(generate, { model: 'fashion-blur', steps: 50, batch: 4, label: 'each' });
await generate.getByRole('button', { name: 'Generate', exact: true }).click();
await generate.locator('.job-panel[data-state="done"]').waitFor();
await page.evaluate(() => window.scrollTo(0, 0));
await shot('webapp-blur.png');
// One of its images zoomed, at an early step of its trajectory.
await generate.locator('.grid[data-kind="x0"] .cell').nth(2).click();
await page.locator('dialog.zoom .zoom-image[data-step="50"]').waitFor();
await page.locator('dialog.zoom .strip canvas').nth(4).click();
await page.locator('dialog.zoom .zoom-image:not([data-step="50"])').waitFor();
await shot('webapp-zoom.png');
await page.locator('dialog.zoom').getByRole('button', { name: 'Close' }).click();

// The gallery after a reload.
await page.reload();
await h.open('gallery');
await h.view('gallery').locator('.gallery-entry').first().waitFor();
await shot('webapp-gallery.png');

// Evaluate: the shipped evaluations, their trade-off, and a cancel whose answer arrives after the job's end.
await h.open('eval');
const evaluate = h.view('eval');
await evaluate.getByLabel('Model', { exact: true }).selectOption('fashion-cond');
await evaluate.locator('#eval-tradeoff:not([hidden])').waitFor();
await evaluate.locator('#eval-tradeoff').scrollIntoViewIfNeeded();
await shot('webapp-eval-tradeoff.png');
await evaluate.getByLabel('Samples n').fill('2000');
await evaluate.getByRole('button', { name: 'Start evaluation' }).click();
const card = evaluate.locator('.job-card').first();
await page.waitForFunction(() => Number(document.querySelector('#eval-jobs .job-card progress')?.value) > 0, null,
  { timeout: 600_000 });
const jobId = await card.getAttribute('data-job');
await page.route('**/api/eval/*/cancel', async (route) => {
  const response = await route.fetch();
  await page.waitForFunction((id) => document.querySelector(`.job-card[data-job="${id}"]`)?.dataset.state
    === 'cancelled', jobId, { timeout: 600_000 });
  await route.fulfill({ response, json: { ...(await response.json()), state: 'running', etaSeconds: 23 } });
});
await card.getByRole('button', { name: 'Cancel' }).click();
await evaluate.locator(`.job-card[data-job="${jobId}"][data-cancel="answered"]`).waitFor({ timeout: 600_000 });
await card.screenshot({ path: join(outDir, 'webapp-cancel-race.png') });

await page.setViewportSize({ width: 390, height: 844 });
await evaluate.locator('#eval-reports tr[data-key]').first().scrollIntoViewIfNeeded();
await shot('webapp-eval-phone.png');
await browser.close();
console.log(`page errors: ${h.pageErrors.length ? h.pageErrors.join(' | ') : 'none'}`);
