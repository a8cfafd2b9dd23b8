// The browser test of the page (run by .ci/web.sh): Playwright drives
// Debian's chromium, headless, on the page built into target/web/ and
// opened from file://.
//
//   node web/test.mjs   (environment: WEB_DIR, CLI_REPORT, CLI_VALIDATION,
//                        SHOTS; .ci/web.sh sets them)
//
// 1. The example dataset, chosen as files: the roles recognised, then the
//    verdict and the learner-week rate read from the page equal the CLI's
//    (`upskill evaluate --example`), and the JSON report downloaded from the
//    page is the CLI's byte for byte.
// 2. At 360 px wide nothing runs off the side.
// 3. "Validate export" on a file with known faults: the problems listed
//    are the CLI's (`upskill validate --format json`), the code filter
//    narrows the list, SARIF downloads.
// 4. No network request was made, by the page or its worker.
// Screenshots go to SHOTS (target/web-test/).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const webDir = process.env.WEB_DIR || path.join(root, 'target/web');
const shots = process.env.SHOTS || path.join(root, 'target/web-test');
const cliReport = fs.readFileSync(process.env.CLI_REPORT, 'utf8');
const cliValidation = JSON.parse(fs.readFileSync(process.env.CLI_VALIDATION, 'utf8'));
const example = path.join(root, 'crates/upskill-dataset/example');
fs.mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
const requests = [];
context.on('request', (r) => requests.push(r.url()));
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });

const step = (text) => console.log(`web test: ${text}`);
async function downloaded(button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return fs.readFileSync(await download.path(), 'utf8');
}

try {
  await page.goto(pathToFileURL(path.join(webDir, 'index.html')).href);
  await page.waitForFunction(() => document.getElementById('version').textContent !== '', null, { timeout: 30000 });
  step(`page loaded, engine ${await page.textContent('#version')}`);

  // 1. The example dataset.
  const files = fs.readdirSync(example).sort().map((f) => path.join(example, f));
  await page.setInputFiles('#pick-files', files);
  await page.waitForSelector('#recognised tbody tr');
  const roles = await page.$$eval('#recognised tbody tr', (rows) => rows.map((r) => `${r.dataset.file}=${r.querySelector('select').value}`));
  assert.deepEqual(roles, ['holidays.csv=holidays', 'leave.csv=leave', 'pledge.json=pledge', 'roster.csv=roster',
    'sessions.csv=sessions', 'sessions.jsonl=sessions']);
  assert.match(await page.textContent('#recognised'), /Not read .*README\.md/);
  await page.fill('#from', '2026-W10');
  await page.fill('#to', '2026-W19');
  await page.fill('#as-of', '2026-05-11T09:00:00+01:00');
  await page.screenshot({ path: path.join(shots, 'files.png'), fullPage: true });
  await page.click('#run');
  await page.waitForSelector('#result:not([hidden])', { timeout: 60000 });
  const cli = JSON.parse(cliReport);
  const verdict = await page.getAttribute('#verdict', 'data-verdict');
  const rate = await page.getAttribute('#rate', 'data-rate');
  step(`verdict ${verdict} (CLI ${cli.verdict}), learner-week rate ${rate} (CLI ${cli.metrics.learner_week_rate})`);
  assert.equal(verdict, cli.verdict);
  assert.equal(rate, String(cli.metrics.learner_week_rate));
  const json = await downloaded('#download-json');
  assert.ok(json === cliReport, 'the JSON report of the page is not the CLI\'s byte for byte');
  const html = await downloaded('#download-html');
  assert.match(html, /^<!DOCTYPE html>/);
  const shown = await page.$eval('#report', (host) => host.shadowRoot.textContent);
  assert.match(shown, /Ledger|ledger/);
  await page.screenshot({ path: path.join(shots, 'judged.png'), fullPage: true });

  // 2. 360 px wide.
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.screenshot({ path: path.join(shots, 'judged-360.png'), fullPage: false });
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than 360 px`);
  await page.setViewportSize({ width: 1280, height: 900 });

  // 3. Validate export.
  await page.click('#clear');
  await page.click('#mode-validate');
  await page.setInputFiles('#pick-files', [path.join(example, 'roster.csv'), path.join(root, 'web/testdata/faulty-sessions.csv')]);
  await page.waitForSelector('#recognised tbody tr >> nth=1');
  await page.click('#run');
  await page.waitForSelector('#problems:not([hidden])');
  const listed = await page.$$eval('#problem-table tbody tr', (rows) => rows.length);
  const expected = cliValidation.reduce((n, r) => n + r.problems.length, 0);
  step(`validate: ${listed} problems listed (CLI ${expected})`);
  assert.equal(listed, expected);
  assert.ok(listed >= 5);
  const code = cliValidation.flatMap((r) => r.problems.map((p) => p.code))[0];
  await page.selectOption('#code-filter', code);
  const filtered = await page.$$eval('#problem-table tbody tr', (rows) => rows.length);
  assert.equal(filtered, cliValidation.flatMap((r) => r.problems).filter((p) => p.code === code).length);
  await page.selectOption('#code-filter', '');
  const sarif = JSON.parse(await downloaded('#download-sarif'));
  assert.equal(sarif.version, '2.1.0');
  await page.screenshot({ path: path.join(shots, 'validated.png'), fullPage: true });

  // 5. Speed (optional: SPEED_DIR, a dataset folder such as
  //    `upskill generate DIR --learners 2000 --weeks 10`): judged in the
  //    worker, the time printed (docs/performance.md).
  if (process.env.SPEED_DIR) {
    await page.click('#clear');
    await page.click('#mode-judge');
    await page.fill('#from', '');
    await page.fill('#to', '');
    await page.fill('#as-of', process.env.SPEED_AS_OF || '');
    const dir = process.env.SPEED_DIR;
    await page.setInputFiles('#pick-files', fs.readdirSync(dir).sort().map((f) => path.join(dir, f)));
    await page.waitForSelector('#recognised tbody tr');
    const started = Date.now();
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.judgedMillis, null, { timeout: 120000 });
    const wall = Date.now() - started;
    const inWorker = await page.evaluate(() => Number(document.body.dataset.judgedMillis));
    step(`speed: ${await page.textContent('#status')} (evaluate ${inWorker} ms in the worker, ${wall} ms click to shown)`);
  }

  // 4. Nothing left the machine.
  const network = requests.filter((u) => !/^(file|blob|data):/.test(u));
  assert.deepEqual(network, [], 'network requests were made');
  assert.deepEqual(problems, []);
  step(`passed; ${requests.length} local loads, no network request; screenshots in ${shots}`);
} finally {
  await browser.close();
}
