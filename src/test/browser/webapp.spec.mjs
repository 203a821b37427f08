// Drives the Guidestream web app in Debian's Chromium (playwright-core, no browser download) against a running
// server. Usage: node webapp.spec.mjs <base URL> <screenshot folder> [chromium path]
// Prints one `RESULT {"name","ok","ms","detail"}` line per check and exits 0 only when every check passed.
// WebAppBrowserTest starts the server with tiny random models and runs this script.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, outDir = 'target/browser', executablePath = '/usr/bin/chromium'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node webapp.spec.mjs <base URL> [screenshot folder] [chromium path]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const TIMEOUT = 90_000; // generous: CI machines may be busy
const results = [];
const pageErrors = [];

async function check(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, ms: Date.now() - started, detail: detail ?? '' });
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - started, detail: String(e?.message ?? e).split('\n')[0] });
    await page.screenshot({ path: join(outDir, `failed-${name}.png`), fullPage: true }).catch(() => {});
  }
  console.log('RESULT ' + JSON.stringify(results[results.length - 1]));
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(TIMEOUT);
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
const offsite = [];
page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith(base.replace('http', 'ws'))
  && !r.url().startsWith('data:')) offsite.push(r.url()); });

async function open(view) {
  await page.goto(`${base}#${view}`);
  await page.waitForSelector('#connection[data-state="open"]');
  await page.waitForFunction(() => window.guidestream?.registry.models.length > 0);
}

const view = (name) => page.locator(`#view-${name}`);

async function waitForImageStep(scope, kind, minStep) {
  await scope.locator(`.grid[data-kind="${kind}"] canvas[data-index="0"]`)
    .evaluate((c, min) => new Promise((resolve) => {
      const poll = () => (Number(c.dataset.step) >= min ? resolve() : setTimeout(poll, 20));
      poll();
    }), minStep);
}

async function setGeneration(scope, { steps, batch, method, label }) {
  if (label !== undefined) await scope.getByLabel('Class', { exact: true }).selectOption(label);
  if (batch !== undefined) await scope.getByLabel('Images', { exact: true }).fill(String(batch));
  await scope.getByLabel('Steps', { exact: true }).fill(String(steps));
  if (method) await scope.getByLabel('Method', { exact: true }).selectOption(method);
}

await check('page-loads', async () => {
  await open('generate');
  const models = await view('generate').getByLabel('Model', { exact: true }).locator('option').allTextContents();
  assert(models.some((m) => m.startsWith('tiny-cond')), `tiny-cond is offered: ${models}`);
  assert(!models.some((m) => m.startsWith('tiny-clf')), 'classifiers are not offered as denoisers');
  const classifier = await view('generate').getByLabel('Classifier', { exact: true }).inputValue();
  assert(classifier === 'tiny-clf', `the model's default classifier is preselected, got ${classifier}`);
  return `models: ${models.join(', ')}`;
});

await check('every-control-labelled', async () => {
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((c) => c.labels.length === 0 && !c.getAttribute('aria-label')).map((c) => c.name || c.outerHTML));
  assert(unlabelled.length === 0, `controls without a label: ${unlabelled.join(', ')}`);
});

/** Records, in the page, every step counter and status text, and every drawn x_t of image 0 (step and pixels). */
async function recordProgress(name) {
  await page.evaluate((viewName) => {
    const root = document.getElementById(`view-${viewName}`);
    const rec = { counters: [], statuses: [], images: [] };
    new MutationObserver(() => rec.counters.push(root.querySelector('.counter').textContent))
      .observe(root.querySelector('.counter'), { childList: true, characterData: true, subtree: true });
    new MutationObserver(() => rec.statuses.push(root.querySelector('.job-status').textContent))
      .observe(root.querySelector('.job-status'), { childList: true, characterData: true, subtree: true });
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        const c = m.target;
        if (c.dataset.index === '0') rec.images.push({ step: Number(c.dataset.step), pixels: c.toDataURL() });
      }
    }).observe(root.querySelector('.grid[data-kind="xt"]'),
      { subtree: true, attributes: true, attributeFilter: ['data-step'] });
    window.recorded = rec;
  }, name);
}

