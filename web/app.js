// The page: files in, the engine in a Web Worker, answers shown. Plain
// JavaScript, no framework; every answer comes from upskill-wasm.
'use strict';

const ROLES = ['pledge', 'roster', 'leave', 'holidays', 'people', 'actors', 'sessions', 'ignore'];
// As `upskill validate DIR`: the files a dataset folder is read for.
const EXTENSIONS = ['csv', 'json', 'jsonl', 'ndjson'];
const $ = (id) => document.getElementById(id);

const state = { mode: 'judge', files: [], skipped: [], report: null, validation: null, problems: [], presets: [] };
// The roles an import mapping can read (docs/mappings.md).
const MAPPED = ['sessions', 'roster', 'leave'];
const PREVIEW_ROWS = 10;

// The worker is started from a blob: URL (Chromium allows no worker from
// file://); its source comes with worker-source.js.
const worker = new Worker(URL.createObjectURL(new Blob([self.UPSKILL_WORKER_SOURCE], { type: 'text/javascript' })));
let nextId = 0;
const waiting = new Map();
worker.onmessage = (event) => {
  const { id, progress, result, error } = event.data;
  const call = waiting.get(id);
  if (!call) return;
  if (progress !== undefined) return call.onProgress(progress);
  waiting.delete(id);
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
    taken.forEach((f, i) => {
      f.recognised = recognised[i];
      f.role = recognised[i].role;
      f.mapping = recognised[i].mapping;
      f.proposed = recognised[i].proposal;
    });
    state.files.push(...taken);
    state.files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // A new pledge changes the zone of `time_zone = "pledge"`: preview all.
    for (const f of state.files) await previewFile(f);
  }
  showFiles();
}

// --- how each file is read: mapping and preview ----------------------------

function mappable(f) {
  return MAPPED.includes(f.role) && f.recognised.format === 'csv' && f.recognised.content !== 'xapi';
}

// The file's first rows as the library reads them (through its mapping).
async function previewFile(f) {
  f.preview = null;
  if (!MAPPED.includes(f.role) || f.recognised.content === 'xapi') return;
  const pledge = state.files.find((p) => p.role === 'pledge' && p !== f);
  const files = [f, pledge].filter(Boolean).map((g) => ({ name: g.name, role: g.role, bytes: g.bytes, mapping: g.mapping }));
  try {
    f.preview = await ask('preview', files, { rows: PREVIEW_ROWS });
  } catch (e) {
    f.preview = { reading: 'mapping', preset: null, columns: [], rows: [], problems: [e.message] };
  }
}

function readingText(f) {
  const p = f.preview;
  if (!p) return '';
  if (p.reading === 'canonical') return 'the canonical format';
  if (p.reading === 'preset') return `the built-in mapping ${p.preset}`;
  return f.mapping === f.proposed ? 'a proposed mapping (map suggest)' : 'your mapping';
}

