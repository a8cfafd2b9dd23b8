// The page: files in, the engine in a Web Worker, answers shown. Plain
// JavaScript, no framework; every answer comes from upskill-wasm.
'use strict';

const ROLES = ['pledge', 'roster', 'leave', 'holidays', 'people', 'actors', 'sessions', 'ignore'];
// As `upskill validate DIR`: the files a dataset folder is read for.
const EXTENSIONS = ['csv', 'json', 'jsonl', 'ndjson'];
const $ = (id) => document.getElementById(id);

const state = { mode: 'judge', files: [], skipped: [], report: null, validation: null, problems: [] };

// The worker is started from a blob: URL (Chromium allows no worker from
// file://); its source comes with worker-source.js.
const worker = new Worker(URL.createObjectURL(new Blob([self.UPSKILL_WORKER_SOURCE], { type: 'text/javascript' })));
let nextId = 0;
const waiting = new Map();
worker.onmessage = (event) => {
  const { id, progress, result, error, version } = event.data;
  const call = waiting.get(id);
  if (!call) return;
  if (progress !== undefined) return call.onProgress(progress);
  waiting.delete(id);
  if (version) $('version').textContent = version;
  if (error !== undefined) call.reject(new Error(error));
  else call.resolve(result);
};
function ask(op, files, options, onProgress = () => {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject, onProgress });
    worker.postMessage({ id, op, files, options });
  });
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'for') e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
}