await check('generate-streams-steps-and-images', async () => {
  const scope = view('generate');
  await setGeneration(scope, { steps: 30, batch: 1, method: 'classifier' });
  await recordProgress('generate');
  await scope.getByRole('button', { name: 'Generate', exact: true }).click();
  await scope.locator('.job-panel[data-state="done"]').waitFor();
  await waitForImageStep(scope, 'xt', 30); // the last frame may still be decoding
  const { counters, images } = await page.evaluate(() => window.recorded);
  const midRun = counters.filter((c) => /^step ([1-9]|[12]\d) \/ 30$/.test(c));
  assert(midRun.length >= 3, `the step counter advanced through the run: ${counters.join(', ')}`);
  assert(counters[counters.length - 1] === 'step 30 / 30', `the counter ends at 30 / 30: ${counters.at(-1)}`);
  const steps = images.map((i) => i.step);
  // Previews of a burst of steps collapse to the newest (by design), so expect some intermediate draws, not all.
  assert(steps.some((st) => st < 30) && steps.at(-1) === 30, `x_t drawn mid-run and at the end: steps ${steps}`);
  const distinct = new Set(images.map((i) => i.pixels)).size;
  assert(distinct >= 2, `x_t changed across steps (${distinct} distinct images over steps ${steps})`);
  await waitForImageStep(scope, 'x0', 30);
  const points = await page.evaluate(() => window.guidestream.views.generate.telemetry.entropy.series.get(0)
    .points.length);
  assert(points === 30, `the entropy plot has one point per step, got ${points}`);
  const label = await scope.locator('canvas[aria-label^="Classifier entropy"]').getAttribute('aria-label');
  assert(label.includes('Latest:'), `the entropy plot describes its latest values: ${label}`);
  await page.screenshot({ path: join(outDir, 'generate.png'), fullPage: true });
  return `counter at ${midRun.length} intermediate steps; x_t drawn at ${steps.length} steps, ${distinct} distinct`;
});

await check('cancel', async () => {
  const scope = view('generate');
  await setGeneration(scope, { steps: 1000, batch: 1, method: 'none' });
  await scope.getByRole('button', { name: 'Generate', exact: true }).click();
  await waitForImageStep(scope, 'xt', 2);
  await scope.getByRole('button', { name: 'Cancel', exact: true }).click();
  await scope.locator('.job-panel[data-state="cancelled"]').waitFor();
  const status = await scope.locator('.job-panel .job-status').textContent();
  const step = Number(await scope.locator('.job-panel').getAttribute('data-step'));
  assert(step < 1000, `cancelled before the end (step ${step})`);
  assert(await scope.getByRole('button', { name: 'Generate', exact: true }).isEnabled(), 'Generate is enabled again');
  await page.screenshot({ path: join(outDir, 'cancelled.png') });
  return status;
});

await check('resume-after-dropped-connection', async () => {
  const scope = view('generate');
  await setGeneration(scope, { steps: 40, batch: 1, method: 'entropy' });
  await recordProgress('generate');
  await scope.getByRole('button', { name: 'Generate', exact: true }).click();
  await waitForImageStep(scope, 'xt', 3);
  // Close the socket as a network drop would, and hold the page's reconnects until the job has moved on.
  const before = await page.evaluate(() => {
    const connection = window.guidestream.connection;
    const connect = connection.connect.bind(connection);
    connection.connect = () => {};
    window.releaseReconnect = () => {
      connection.connect = connect;
      connection.connect();
    };
    connection.ws.close(4000, 'test: connection dropped');
    return connection.jobs.values().next().value.lastStep;
  });
  await page.waitForSelector('#connection[data-state="waiting"]', { timeout: 5000 });
  await scope.locator('.job-panel[data-state="reconnecting"]').waitFor();
  await page.waitForTimeout(2500);
  await page.evaluate(() => window.releaseReconnect());
  await page.waitForSelector('#connection[data-state="open"]');
  await scope.locator('.job-panel[data-state="done"]').waitFor();
  const steps = await page.evaluate(() => window.guidestream.views.generate.telemetry.entropy.series.get(0)
    .points.map(([x]) => x));
  const missing = Array.from({ length: 40 }, (_, i) => i + 1).filter((s) => !steps.includes(s));
  assert(missing.length === 0, `every step arrived once across the reconnect; missing ${missing}`);
  assert(new Set(steps).size === steps.length, 'no step arrived twice');
  const { statuses } = await page.evaluate(() => window.recorded);
  const resumed = statuses.find((s) => s.startsWith('Reconnected: resumed at step'));
  assert(resumed, `the panel reported the resume: ${statuses.join(' | ')}`);
  assert(resumed.includes(`replaying from step ${before + 1})`), `missed steps were replayed from ${before + 1}: `
    + resumed);
  return `${resumed} All 40 steps plotted once.`;
});

