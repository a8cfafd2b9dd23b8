// The Web Worker: the engine (upskill-wasm) off the page's thread.
// web/build.sh puts the wasm-bindgen glue (`wasm_bindgen`) and the module
// (UPSKILL_WASM_BASE64) before this file. Messages in: {id, op, files,
// options}; out: {id, progress} while judging, then {id, result} or
// {id, error}.
'use strict';

let ready = null;

function start() {
  if (!ready) {
    const text = atob(UPSKILL_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    ready = wasm_bindgen({ module_or_path: bytes });
  }
  return ready;
}

function filesOf(list) {
  const files = new wasm_bindgen.Files();
  for (const f of list) files.add(f.name, f.role, new Uint8Array(f.bytes));
  return files;
}

self.onmessage = async (event) => {
  const { id, op, files, options } = event.data;
  try {
    await start();
    if (op === 'recognise') {
      const result = files.map((f) => JSON.parse(wasm_bindgen.recognise(f.name, new Uint8Array(f.bytes))));
      self.postMessage({ id, result, version: wasm_bindgen.version() });
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
      const result = { json: report.json, html: report.html, millis: performance.now() - started };
      report.free();
      given.free();
      self.postMessage({ id, result });
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