function sizeText(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1 << 20)).toFixed(1)} MiB`;
}

// --- files in --------------------------------------------------------------

async function addFiles(list) {
  const taken = [];
  for (const file of list) {
    const extension = file.name.split('.').pop().toLowerCase();
    if (file.name.startsWith('.') || !EXTENSIONS.includes(extension)) {
      state.skipped.push(file.name);
      continue;
    }
    taken.push({ name: file.name, bytes: await file.arrayBuffer() });
  }
  if (taken.length) {
    const recognised = await ask('recognise', taken);
    taken.forEach((f, i) => { f.recognised = recognised[i]; f.role = recognised[i].role; });
    state.files.push(...taken);
    state.files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  showFiles();
}

// A dropped folder: every file in it, recursively.
async function entryFiles(entry) {
  if (entry.isFile) return [await new Promise((ok, ko) => entry.file(ok, ko))];
  if (!entry.isDirectory) return [];
  const reader = entry.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((ok, ko) => reader.readEntries(ok, ko));
    if (!batch.length) break;
    for (const e of batch) all.push(...(await entryFiles(e)));
  }
  return all;
}

function showFiles() {
  const box = $('recognised');
  box.replaceChildren();
  if (!state.files.length && !state.skipped.length) return;
  const body = el('tbody');
  state.files.forEach((f, i) => {
    const select = el('select', { id: `role-${i}`, 'aria-label': `role of ${f.name}` });
    for (const role of ROLES) select.append(el('option', { value: role, selected: role === f.role }, role));
    select.addEventListener('change', () => { f.role = select.value; });
    const r = f.recognised;
    const what = `${r.format}${r.content ? `, ${r.content === 'xapi' ? 'xAPI statements' : 'session records'}` : ''}`;
    const preview = el('details', {}, el('summary', {}, 'first lines'), el('pre', {}, r.preview.join('\n')));
    body.append(el('tr', { 'data-file': f.name }, el('td', {}, f.name), el('td', {}, select),
      el('td', {}, `${what}, ${sizeText(r.bytes)}`), el('td', {}, preview)));
  });
  const table = el('table', { class: 'files' },
    el('caption', { class: 'visually-hidden' }, 'The files given and the role recognised for each'),
    el('thead', {}, el('tr', {}, ...['file', 'recognised as', 'read as', 'preview'].map((h) => el('th', { scope: 'col' }, h)))), body);
  box.append(el('p', {}, `${state.files.length} file${state.files.length === 1 ? '' : 's'} recognised; correct a role if it is wrong:`),
    el('div', { class: 'scroll' }, table));
  if (state.skipped.length) box.append(el('p', { class: 'muted' }, `Not read (not .csv, .json, .jsonl): ${state.skipped.join(', ')}`));
}

const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const items = [...(e.dataTransfer.items || [])];
  const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  let files;
  if (entries.length && entries.every(Boolean)) {
    files = [];
    for (const entry of entries) files.push(...(await entryFiles(entry)));
  } else {
    files = [...e.dataTransfer.files];
  }
  await run(() => addFiles(files));
});
for (const id of ['pick-files', 'pick-folder']) {
  $(id).addEventListener('change', async (e) => { await run(() => addFiles([...e.target.files])); e.target.value = ''; });
}
$('clear').addEventListener('click', () => {
  Object.assign(state, { files: [], skipped: [] });
  showFiles();
  $('result').hidden = true;
  $('problems').hidden = true;
  $('error').hidden = true;
});

// --- modes -----------------------------------------------------------------

function setMode(mode) {
  state.mode = mode;
  $('mode-judge').setAttribute('aria-pressed', String(mode === 'judge'));
  $('mode-validate').setAttribute('aria-pressed', String(mode === 'validate'));
  $('run').textContent = mode === 'judge' ? 'Judge' : 'Validate';
  $('from').closest('label').hidden = mode !== 'judge';
  $('to').closest('label').hidden = mode !== 'judge';
  $('result').hidden = true;
  $('problems').hidden = true;
  $('error').hidden = true;
}
$('mode-judge').addEventListener('click', () => setMode('judge'));
$('mode-validate').addEventListener('click', () => setMode('validate'));

// --- running ---------------------------------------------------------------

async function run(work) {
  $('error').hidden = true;
  try {
    await work();
  } catch (e) {
    $('status').textContent = '';
    $('progress').hidden = true;
    $('error-text').textContent = e.message;
    $('error').hidden = false;
  }
}

function options() {
  const text = (id) => $(id).value.trim() || undefined;
  const asOf = text('as-of');
  return {
    from: text('from'),
    to: text('to'),
    // WebAssembly has no clock: "now" is the browser's.
    as_of: asOf && asOf.toLowerCase() !== 'now' ? asOf : new Date().toISOString(),
    lenient: $('lenient').checked,
  };
}

function given() {
  return state.files.filter((f) => f.role !== 'ignore').map((f) => ({ name: f.name, role: f.role, bytes: f.bytes }));
}

$('run').addEventListener('click', () => run(state.mode === 'judge' ? judge : check));

async function judge() {
  $('result').hidden = true;
  delete document.body.dataset.judgedMillis;
  $('progress').hidden = false;
  $('progress').value = 0;
  $('status').textContent = 'Judging…';
  const result = await ask('evaluate', given(), options(), (p) => { $('progress').value = p; });
  $('progress').value = 100;
  $('progress').hidden = true;
  state.report = result;
  const report = JSON.parse(result.json);
  const verdict = $('verdict');
  verdict.textContent = report.verdict.replace('_', ' ');
  verdict.dataset.verdict = report.verdict;
  verdict.className = ['met', 'on_track'].includes(report.verdict) ? 'good' : 'bad';
  const rate = report.metrics.learner_week_rate;
  $('rate').textContent = rate === null ? 'not measured' : `${(100 * rate).toFixed(1)} %`;
  $('rate').dataset.rate = rate === null ? 'null' : String(rate);
  showReport(result.html);
  $('result').hidden = false;
  $('status').textContent = `Judged in ${(result.millis / 1000).toFixed(2)} s: ${report.ledger.records_read} records read.`;
  document.body.dataset.judgedMillis = String(Math.round(result.millis));
}

// The HTML report, as the command writes it, shown in a shadow root: its
// own styles stay its own, and no script in it could run (it has none).
function showReport(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const host = $('report');
  const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
  root.replaceChildren(...doc.head.querySelectorAll('style'), ...doc.body.childNodes);
}

async function check() {
  $('problems').hidden = true;
  $('status').textContent = 'Validating…';
  const opts = options();
  // Timestamps are checked against "judged at" only when one is given.
  if (!$('as-of').value.trim()) delete opts.as_of;
  delete opts.from;
  delete opts.to;
  const result = await ask('validate', given(), opts);
  state.validation = result;
  const reports = JSON.parse(result.json);
  state.problems = reports.flatMap((r) => r.problems.map((p) => ({ ...p, file: r.file })));
  const codes = [...new Set(state.problems.map((p) => p.code))].sort();
  const filter = $('code-filter');
  filter.replaceChildren(el('option', { value: '' }, 'every code'), ...codes.map((c) => el('option', { value: c }, c)));
  const errors = reports.reduce((n, r) => n + r.summary.errors, 0);
  const warnings = reports.reduce((n, r) => n + r.summary.warnings, 0);
  const notListed = reports.reduce((n, r) => n + r.summary.not_listed, 0);
  $('problems-summary').textContent = `${reports.length} file${reports.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${notListed ? ` (${notListed} not listed)` : ''}.`;
  $('problems-summary').dataset.errors = String(errors);
  $('problems-summary').dataset.warnings = String(warnings);
  showProblems();
  $('problems').hidden = false;
  $('status').textContent = 'Validated.';
}

function showProblems() {
  const code = $('code-filter').value;
  const rows = state.problems.filter((p) => !code || p.code === code).map((p) => {
    const at = p.location || {};
    return el('tr', { class: 'problem' }, el('td', {}, (at.file ?? p.file) + (at.pointer ? `#${at.pointer}` : '')), el('td', {}, String(at.line ?? '')),
      el('td', {}, String(at.column ?? '')), el('td', { class: p.severity }, p.severity),
      el('td', {}, el('code', {}, p.code)), el('td', {}, p.message));
  });
  $('problem-table').tBodies[0].replaceChildren(...rows);
}
$('code-filter').addEventListener('change', showProblems);

// --- downloads -------------------------------------------------------------

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
$('download-html').addEventListener('click', () => download('report.html', 'text/html', state.report.html));
$('download-json').addEventListener('click', () => download('report.json', 'application/json', state.report.json));
$('download-sarif').addEventListener('click', () => download('validation.sarif', 'application/sarif+json', state.validation.sarif));
$('download-validation-json').addEventListener('click', () => download('validation.json', 'application/json', state.validation.json));

setMode('judge');
ask('recognise', []).catch((e) => { $('error-text').textContent = e.message; $('error').hidden = false; });