await check('compare-two-configurations', async () => {
  await open('compare');
  const scope = view('compare');
  const configs = scope.locator('fieldset.config');
  assert(await configs.count() === 2, 'two configurations by default');
  const methods = [];
  for (const letter of ['A', 'B']) {
    const c = scope.locator(`fieldset.config[data-config="${letter}"]`);
    await c.getByLabel('Steps', { exact: true }).fill('10');
    methods.push(await c.getByLabel('Method', { exact: true }).inputValue());
  }
  assert(methods[0] === 'classifier' && methods[1] === 'entropy', `classifier vs entropy, got ${methods}`);
  await scope.getByRole('button', { name: 'Run comparison' }).click();
  const panels = scope.locator('#compare-columns .job-panel');
  await page.waitForFunction(() => document.querySelectorAll('#compare-columns .job-panel[data-state="done"]')
    .length === 2, null, { timeout: TIMEOUT });
  assert(await panels.count() === 2, 'one live panel per configuration');
  const series = await page.evaluate(() => {
    const plot = window.guidestream.views.compare.telemetry.scale;
    return [...plot.series.entries()].map(([k, s]) => [k, s.points.length, s.points[s.points.length - 1][1]]);
  });
  assert(series.length === 2 && series.every(([, n]) => n === 10), `both scale curves are complete: ${series}`);
  const seeds = await panels.locator('.job-status').allTextContents();
  assert(seeds.every((s) => s.startsWith('Done')), `both done: ${seeds}`);
  const legend = await scope.locator('figure.plot').first().locator('.legend li').allTextContents();
  assert(legend.length === 2 && legend[0].startsWith('A ·') && legend[1].startsWith('B ·'), `legend: ${legend}`);
  await page.screenshot({ path: join(outDir, 'compare.png'), fullPage: true });
  return `final scales ${series.map(([k, , v]) => `${k}=${v.toFixed(3)}`).join(', ')}`;
});

