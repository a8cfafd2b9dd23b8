// The Web Worker: the engine (upskill-wasm) off the page's thread.
// web/build.sh puts the wasm-bindgen glue (`wasm_bindgen`) and the module
// (UPSKILL_WASM_BASE64) before this file. Messages in: {id, op, files,
// options} (op: hello, recognise, preview, evaluate, report-json, validate; each file
// {name, role, bytes, mapping}); out: {id, progress} while judging, then
// {id, result} or {id, error}.
'use strict';

let ready = null;
// The last evaluation's report, kept for its JSON (rendered when the user
// downloads it: 20 MB for 10^5 records).
let last = null;

// The example dataset through the engine, twice, between messages: the
// browser runs WebAssembly through a baseline compiler first and optimises
// what runs hot, so without it the user's first evaluation took twice as
// long (docs/performance.md).
function warmUp(times) {
  if (times <= 0) return;
  setTimeout(() => {
    try { wasm_bindgen.warmUp(); } catch (e) { /* only a warm-up */ }
    warmUp(times - 1);
  }, 0);
}

function start() {
  if (!ready) {
    const text = atob(UPSKILL_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    ready = wasm_bindgen({ module_or_path: bytes }).then(() => warmUp(2));
  }
  return ready;
}

function filesOf(list) {
  const files = new wasm_bindgen.Files();
  for (const f of list) files.add(f.name, f.role, new Uint8Array(f.bytes), f.mapping ?? undefined);
  return files;
}

self.onmessage = async (event) => {
  const { id, op, files, options } = event.data;
  try {
    await start();
    if (op === 'hello') {
      self.postMessage({ id, result: { version: wasm_bindgen.version(), presets: JSON.parse(wasm_bindgen.presets()) } });
    } else if (op === 'recognise') {
      // Each file's role, format and first lines, and the mapping proposed
      // when it is not in the canonical format (none: read as it is).
      const result = files.map((f) => {
        const bytes = new Uint8Array(f.bytes);
        const recognised = JSON.parse(wasm_bindgen.recognise(f.name, bytes));
        const role = f.role || recognised.role;
        recognised.mapping = wasm_bindgen.chooseMapping(f.name, role, bytes) ?? null;
        // For the editor: the chosen mapping, or the one `map suggest`
        // proposes for a CSV file read as it is.
        const csv = ['sessions', 'roster', 'leave'].includes(role) && recognised.format === 'csv' && recognised.content !== 'xapi';
        recognised.proposal = recognised.mapping ?? (csv ? wasm_bindgen.mapSuggest(f.name, bytes, role, 200) : null);
        return recognised;
      });
      self.postMessage({ id, result });
    } else if (op === 'preview') {
      // files: the file previewed first, then the pledge if there is one.
      const given = filesOf(files);
      const result = JSON.parse(wasm_bindgen.preview(given, 0, options.rows));
      given.free();
      self.postMessage({ id, result });
    } else if (op === 'evaluate') {
      const given = filesOf(files);
      // Session bytes are read twice when the period comes from the data.
      const total = Math.max(1, files.filter((f) => f.role === 'sessions').reduce((n, f) => n + f.bytes.byteLength, 0));
      let read = 0;
      let shown = -1;
      const started = performance.now();
      const report = wasm_bindgen.evaluate(given, JSON.stringify(options), (n) => {
        read += n;
        const percent = Math.min(99, Math.floor((100 * read) / (2 * total)));
        if (percent !== shown) {
          shown = percent;
          self.postMessage({ id, progress: percent });
        }
      });
      const result = { summary: JSON.parse(report.summary), html: report.html, millis: performance.now() - started };
      given.free();
      if (last) last.free();
      last = report;
      self.postMessage({ id, result });
    } else if (op === 'report-json') {
      if (!last) throw new Error('nothing judged yet');
      self.postMessage({ id, result: last.json });
    } else if (op === 'validate') {
      const given = filesOf(files);
      const validation = wasm_bindgen.validate(given, JSON.stringify(options));
      const result = { json: validation.json, sarif: validation.sarif, text: validation.text };
      validation.free();
      given.free();
      self.postMessage({ id, result });
    } else {
      self.postMessage({ id, error: `unknown operation \`${op}\`` });
    }
  } catch (e) {
    self.postMessage({ id, error: String((e && e.message) || e) });
  }
};
