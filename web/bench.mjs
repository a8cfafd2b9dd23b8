// Times the page's engine outside the browser: the same WebAssembly module
// and wasm-bindgen glue as the page (web/build.sh), in Node's V8 (the
// engine of Chromium), on a dataset folder, phase by phase, after the
// worker's warm-up (WARM=0: without it). For profiling
// (docs/performance.md):
//
//   node web/bench.mjs DIR [AS_OF] [RUNS]
//   node --cpu-prof --cpu-prof-dir=target/web-prof web/bench.mjs DIR
//
// Environment: GLUE (default target/web-bindgen), the folder wasm-bindgen
// wrote (`upskill_wasm.js`, `upskill_wasm_bg.wasm`).
import fs from 'node:fs';
import path from 'node:path';

const [dir, asOf = '2026-05-11T08:00:00+00:00', runs = '3'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node web/bench.mjs DIR [AS_OF] [RUNS]');
  process.exit(2);
}
const glueDir = process.env.GLUE || 'target/web-bindgen';
const glue = fs.readFileSync(path.join(glueDir, 'upskill_wasm.js'), 'utf8');
// eslint-disable-next-line no-new-func
const wasmBindgen = new Function(`${glue}\nreturn wasm_bindgen;`)();
let t = performance.now();
await wasmBindgen({ module_or_path: fs.readFileSync(path.join(glueDir, 'upskill_wasm_bg.wasm')) });
console.log(`compile and instantiate: ${(performance.now() - t).toFixed(0)} ms`);

const names = fs.readdirSync(dir).filter((n) => /\.(csv|json|jsonl)$/.test(n)).sort();
const files = names.map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(dir, name))) }));
for (const f of files) f.role = JSON.parse(wasmBindgen.recognise(f.name, f.bytes)).role;
const bytes = files.reduce((n, f) => n + f.bytes.byteLength, 0);
console.log(`${files.length} files, ${(bytes / 1e6).toFixed(1)} MB: ${files.map((f) => `${f.name}=${f.role}`).join(' ')}`);

if (process.env.WARM !== '0') {
  // As the page's worker does once the module is loaded (worker.js).
  t = performance.now();
  wasmBindgen.warmUp();
  wasmBindgen.warmUp();
  console.log(`warm-up (the example, twice): ${(performance.now() - t).toFixed(0)} ms`);
}

for (let run = 0; run < Number(runs); run++) {
  t = performance.now();
  const given = new wasmBindgen.Files();
  for (const f of files) given.add(f.name, f.role, f.bytes, undefined);
  const copied = performance.now() - t;
  let calls = 0;
  t = performance.now();
  const report = wasmBindgen.evaluate(given, JSON.stringify({ as_of: asOf }), () => { calls += 1; });
  const summary = JSON.parse(report.summary);
  const html = report.html;
  const evaluated = performance.now() - t;
  t = performance.now();
  const json = report.json;
  const rendered = performance.now() - t;
  report.free();
  given.free();
  console.log(`run ${run + 1}: copy in ${copied.toFixed(0)} ms, evaluate ${evaluated.toFixed(0)} ms `
    + `(${calls} progress calls; HTML ${(html.length / 1e6).toFixed(2)} MB): ${summary.verdict}, `
    + `${summary.ledger.records_read} records; JSON report on demand ${rendered.toFixed(0)} ms (${(json.length / 1e6).toFixed(1)} MB)`);
}
