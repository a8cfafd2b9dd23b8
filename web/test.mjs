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
//    1b. (CLI_MAPPED) A Moodle export read through a preset chosen and
//    corrected in the page: the verdict and judgement are the CLI's.
// 2. At 360 px wide and at 200 % zoom nothing runs off the side (with a
//    mapping panel open); every visible control is named and in the tab order.
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
  await page.waitForSelector('#recognised table.files tbody tr');
  const roles = await page.$$eval('#recognised table.files tbody tr', (rows) => rows.map((r) => `${r.dataset.file}=${r.querySelector('select').value}`));
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

  // 1b. A mapped export (field case moodle-dedication-export, stage 1: a
  //     Moodle per-user time-spent report): the page says it chose the
  //     `moodle-dedication` preset and that the learner is missing; the user
  //     reads it canonically (every row rejected), chooses the preset again
  //     from the list, adds the learner to the mapping and applies it; the
  //     verdict is the command's with `--preset moodle-dedication --set
  //     learner_id=l1`.
  if (process.env.CLI_MAPPED) {
    const cliMapped = JSON.parse(fs.readFileSync(process.env.CLI_MAPPED, 'utf8'));
    const moodle = path.join(root, 'crates/upskill-cli/tests/cases/moodle-dedication-export');
    await page.click('#clear');
    await page.setInputFiles('#pick-files', ['pledge.json', 'roster.csv', 'dedication-user-report.csv'].map((f) => path.join(moodle, f)));
    const panel = 'details.reading[data-file="dedication-user-report.csv"]';
    await page.waitForSelector(panel);
    const reading = async () => page.getAttribute(`${panel} .reading-choice`, 'data-reading');
    assert.equal(await reading(), 'preset');
    assert.match(await page.textContent(panel), /moodle-dedication/);
    assert.match(await page.textContent(`${panel} .file-problems`), /no rule for `learner_id`/);
    assert.equal(await page.getAttribute(panel, 'open'), '');
    // Read as it is: every row rejected, each with its problems.
    await page.selectOption(`${panel} select`, 'canonical');
    await page.waitForFunction((sel) => document.querySelector(`${sel} .reading-choice`).dataset.reading === 'canonical', panel);
    assert.match(await page.textContent(panel), /F008|F009/);
    // Choose the preset from the list, then give the learner in its mapping.
    await page.selectOption(`${panel} select`, 'preset:moodle-dedication');
    await page.waitForFunction((sel) => document.querySelector(`${sel} .reading-choice`).dataset.reading === 'preset', panel);
    const toml = await page.inputValue(`${panel} textarea`);
    assert.match(toml, /Session start/);
    await page.fill(`${panel} textarea`, `${toml}learner_id = { value = "l1" }\n`);
    await page.click(`${panel} button`);
    await page.waitForFunction((sel) => document.querySelector(`${sel} .reading-choice`).dataset.reading === 'mapping', panel);
    const rows = await page.$$eval(`${panel} table.preview tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    step(`mapped preview: ${rows.map((r) => r.join(' ')).join('; ')}`);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => r[2]), ['l1', 'l1', 'l1']);
    assert.equal(rows[2][3], '2026-03-30T08:40:00+01:00');
    await page.screenshot({ path: path.join(shots, 'mapping.png'), fullPage: true });
    await page.fill('#from', '2026-W10');
    await page.fill('#to', '2026-W14');
    await page.fill('#as-of', '2026-04-10');
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.judgedMillis, null, { timeout: 60000 });
    const mapped = JSON.parse(await downloaded('#download-json'));
    step(`mapped: verdict ${mapped.verdict} (CLI ${cliMapped.verdict}), credited ${mapped.ledger.fates.credited} (CLI ${cliMapped.ledger.fates.credited})`);
    assert.equal(await page.getAttribute('#verdict', 'data-verdict'), cliMapped.verdict);
    for (const key of ['verdict', 'metrics', 'weekly', 'learners', 'ledger']) assert.deepEqual(mapped[key], cliMapped[key], key);
    assert.deepEqual(mapped.run.mappings, cliMapped.run.mappings);
  }

  // 2. 360 px wide.
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.screenshot({ path: path.join(shots, 'judged-360.png'), fullPage: false });
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than 360 px`);
  // 200 % zoom on a 1280 px window leaves 640 CSS pixels: the page reflows
  // into them rather than scrolling sideways.
  await page.setViewportSize({ width: 640, height: 450 });
  const zoomed = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(zoomed <= 0, `at 200 % zoom the page is ${zoomed} px wider than the window`);
  await page.setViewportSize({ width: 1280, height: 900 });
  // Keyboard and screen readers: every visible control is reachable with
  // Tab (no negative tabindex, not a bare div with a click handler) and has
  // a name (its label, text, aria-label or title).
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea, a[href]')]
    .filter((el) => el.offsetParent !== null && el.type !== 'hidden')
    .filter((el) => el.tabIndex < 0 || !((el.labels && [...el.labels].some((l) => l.textContent.trim()))
      || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title || el.textContent.trim()))
    .map((el) => el.id || el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, [], 'controls without a name or out of the tab order');
  step('200 % zoom reflows; every control is named and in the tab order');

  // 3. Validate export.
  await page.click('#clear');
  await page.click('#mode-validate');
  // As the CLI ran it: no instant to check timestamps against.
  await page.fill('#as-of', '');
  await page.setInputFiles('#pick-files', [path.join(example, 'roster.csv'), path.join(root, 'web/testdata/faulty-sessions.csv')]);
  await page.waitForSelector('#recognised table.files tbody tr >> nth=1');
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
    await page.waitForSelector('#recognised table.files tbody tr');
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
