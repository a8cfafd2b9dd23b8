#!/usr/bin/env node
// Generates the xAPI conformance sweep's test data from the ADL LRS
// conformance test suite's own statement configurations.
//
// Usage:
//   git clone https://github.com/adlnet/lrs-conformance-test-suite SUITE
//   node scripts/conformance/generate.js SUITE \
//     > crates/upskill-xapi/tests/data/conformance/cases.jsonl
//
// SUITE is a checkout of the suite (the directory holding `test/`); write
// its commit (`git -C SUITE rev-parse HEAD`) into the data directory's
// README.md. Needs Node.js and nothing else: none of the suite's npm
// dependencies are loaded.
//
// What it reads. Each of the suite's versions (`test/v1_0_3`, `test/v2_0`,
// and the older `test/v1_0_2`, whose cases the 1.0.3 suite revised) has
// `configs/*.js`, CommonJS modules whose `config()` returns groups of
// tests; a test is a statement built from `templates` (an ordered list of
// one-key objects: a `{{folder.file}}` reference to `templates/folder/
// file.json`, or literal JSON) or given whole as `json`, and `expect`s 200
// (the LRS accepts the POSTed statement) or 400 (it rejects it). Only
// configurations are read; the suite's request code and prose are not used.
//
// How a statement is built (the suite's documented templating: later list
// items are merged, deeply, into the value of the item before them, from the
// end of the list to its start; the first item's value is the statement):
//   - a `{{folder.file}}` string is replaced by a fresh copy of that template;
//   - merging copies each key of the later object into the earlier value:
//     objects and arrays are merged member by member (arrays by index),
//     `undefined` leaves the earlier value as it is, anything else replaces
//     it (the semantics of jQuery's deep `extend`, which the suite uses);
//   - the statement is then serialised as JSON (`undefined` members vanish,
//     a `Date` becomes its ISO string), as the HTTP client would send it.
// Two configurations call the suite's helper (`generateUUID`) or the clock;
// both are made deterministic here (a counter-based UUID; the clock is fixed
// at GENERATED_AT, time zone UTC) so the output is reproducible.
//
// Output: JSON Lines, one case per line, in suite order:
//   {"id": "v1_0_3/agents/017", "version": "1.0.3",
//    "suite_file": "test/v1_0_3/configs/agents.js",
//    "group": "<describe name>", "test": "<it name>",
//    "expect": "accept" | "reject", "statement": <the JSON POSTed>}
// `version` is the xAPI version the directory's cases are written for (the
// statements themselves carry a `version` only where a case sets one). The
// Rust test `crates/upskill-xapi/tests/conformance.rs` runs every case.
"use strict";

const fs = require("fs");
const path = require("path");
const Module = require("module");

process.env.TZ = "UTC";

/** The fixed "now" for configurations that read the clock. */
const GENERATED_AT = Date.UTC(2026, 10, 30, 12, 0, 0);

/** Suite version directories read, with the xAPI version each is written for. */
const VERSIONS = [
  { dir: "v1_0_3", header: "1.0.3" },
  { dir: "v2_0", header: "2.0.0" },
  { dir: "v1_0_2", header: "1.0.2" },
];

function main() {
  const suite = process.argv[2];
  if (!suite || !fs.existsSync(path.join(suite, "test"))) {
    process.stderr.write("usage: generate.js SUITE_CHECKOUT > cases.jsonl\n");
    process.exit(2);
  }
  fixClock();
  stubHelper();
  const out = [];
  for (const { dir, header } of VERSIONS) {
    const base = path.resolve(suite, "test", dir);
    const templates = readTemplates(path.join(base, "templates"));
    const configDir = path.join(base, "configs");
    for (const file of fs.readdirSync(configDir).filter((f) => f.endsWith(".js")).sort()) {
      const groups = require(path.join(configDir, file)).config();
      let n = 0;
      for (const group of groups) {
        for (const test of group.config) {
          n += 1;
          out.push({
            id: `${dir}/${file.replace(/\.js$/, "")}/${String(n).padStart(3, "0")}`,
            version: header,
            suite_file: `test/${dir}/configs/${file}`,
            group: group.name,
            test: test.name,
            expect: expectation(test.expect, test.name),
            statement: JSON.parse(JSON.stringify(build(test, templates))),
          });
        }
      }
    }
  }
  process.stdout.write(out.map((c) => JSON.stringify(c)).join("\n") + "\n");
  process.stderr.write(`${out.length} cases\n`);
}

/** `accept` for [200], `reject` for [400]; anything else stops the run. */
function expectation(expect, name) {
  if (expect.length === 1 && expect[0] === 200) return "accept";
  if (expect.length === 1 && expect[0] === 400) return "reject";
  throw new Error(`unexpected expect ${JSON.stringify(expect)} in ${name}`);
}

/** Every `templates/<folder>/<file>.json`, parsed, keyed `folder` then `file`. */
function readTemplates(dir) {
  const mapping = {};
  for (const folder of fs.readdirSync(dir).sort()) {
    const folderPath = path.join(dir, folder);
    if (!fs.statSync(folderPath).isDirectory()) continue;
    mapping[folder] = {};
    for (const file of fs.readdirSync(folderPath).filter((f) => f.endsWith(".json"))) {
      mapping[folder][file.slice(0, -5)] = fs.readFileSync(path.join(folderPath, file), "utf8");
    }
  }
  return mapping;
}

/** The statement (or statements) one test POSTs. */
function build(test, templates) {
  if (!test.templates) return test.json;
  const items = test.templates.map((item) => {
    const key = Object.keys(item)[0];
    const value = item[key];
    if (typeof value === "string" && value.startsWith("{{") && value.endsWith("}}")) {
      const [folder, file] = value.slice(2, -2).split(".");
      const text = templates[folder] && templates[folder][file];
      if (text === undefined) throw new Error(`no template ${value} in ${test.name}`);
      return { [key]: JSON.parse(text) };
    }
    return item;
  });
  // Fold from the end: each item's contents go into the value of the one before.
  let later = items[items.length - 1];
  for (let i = items.length - 2; i >= 0; i -= 1) {
    const value = items[i][Object.keys(items[i])[0]];
    if (value !== null && typeof value === "object") deepMerge(value, later);
    later = items[i];
  }
  return later[Object.keys(later)[0]];
}

function isPlainObject(v) {
  return Object.prototype.toString.call(v) === "[object Object]";
}

/** Merges `source` into `target` in place (deep; arrays by index). */
function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    const copy = source[key];
    const current = target[key];
    if (copy === target) continue;
    if (Array.isArray(copy)) {
      target[key] = deepMerge(Array.isArray(current) ? current : [], copy);
    } else if (isPlainObject(copy)) {
      target[key] = deepMerge(isPlainObject(current) ? current : {}, copy);
    } else if (copy !== undefined) {
      target[key] = copy;
    }
  }
  return target;
}

/** `Date.now()` and `new Date()` give GENERATED_AT. */
function fixClock() {
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(GENERATED_AT);
      else super(...args);
    }
    static now() {
      return GENERATED_AT;
    }
  }
  global.Date = FixedDate;
}

/** The suite's `helper.js` (which needs its npm dependencies) is replaced by
 * the one function the configurations call. */
function stubHelper() {
  let counter = 0;
  const helper = {
    generateUUID() {
      counter += 1;
      const hex = counter.toString(16).padStart(12, "0");
      return `00000000-0000-4000-8000-${hex}`;
    },
  };
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (/(^|\/)helper(\.js)?$/.test(request)) return helper;
    return load.call(this, request, parent, isMain);
  };
}

main();
