// Live generation: the page loads and labels its controls, streams a run, cancels, resumes after a dropped
// connection and after a reload, compares two configurations, and shows what each model has to show (a blur model's
// schedule, sixteen readable series, no class for an unconditional unguided run).

import { assert, recordProgress, setGeneration, waitForImageStep } from './harness.mjs';

export async function liveChecks(h) {
  const { page } = h;
  const view = (name) => h.view(name);

  await h.check('page-loads', async () => {
    await h.open('generate');
    const models = await view('generate').getByLabel('Model', { exact: true }).locator('option').allTextContents();
    assert(models.some((m) => m.startsWith('tiny-cond')), `tiny-cond is offered: ${models}`);
    assert(!models.some((m) => m.startsWith('tiny-clf')), 'classifiers are not offered as denoisers');
    const classifier = await view('generate').getByLabel('Classifier', { exact: true }).inputValue();
    assert(classifier === 'tiny-clf', `the model's default classifier is preselected, got ${classifier}`);
    return `models: ${models.join(', ')}`;
  });

  await h.check('every-control-labelled', async () => {
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((c) => c.labels.length === 0 && !c.getAttribute('aria-label')).map((c) => c.name || c.outerHTML));
    assert(unlabelled.length === 0, `controls without a label: ${unlabelled.join(', ')}`);
  });

  await h.check('generate-streams-steps-and-images', async () => {
    const scope = view('generate');
    await setGeneration(scope, { steps: 30, batch: 1, method: 'classifier' });
    await recordProgress(page, 'generate');
    await scope.getByRole('button', { name: 'Generate', exact: true }).click();
    await scope.locator('.job-panel[data-state="done"]').waitFor();
    await waitForImageStep(scope, 'xt', 30); // the last frame may still be decoding
    const { counters, images } = await page.evaluate(() => window.recorded);
    const midRun = counters.filter((c) => /^step ([1-9]|[12]\d) \/ 30$/.test(c));
    assert(midRun.length >= 3, `the step counter advanced through the run: ${counters.join(', ')}`);
    assert(counters.at(-1) === 'step 30 / 30', `the counter ends at 30 / 30: ${counters.at(-1)}`);
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
    await h.shot('generate.png', { fullPage: true });
    return `counter at ${midRun.length} intermediate steps; x_t drawn at ${steps.length} steps, ${distinct} distinct`;
  });

  await h.check('cancel', async () => {
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
    await h.shot('cancelled.png');
    return status;
  });

  await h.check('resume-after-dropped-connection', async () => {
    const scope = view('generate');
    await setGeneration(scope, { steps: 40, batch: 1, method: 'entropy' });
    await recordProgress(page, 'generate');
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
    await page.waitForTimeout(2500); // the job moves on while the page is away: the point of the check
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

  await h.check('reattach-after-reload', async () => {
    // A long run, so that it is surely still going when the reloaded page asks for it; once re-attached it is
    // cancelled from the new page, which shows that page has the job, not a copy of its images.
    const scope = view('generate');
    await setGeneration(scope, { steps: 1000, batch: 1, method: 'classifier' });
    await scope.getByRole('button', { name: 'Generate', exact: true }).click();
    await waitForImageStep(scope, 'xt', 3);
    const jobId = await scope.locator('.job-panel').getAttribute('data-job');
    const seenBefore = Number(await scope.locator('.job-panel').getAttribute('data-step'));
    await page.reload();
    await scope.locator(`.job-panel[data-job="${jobId}"]`).waitFor();
    await page.waitForFunction((before) => Number(document.querySelector('#view-generate .job-panel').dataset.step)
      > before + 5, seenBefore);
    const status = await scope.locator('.job-status').textContent();
    const replay = /^Reconnected: resumed at step (\d+) of 1000 \(replaying from step (\d+)\)/.exec(status);
    assert(replay, `the new page resumed the job: ${status}`);
    const from = Number(replay[2]);
    const steps = await page.evaluate(() => window.guidestream.views.generate.telemetry.entropy.series.get(0)
      .points.map(([x]) => x));
    assert(steps.every((x, i) => x === from + i), `steps ${from}… plotted once each, in order: ${steps.slice(0, 12)}…`);
    assert(from === 1 || status.includes(`steps 1–${from - 1} are no longer buffered`), `a gap is named: ${status}`);
    await scope.getByRole('button', { name: 'Cancel', exact: true }).click();
    await scope.locator('.job-panel[data-state="cancelled"]').waitFor();
    assert(await scope.getByRole('button', { name: 'Generate', exact: true }).isEnabled(), 'Generate is enabled again');
    await page.waitForFunction(() => !sessionStorage.getItem('guidestream.generations')?.includes('"tag"'));
    return `job ${jobId}, at step ${seenBefore} when the page reloaded: ${status} Then cancelled from the new page.`;
  });

  await h.check('compare-two-configurations', async () => {
    await h.open('compare');
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
      .length === 2);
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
    await h.shot('compare.png', { fullPage: true });
    return `final scales ${series.map(([k, , v]) => `${k}=${v.toFixed(3)}`).join(', ')}`;
  });

  await h.check('blur-model-plots-its-schedule', async () => {
    await h.open('generate');
    const scope = view('generate');
    await setGeneration(scope, { model: 'tiny-blur', steps: 8, batch: 2 });
    assert(await scope.getByLabel('Kind', { exact: true }).inputValue() === 'momentum', 'a blur sampler is offered');
    await scope.getByRole('button', { name: 'Generate', exact: true }).click();
    await scope.locator('.job-panel[data-state="done"]').waitFor();
    const t = await page.evaluate(() => {
      const tel = window.guidestream.views.generate.telemetry;
      return { classifierHidden: tel.classifierBox.hidden, blurHidden: tel.blurBox.hidden,
        sigma: tel.sigma.series.get('job').points.map(([, y]) => y),
        change: [0, 1].map((i) => tel.change.series.get(i).points.map(([x]) => x)) };
    });
    assert(t.classifierHidden && !t.blurHidden, 'the blur plots show instead of the empty classifier plots');
    assert(t.sigma.length === 8 && t.sigma.every((s, i) => i === 0 || s <= t.sigma[i - 1]) && t.sigma[0] > t.sigma[7],
      `σ_B falls over the 8 steps: ${t.sigma}`);
    assert(t.change.every((xs) => xs.join() === '2,3,4,5,6,7,8'), `x̂0's change from step 2 on: ${t.change}`);
    await h.shot('generate-blur.png', { fullPage: true });
    // Compare gives a blur model's configurations different samplers, and says when two are the same.
    await h.open('compare');
    const cmp = view('compare');
    await cmp.getByLabel('Model', { exact: true }).selectOption('tiny-blur');
    const kinds = await cmp.locator('fieldset.config').evaluateAll((fs) => fs.map((f) => f.querySelector('[name=kind]')
      .value));
    assert(kinds.join() === 'momentum,naive', `A and B sample differently: ${kinds}`);
    assert(await cmp.locator('#compare-same').isHidden(), 'no warning while they differ');
    await cmp.locator('fieldset.config[data-config="B"]').getByLabel('Kind', { exact: true }).selectOption('momentum');
    const warning = await cmp.locator('#compare-same').textContent();
    assert(await cmp.locator('#compare-same').isVisible() && warning.startsWith('A and B have the same settings'),
      `identical configurations are named: ${warning}`);
    return `σ_B ${t.sigma.map((s) => s.toFixed(2)).join(' → ')}; compare: ${kinds}`;
  });

  await h.check('sixteen-series-are-told-apart', async () => {
    await h.open('generate');
    const scope = view('generate');
    await setGeneration(scope, { model: 'tiny-cond', steps: 3, batch: 16, method: 'classifier', label: 'each' });
    await scope.getByRole('button', { name: 'Generate', exact: true }).click();
    await scope.locator('.job-panel[data-state="done"]').waitFor();
    const styles = await page.evaluate(() => [...window.guidestream.views.generate.telemetry.entropy.series.values()]
      .map((s) => `${s.colour}/${(s.dash ?? []).join('-')}`));
    assert(styles.length === 16 && new Set(styles).size === 16, `16 distinct line styles: ${styles}`);
    const plot = scope.locator('figure.plot').first();
    const canvas = plot.locator('canvas');
    // Hovering shows the nearest point's series and value.
    const target = await page.evaluate(() => {
      const p = window.guidestream.views.generate.telemetry.entropy;
      const [x, y] = p.series.get(5).points[1];
      return { x: p.geometry.sx(x), y: p.geometry.sy(y) };
    });
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + target.x, box.y + target.y);
    const readout = plot.locator('.readout');
    await readout.waitFor();
    const text = await readout.textContent();
    assert(/^image \d+ · .* · step 2: entropy \(nats\) \d/.test(text), `the readout names series, step and value: ${text}`);
    // A legend entry isolates its series; a second click shows all again.
    await plot.locator('.legend-item').nth(5).click();
    const isolated = await canvas.getAttribute('aria-label');
    assert(isolated.includes('image 5') && !isolated.includes('image 4'), `only image 5 is shown: ${isolated}`);
    assert(await plot.locator('.legend-item[aria-pressed="true"]').count() === 1, 'its button is pressed');
    await h.shot('plots-sixteen.png');
    await plot.locator('.legend-item').nth(5).click();
    assert((await canvas.getAttribute('aria-label')).includes('image 15'), 'all series again');
    return text;
  });

  await h.check('unconditional-unguided-has-no-class', async () => {
    const scope = view('generate');
    await setGeneration(scope, { model: 'tiny-uncond', method: 'none', batch: 2, steps: 2 });
    assert(await scope.getByLabel('Class', { exact: true }).isHidden(), 'no class field');
    const labels = await page.evaluate(() => window.guidestream.views.generate.request().label);
    assert(labels.join() === '-1,-1', `no class is sent: ${labels}`);
    // The images it makes are captioned without a class, in the grids and the plots' legends alike.
    await scope.getByRole('button', { name: 'Generate', exact: true }).click();
    await scope.locator('.job-panel[data-state="done"]').waitFor();
    const captions = await scope.locator('.job-panel .cell-label').allTextContents();
    assert(captions.length === 4 && captions.every((c) => /^\d · no class$/.test(c)),
      `xₜ and x̂0 images captioned "no class": ${captions}`);
    const legends = await page.evaluate(() => [...window.guidestream.views.generate.telemetry.element
      .querySelectorAll('.legend-item')].map((b) => b.textContent).filter((t) => t.startsWith('image')));
    assert(legends.length > 0 && legends.every((t) => t.endsWith('· no class')), `legends name no class: ${legends}`);
    await setGeneration(scope, { method: 'classifier' });
    assert(await scope.getByLabel('Class', { exact: true }).isVisible(), 'guidance needs a class');
    await setGeneration(scope, { model: 'tiny-cond' });
    return `class field hidden, label −1 and images captioned "no class" (${captions.join(', ')}) for an `
      + 'unconditional model sampled unguided';
  });
}
