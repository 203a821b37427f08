// What every check of the browser test shares: the page, a check runner that prints one RESULT line per check and
// screenshots failures, assertions, and the moves checks make on the page.

import { join } from 'node:path';

export const TIMEOUT = 90_000; // generous: CI machines may be busy

export class Harness {
  constructor({ browser, page, base, outDir }) {
    this.browser = browser;
    this.page = page;
    this.base = base;
    this.outDir = outDir;
    this.results = [];
    this.pageErrors = [];
    this.offsite = [];
    this.watch(page);
  }

  /** Records page errors and requests to other hosts of a page (a check may open more than one). */
  watch(page) {
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') this.pageErrors.push(m.text()); });
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(this.base) && !url.startsWith(this.base.replace('http', 'ws')) && !url.startsWith('data:')
        && !url.startsWith('blob:')) this.offsite.push(url);
    });
    page.on('dialog', (d) => d.accept()); // confirm() before deleting
    return page;
  }

  /** Runs one check, unless ONLY (a comma list of check names) leaves it out. */
  async check(name, fn) {
    if (process.env.ONLY && !process.env.ONLY.split(',').includes(name)) return;
    const started = Date.now();
    let result;
    try {
      const detail = await fn();
      result = { name, ok: true, ms: Date.now() - started, detail: detail ?? '' };
    } catch (e) {
      result = { name, ok: false, ms: Date.now() - started, detail: String(e?.message ?? e).split('\n')[0] };
      await this.page.screenshot({ path: join(this.outDir, `failed-${name}.png`), fullPage: true }).catch(() => {});
      // A failed check may leave the image viewer open, which would block every later check's clicks.
      await this.page.evaluate(() => document.querySelectorAll('dialog[open]').forEach((d) => d.close()))
        .catch(() => {});
    }
    this.results.push(result);
    console.log('RESULT ' + JSON.stringify(result));
  }

  shot(name, options = {}) {
    return this.page.screenshot({ path: join(this.outDir, name), ...options });
  }

  view(name, page = this.page) {
    return page.locator(`#view-${name}`);
  }

  /** Opens a view (optionally with settings after "?") and waits for the socket and the model list. */
  async open(view, page = this.page) {
    await page.goto(`${this.base}#${view}`);
    await ready(page);
  }
}

export async function ready(page) {
  await page.waitForSelector('#connection[data-state="open"]');
  await page.waitForFunction(() => window.guidestream?.registry.models.length > 0);
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export async function waitForImageStep(scope, kind, minStep, index = 0) {
  await scope.locator(`.grid[data-kind="${kind}"] canvas[data-index="${index}"]`)
    .evaluate((c, min) => new Promise((resolve) => {
      const poll = () => (Number(c.dataset.step) >= min ? resolve() : setTimeout(poll, 20));
      poll();
    }), minStep);
}

export async function setGeneration(scope, { model, steps, batch, method, label }) {
  if (model) await scope.getByLabel('Model', { exact: true }).selectOption(model);
  if (method) await scope.getByLabel('Method', { exact: true }).selectOption(method);
  if (label !== undefined) await scope.getByLabel('Class', { exact: true }).selectOption(label);
  if (batch !== undefined) await scope.getByLabel('Images', { exact: true }).fill(String(batch));
  if (steps !== undefined) await scope.getByLabel('Steps', { exact: true }).fill(String(steps));
}

/** Records, in the page, every step counter and status text, and every drawn x_t of image 0 (step and pixels). */
export async function recordProgress(page, name) {
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

/** The pixels of a view's final x_t images (data URLs), once the last step's frames are drawn. */
export async function finalImages(scope, steps, batch) {
  for (let i = 0; i < batch; i++) await waitForImageStep(scope, 'xt', steps, i);
  return scope.locator('.grid[data-kind="xt"] canvas').evaluateAll((cs) => cs.map((c) => c.toDataURL()));
}