await check('models-list-and-card', async () => {
  await open('models');
  const scope = view('models');
  const names = await scope.locator('#model-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.model));
  for (const n of ['tiny-cond', 'tiny-uncond', 'tiny-clf', 'tiny-features']) assert(names.includes(n), `${n} listed`);
  await scope.getByRole('button', { name: 'tiny-cond', exact: true }).click();
  const card = scope.locator('#model-card');
  await card.getByRole('heading', { name: 'tiny-cond v1' }).waitFor();
  for (const h of ['Architecture', 'Training', 'Metrics', 'Evaluations']) {
    await card.getByRole('heading', { name: h, exact: true }).waitFor();
  }
  assert((await card.textContent()).includes('baseChannels'), 'the architecture is shown');
  await page.screenshot({ path: join(outDir, 'models.png'), fullPage: true });
  return `${names.length} models`;
});

await check('train-job-progress-and-cancel', async () => {
  await open('train');
  const scope = view('train');
  await scope.getByLabel('Publish as').fill('browser-clf');
  await scope.getByLabel('Objective').selectOption('ce');
  await scope.getByLabel('Steps', { exact: true }).fill('400');
  await scope.getByLabel('Batch', { exact: true }).fill('4');
  await scope.getByLabel('Checkpoint every').fill('400');
  assert(await scope.getByLabel('Even if worse').isHidden(), 'the override shows only with "Make it the default"');
  await scope.getByLabel('Make it the default').check();
  const posted = page.waitForRequest((r) => r.url().endsWith('/api/train') && r.method() === 'POST');
  await scope.getByRole('button', { name: 'Start training' }).click();
  const body = JSON.parse((await posted).postData());
  assert(body.publish === 'default' && body.allowWorse === undefined, `asks for the default: ${JSON.stringify(body)}`);
  const card = scope.locator('.job-card').first();
  await page.waitForFunction(() => {
    const c = document.querySelector('#train-jobs .job-card');
    return c?.dataset.state === 'running' && Number(c.querySelector('progress').value) >= 0.01;
  }, null, { timeout: TIMEOUT });
  const loss = await card.locator('.stats dd').first().textContent();
  assert(Number.isFinite(Number(loss)), `the loss is shown while it runs: ${loss}`);
  await card.getByRole('button', { name: 'Cancel' }).click();
  await scope.locator('.job-card[data-state="cancelled"]').first().waitFor();
  await card.getByRole('button', { name: 'Resume this run' }).click();
  const jobId = await card.getAttribute('data-job');
  assert(await scope.getByLabel('Resume job').inputValue() === jobId, 'Resume fills in the job id');
  await page.screenshot({ path: join(outDir, 'train.png'), fullPage: true });
  return `loss ${loss}; cancelled ${jobId}`;
});

await check('eval-job', async () => {
  await open('eval');
  const scope = view('eval');
  await scope.getByLabel('Model', { exact: true }).selectOption('tiny-cond');
  await scope.getByLabel('Samples n').fill('8');
  await scope.getByLabel('Batch', { exact: true }).fill('8');
  await scope.getByLabel('Steps', { exact: true }).fill('3');
  await scope.getByLabel('Method', { exact: true }).selectOption('entropy');
  await scope.getByLabel('Feature network').selectOption('tiny-features');
  await scope.getByRole('button', { name: 'Start evaluation' }).click();
  const card = scope.locator('.job-card').first();
  await scope.locator('.job-card[data-state="completed"] .eval-result').first().waitFor({ timeout: 90_000 });
  const fid = await card.locator('table.kv tr', { hasText: 'FID (Fashion features)' }).locator('td').textContent();
  assert(Number.isFinite(Number(fid.replace(/,/g, ''))), `FID shown: ${fid}`);
  const sfid = await card.locator('table.kv tr', { hasText: 'sFID' }).locator('td').textContent();
  assert(Number.isFinite(Number(sfid.replace(/,/g, ''))), `sFID shown: ${sfid}`);
  const samples = await card.locator('.grid.samples img').count();
  assert(samples === 8, `the sample grid shows the 8 samples, got ${samples}`);
  await page.screenshot({ path: join(outDir, 'eval.png'), fullPage: true });
  return `FID ${fid}, sFID ${sfid}, ${samples} samples`;
});

await check('eval-reports-compare', async () => {
  const scope = view('eval');
  // A second evaluation with another guidance and seed, so that there are two stored results to compare.
  await scope.getByLabel('Method', { exact: true }).selectOption('classifier');
  await scope.getByLabel('Seed', { exact: true }).fill('1');
  await scope.getByRole('button', { name: 'Start evaluation' }).click();
  await scope.locator('.job-card[data-state="completed"] .eval-result').nth(1).waitFor({ timeout: 90_000 });
  const rows = scope.locator('#eval-reports tbody tr');
  await rows.nth(1).waitFor({ timeout: 10_000 });
  const count = await rows.count();
  assert(count === 2, `the stored-evaluations table lists both runs, got ${count}`);
  const guidance = await rows.locator('td:nth-child(2)').allTextContents();
  assert(guidance.some((g) => g.startsWith('entropy')) && guidance.some((g) => g.startsWith('classifier')),
    `rows name their guidance: ${guidance}`);
  for (let i = 0; i < count; i++) await rows.nth(i).locator('input[type=checkbox]').check();
  await scope.getByRole('button', { name: 'Compare selected' }).click();
  const comparison = scope.locator('#eval-comparison');
  await comparison.locator('.compare-grid').nth(1).waitFor({ timeout: 10_000 });
  const plots = await comparison.locator('figure.plot').count();
  assert(plots === 4, `entropy, guidance strength, scale and precision-recall plots, got ${plots}`);
  const strength = await comparison.locator('figure.plot canvas').nth(1).getAttribute('aria-label');
  assert(/Latest: .*s=.*: \d/.test(strength), `the guidance-strength plot has both curves: ${strength}`);
  // The runs differ in their seed, so each label names it (else two seeds of one setting would read alike).
  const titles = await comparison.locator('.compare-grid h3').allTextContents();
  const seeds = new Set(titles.map((t) => /· seed (\d+)$/.exec(t)?.[1]));
  assert(seeds.size === 2 && seeds.has('1') && !seeds.has(undefined), `labels name the seeds: ${titles}`);
  // The precision-recall axes zoom to the points in steps of 0.05, within 0..1.
  const ranges = await page.evaluate(async () => {
    const { unitRange } = await import('/js/views/eval-reports.js');
    return [unitRange([0.913, 0.79]), unitRange([1, 1]), unitRange([0, 0]), unitRange([NaN])];
  });
  const expected = [[0.75, 0.95], [0.95, 1], [0, 0.05], [0, 1]];
  assert(ranges.every((r, i) => r.every((v, j) => Math.abs(v - expected[i][j]) < 1e-9)),
    `precision-recall axis ranges: ${JSON.stringify(ranges)}`);
  const images = await comparison.locator('.compare-grid img').count();
  assert(images === 16, `two sample grids of 8, got ${images}`);
  await page.screenshot({ path: join(outDir, 'eval-compare.png'), fullPage: true });
  return `${count} stored results compared; ${strength}`;
});

await check('narrow-screen', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const name of ['generate', 'compare', 'models']) {
    await open(name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `#${name} fits 390 px (overflows by ${overflow} px)`);
  }
  await open('generate');
  const scope = view('generate');
  await setGeneration(scope, { steps: 6, batch: 4, method: 'classifier' });
  await scope.getByLabel('Steps', { exact: true }).press('Enter'); // submits the form from the keyboard
  await scope.locator('.job-panel[data-state="done"]').waitFor();
  await page.screenshot({ path: join(outDir, 'generate-narrow.png'), fullPage: true });
  return 'no horizontal overflow; generated from the keyboard';
});

await check('no-page-errors', async () => {
  assert(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
  assert(offsite.length === 0, `requests to other hosts: ${offsite.join(', ')}`);
});

await browser.close();
const failed = results.filter((r) => !r.ok);
console.log(`${results.length - failed.length}/${results.length} checks passed`);
process.exit(failed.length === 0 ? 0 : 1);
