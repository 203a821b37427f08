// The page as a first-time user sees it: a laptop's 1366×768 screen (nothing cut, the comparison's button in view),
// the defaults and hints agreeing with each other, the model list and a card, and a 390 px phone.

import { assert, setGeneration } from './harness.mjs';

export async function layoutChecks(h) {
  const { page } = h;
  const view = (name) => h.view(name);

  await h.check('laptop-screen-layout', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await h.open('compare');
    const run = await view('compare').getByRole('button', { name: 'Run comparison' }).boundingBox();
    assert(run && run.y >= 0 && run.y + run.height <= 768, `"Run comparison" is on the first screen: ${JSON.stringify(run)}`);
    await h.shot('compare-laptop.png');
    // No select of a form cuts its option's text (the model list did).
    const cut = [];
    for (const name of ['generate', 'compare', 'eval', 'train']) {
      await h.open(name);
      cut.push(...await view(name).locator('form select').evaluateAll((selects) => {
        const ctx = document.createElement('canvas').getContext('2d');
        return selects.filter((s) => s.offsetParent && s.selectedOptions[0]).filter((s) => {
          ctx.font = getComputedStyle(s).font;
          const room = s.clientWidth - 28; // the arrow and padding
          return ctx.measureText(s.selectedOptions[0].textContent).width > room;
        }).map((s) => `${s.name}: "${s.selectedOptions[0].textContent}"`);
      }));
    }
    assert(cut.length === 0, `selects whose text is cut at 1366 px: ${cut.join(', ')}`);
    return `Run comparison at y ${Math.round(run.y)}–${Math.round(run.y + run.height)} of 768`;
  });

  await h.check('defaults-agree', async () => {
    await h.open('generate');
    const scope = view('generate');
    await scope.getByLabel('Method', { exact: true }).selectOption('tail');
    const lambda = scope.getByLabel('x̂0 routing λ');
    const hint = await page.locator(`#${await lambda.getAttribute('aria-describedby')}`).textContent();
    const tail = scope.getByLabel('Tail scale');
    const tailHint = await page.locator(`#${await tail.getAttribute('aria-describedby')}`).textContent();
    assert(await lambda.inputValue() === '1' && await lambda.getAttribute('max') === '1'
      && hint.startsWith('share of the guidance') && hint.includes('1 (all of it) by default')
      && hint.includes('Above 0 it') && hint.includes('one more denoiser pass') && hint.includes('0 turns it off'),
      `λ is a share, 1 by default, and above 0 costs a denoiser pass; the hint says so: ${hint}`);
    assert(await tail.inputValue() === '4' && tailHint.includes('at the default 4, about twice the scale s'),
      `the tail push is 4 by default, and its hint says it needs about twice the scale: ${await tail.inputValue()}, ${tailHint}`);
    const scales = [await scope.getByLabel('Scale s', { exact: true }).inputValue()];
    await h.open('eval');
    await view('eval').getByLabel('Method', { exact: true }).selectOption('entropy');
    scales.push(await view('eval').getByLabel('Scale s', { exact: true }).inputValue());
    assert(scales.join() === '2,2', `one scale for Generate and Evaluate: ${scales}`);
    return `tail 4, λ 1 of 0..1; scale ${scales[0]} in both`;
  });

  await h.check('url-state-yields-to-navigation', async () => {
    // A view that saves its form between a navigation and that navigation's hashchange (the model list arriving
    // right after a reload) must not put its own name back in the URL and take the user back to it.
    await h.open('generate');
    // Resolves once the navigation's hashchange has been handled (the web app's own listener was added first).
    await page.evaluate(() => new Promise((resolve) => {
      window.addEventListener('hashchange', () => resolve(), { once: true });
      location.hash = 'gallery';
      window.guidestream.views.generate.saveState();
    }));
    const shown = await page.evaluate(() => [location.hash,
      ...['generate', 'gallery'].filter((v) => !document.getElementById(`view-${v}`).hidden)]);
    assert(shown.join() === '#gallery,gallery', `the gallery asked for is shown: ${shown}`);
    return 'a form save racing a navigation leaves the URL and the view to the navigation';
  });

  await h.check('models-list-and-card', async () => {
    await h.open('models');
    const scope = view('models');
    const names = await scope.locator('#model-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.model));
    for (const n of ['tiny-cond', 'tiny-uncond', 'tiny-clf', 'tiny-features', 'tiny-blur']) {
      assert(names.includes(n), `${n} listed`);
    }
    await scope.getByRole('button', { name: 'tiny-cond', exact: true }).click();
    const card = scope.locator('#model-card');
    await card.getByRole('heading', { name: 'tiny-cond v1' }).waitFor();
    for (const heading of ['Architecture', 'Training', 'Metrics', 'Evaluations shipped with it',
      'Evaluations run on this service']) {
      await card.getByRole('heading', { name: heading, exact: true }).waitFor();
    }
    assert((await card.textContent()).includes('baseChannels'), 'the architecture is shown');
    await h.shot('models.png', { fullPage: true });
    return `${names.length} models`;
  });

  await h.check('narrow-screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const name of ['generate', 'compare', 'models', 'eval', 'gallery']) {
      await h.open(name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `#${name} fits 390 px (overflows by ${overflow} px)`);
    }
    // The stored evaluations stack on a phone: every metric is on screen, none behind a sideways scroll.
    await h.open('eval');
    const fid = view('eval').locator('#eval-reports tr[data-key] td.col-fid').first();
    await fid.scrollIntoViewIfNeeded();
    const box = await fid.boundingBox();
    assert(box && box.x >= 0 && box.x + box.width <= 390, `the FID cell is on screen: ${JSON.stringify(box)}`);
    await h.shot('eval-narrow.png');
    await h.open('generate');
    const scope = view('generate');
    await setGeneration(scope, { model: 'tiny-cond', steps: 6, batch: 4, method: 'classifier' });
    await scope.getByLabel('Steps', { exact: true }).press('Enter'); // submits the form from the keyboard
    await scope.locator('.job-panel[data-state="done"]').waitFor();
    await h.shot('generate-narrow.png', { fullPage: true });
    return 'no horizontal overflow; evaluations stacked; generated from the keyboard';
  });

  await h.check('no-page-errors', async () => {
    assert(h.pageErrors.length === 0, `page errors: ${h.pageErrors.join(' | ')}`);
    assert(h.offsite.length === 0, `requests to other hosts: ${h.offsite.join(', ')}`);
  });
}
