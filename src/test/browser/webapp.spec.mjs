// Drives the Guidestream web app in Debian's Chromium (playwright-core, no browser download) against a running
// server. Usage: node webapp.spec.mjs <base URL> <screenshot folder> [chromium path]
// Prints one `RESULT {"name","ok","ms","detail"}` line per check and exits 0 only when every check passed.
// WebAppBrowserTest starts the server with tiny random models (tiny-cond, tiny-uncond, tiny-clf, tiny-features, the
// blur model tiny-blur and a second features network tiny-features-b) and runs this script.

import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { jobChecks } from './checks-jobs.mjs';
import { keepChecks } from './checks-keep.mjs';
import { layoutChecks } from './checks-layout.mjs';
import { liveChecks } from './checks-live.mjs';
import { Harness } from './harness.mjs';

const [base, outDir = 'target/browser', executablePath = '/usr/bin/chromium'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node webapp.spec.mjs <base URL> [screenshot folder] [chromium path]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
const h = new Harness({ browser, page: await context.newPage(), base, outDir });

// Order matters where a check builds on the last: the gallery holds the runs before it, the evaluations table the
// evaluations before it.
await liveChecks(h);
await keepChecks(h);
await jobChecks(h);
await layoutChecks(h);

await browser.close();
const failed = h.results.filter((r) => !r.ok);
console.log(`${h.results.length - failed.length}/${h.results.length} checks passed`);
process.exit(failed.length === 0 ? 0 : 1);