// One panel per session, roster or leave file: how it is read, the rows
// read, and (for CSV) a choice of preset or an editable mapping.
function readingPanel(f, i) {
  const p = f.preview;
  const rows = p.rows.length;
  const bad = p.rows.filter((r) => r.cells.length === 0).length;
  const panel = el('details', { class: 'reading', id: `reading-panel-${i}`, 'data-file': f.name, open: p.reading !== 'canonical' || bad > 0 || p.problems.length > 0 },
    el('summary', {}, `${f.name}: read as `, el('strong', { class: 'reading-choice', 'data-reading': p.reading }, readingText(f)),
      `; first ${rows} row${rows === 1 ? '' : 's'}${bad ? `, ${bad} rejected` : ''}`));
  if (mappable(f)) {
    const select = el('select', { id: `reading-${i}`, 'aria-label': `how ${f.name} is read` });
    const kind = f.role;
    select.append(el('option', { value: 'canonical', selected: p.reading === 'canonical' }, 'the canonical format (docs/formats.md)'));
    for (const preset of state.presets.filter((q) => q.kind === kind)) {
      select.append(el('option', { value: `preset:${preset.name}`, selected: p.preset === preset.name }, `preset ${preset.name}`));
    }
    select.append(el('option', { value: 'mapping', selected: p.reading === 'mapping' }, 'the mapping below (proposed, or edited)'));
    const text = el('textarea', { id: `mapping-${i}`, rows: 12, spellcheck: false, 'aria-label': `import mapping of ${f.name} (TOML)` });
    text.value = f.mapping ?? f.proposed ?? '';
    const apply = el('button', { type: 'button', id: `apply-${i}` }, 'Apply mapping');
    const editor = el('div', { class: 'mapping', hidden: p.reading === 'canonical' },
      el('label', { for: `mapping-${i}` }, 'Import mapping (TOML, as for upskill evaluate --mapping; see docs/mappings.md)'), text,
      el('p', { class: 'muted' }, 'A report with no learner column (a per-user report): add learner_id = { value = "ID" } under [fields]. Naive times are read in the pledge\'s zone with time_zone = "pledge".'),
      apply);
    select.addEventListener('change', () => run(async () => {
      const v = select.value;
      if (v === 'canonical') f.mapping = null;
      else if (v.startsWith('preset:')) f.mapping = state.presets.find((q) => `preset:${q.name}` === v).toml;
      else f.mapping = text.value || f.proposed;
      await refreshPanel(f, i, select);
    }));
    apply.addEventListener('click', () => run(async () => {
      f.mapping = text.value;
      await refreshPanel(f, i, apply);
    }));
    panel.append(el('p', { class: 'read-as' }, el('label', {}, 'Read as ', select)), editor);
  }
  if (p.problems.length) panel.append(el('ul', { class: 'file-problems' }, ...p.problems.map((t) => el('li', { class: 'error' }, t))));
  if (p.columns.length) {
    const head = el('tr', {}, el('th', { scope: 'col' }, 'line'), ...p.columns.map((c) => el('th', { scope: 'col' }, c)));
    const body = p.rows.map((r) => (r.cells.length
      ? el('tr', {}, el('td', {}, String(r.line ?? '')), ...r.cells.map((c) => el('td', {}, c)))
      : el('tr', { class: 'rejected' }, el('td', {}, String(r.line ?? '')), el('td', { colSpan: p.columns.length, class: 'error' }, r.problems.join('\n')))));
    panel.append(el('div', { class: 'scroll' }, el('table', { class: 'preview' },
      el('caption', { class: 'visually-hidden' }, `The first rows of ${f.name} as read`), el('thead', {}, head), el('tbody', {}, ...body))));
  }
  return panel;
}

// After a change of mapping: the new preview, the panel redrawn, focus kept.
async function refreshPanel(f, i, focused) {
  await previewFile(f);
  const id = focused.id;
  $(`reading-panel-${i}`).replaceWith(readingPanel(f, i));
  $(`reading-panel-${i}`).open = true;
  $(id)?.focus();
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
    select.addEventListener('change', () => run(async () => {
      const was = f.role;
      f.role = select.value;
      if (f.role !== 'ignore') {
        // Another role: another mapping proposed, another preview.
        const [again] = await ask('recognise', [{ name: f.name, role: f.role, bytes: f.bytes }]);
        f.mapping = again.mapping;
        f.proposed = again.proposal;
      }
      // A pledge gained or lost changes the zone of `time_zone = "pledge"`.
      const zone = [was, f.role].includes('pledge');
      for (const g of state.files) if (g === f || zone) await previewFile(g);
      showFiles();
      $(`role-${i}`).focus();
    }));
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
  const panels = state.files.map((f, i) => (f.preview && f.role !== 'ignore' ? readingPanel(f, i) : null)).filter(Boolean);
  if (panels.length) box.append(el('h3', {}, 'How each file is read'), ...panels);
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
  return state.files.filter((f) => f.role !== 'ignore').map((f) => ({ name: f.name, role: f.role, bytes: f.bytes, mapping: MAPPED.includes(f.role) ? f.mapping : null }));
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
  // The summary: the JSON report's verdict, rate and records read (the
  // report itself is rendered only to download it).
  const report = result.summary;
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
$('download-json').addEventListener('click', () => run(async () => download('report.json', 'application/json', await ask('report-json'))));
$('download-sarif').addEventListener('click', () => download('validation.sarif', 'application/sarif+json', state.validation.sarif));
$('download-validation-json').addEventListener('click', () => download('validation.json', 'application/json', state.validation.json));

setMode('judge');
ask('hello').then((hello) => {
  state.presets = hello.presets;
  $('version').textContent = hello.version;
}).catch((e) => { $('error-text').textContent = e.message; $('error').hidden = false; });
