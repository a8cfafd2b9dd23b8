//! The JavaScript bindings (`wasm32` only): thin wrappers over the plain
//! functions of this crate, errors as JavaScript `Error`s with the
//! command's text.

use std::cell::RefCell;

use upskill::io::Progress;
use wasm_bindgen::prelude::*;

use crate::api::{self, Role, WebError, WebFile, WebOptions};

fn js_error(e: &WebError) -> JsError {
    JsError::new(&e.describe())
}

/// The files the user gave, each with its role.
#[wasm_bindgen]
#[derive(Default)]
pub struct Files {
    inner: Vec<WebFile>,
}

#[wasm_bindgen]
impl Files {
    /// No files yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Files {
        Files::default()
    }

    /// Adds a file `name` with role `role` (see `Role::name`), its bytes,
    /// and the mapping (TOML) it is read through, if any.
    pub fn add(
        &mut self,
        name: String,
        role: &str,
        bytes: Vec<u8>,
        mapping: Option<String>,
    ) -> Result<(), JsError> {
        let role = Role::parse(role).map_err(|e| js_error(&e))?;
        self.inner
            .push(WebFile::new(name, role, bytes).with_mapping(mapping));
        Ok(())
    }

    /// How many files were added.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }
}

/// What the file `name` with these bytes is, as JSON (see `Recognised`).
#[wasm_bindgen]
pub fn recognise(name: &str, bytes: &[u8]) -> Result<String, JsError> {
    serde_json::to_string(&api::recognise(name, bytes)).map_err(|e| JsError::new(&e.to_string()))
}

/// Reads the options, filling `as_of` from the browser's clock when the
/// page gave none (WebAssembly itself has no clock).
fn options(json: &str) -> Result<WebOptions, JsError> {
    let mut options = WebOptions::from_json(json).map_err(|e| js_error(&e))?;
    if options.as_of.is_none() {
        options.as_of = js_sys::Date::new_0().to_iso_string().as_string();
    }
    Ok(options)
}

thread_local! {
    static ON_PROGRESS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// A judged dataset: its reports. The JSON report is rendered when asked
/// for (it is large; the page asks to download it); the summary and the
/// HTML report (small: no per-learner table beyond the most behind) at once.
#[wasm_bindgen]
pub struct Report {
    judged: api::Judged,
    html: String,
    summary: String,
}

#[wasm_bindgen]
impl Report {
    /// The JSON report (what `upskill evaluate --format json` writes).
    #[wasm_bindgen(getter)]
    pub fn json(&self) -> Result<String, JsError> {
        self.judged.report_json().map_err(|e| js_error(&e))
    }

    /// The HTML report (what `upskill evaluate --out report.html` writes).
    #[wasm_bindgen(getter)]
    pub fn html(&self) -> String {
        self.html.clone()
    }

    /// The verdict, learner-week rate and records read, as JSON in the
    /// report's shape (see `Judged::summary_json`).
    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> String {
        self.summary.clone()
    }
}

/// Runs the example dataset through the engine and drops the answers, so
/// that the browser optimises the hot functions before the user's
/// evaluation (see `warm_up`).
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() -> Result<(), JsError> {
    api::warm_up().map_err(|e| js_error(&e))
}

/// Evaluates the files with the options (JSON, see `WebOptions`);
/// `on_progress`, if given, is called with each number of session bytes
/// read.
#[wasm_bindgen]
pub fn evaluate(
    files: &Files,
    options_json: &str,
    on_progress: Option<js_sys::Function>,
) -> Result<Report, JsError> {
    let options = options(options_json)?;
    let progress = match on_progress {
        Some(f) => {
            ON_PROGRESS.with(|slot| *slot.borrow_mut() = Some(f));
            Progress::new(|bytes| {
                ON_PROGRESS.with(|slot| {
                    if let Some(f) = slot.borrow().as_ref() {
                        let _ = f.call1(&JsValue::NULL, &JsValue::from_f64(bytes as f64));
                    }
                });
            })
        }
        None => Progress::none(),
    };
    let judged = api::evaluate(&files.inner, &options, progress);
    ON_PROGRESS.with(|slot| *slot.borrow_mut() = None);
    let judged = judged.map_err(|e| js_error(&e))?;
    Ok(Report {
        html: judged.report_html(),
        summary: judged.summary_json().map_err(|e| js_error(&e))?,
        judged,
    })
}

/// A validated set of files: its reports in three formats.
#[wasm_bindgen]
pub struct Validation {
    json: String,
    sarif: String,
    text: String,
}

#[wasm_bindgen]
impl Validation {
    /// `upskill validate --format json`.
    #[wasm_bindgen(getter)]
    pub fn json(&self) -> String {
        self.json.clone()
    }

    /// `upskill validate --format sarif`.
    #[wasm_bindgen(getter)]
    pub fn sarif(&self) -> String {
        self.sarif.clone()
    }

    /// `upskill validate` (text).
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.text.clone()
    }
}

/// Validates every file by its role (options: JSON, see `WebOptions`).
#[wasm_bindgen]
pub fn validate(files: &Files, options_json: &str) -> Result<Validation, JsError> {
    let options = WebOptions::from_json(options_json).map_err(|e| js_error(&e))?;
    let reports = api::validate(&files.inner, &options).map_err(|e| js_error(&e))?;
    Ok(Validation {
        json: api::validation_json(&reports).map_err(|e| js_error(&e))?,
        sarif: api::validation_sarif(&reports),
        text: api::validation_text(&reports),
    })
}

/// A proposed mapping (TOML) for a CSV export (`upskill map suggest`).
#[wasm_bindgen(js_name = mapSuggest)]
pub fn map_suggest(name: &str, bytes: &[u8], kind: &str, rows: usize) -> Result<String, JsError> {
    api::map_suggest(name, bytes, kind, rows).map_err(|e| js_error(&e))
}

/// The built-in mappings (`upskill map list`), as JSON: an array of
/// `{name, kind, description, toml}`.
#[wasm_bindgen]
pub fn presets() -> Result<String, JsError> {
    serde_json::to_string(&crate::mapped::presets()).map_err(|e| JsError::new(&e.to_string()))
}

/// The mapping (TOML) proposed for the file `name` of role `role`, or
/// `undefined` when it is read as it is (see `choose_mapping`).
#[wasm_bindgen(js_name = chooseMapping)]
pub fn choose_mapping(name: &str, role: &str, bytes: &[u8]) -> Result<Option<String>, JsError> {
    let role = Role::parse(role).map_err(|e| js_error(&e))?;
    Ok(crate::mapped::choose_mapping(name, role, bytes))
}

/// The first `rows` rows of file number `index` of `files`, as the
/// evaluation reads them, as JSON (see `Preview`); the pledge among the
/// files gives the zone of `time_zone = "pledge"`.
#[wasm_bindgen]
pub fn preview(files: &Files, index: usize, rows: usize) -> Result<String, JsError> {
    let file = files
        .inner
        .get(index)
        .ok_or_else(|| JsError::new(&format!("no file number {index}")))?;
    let pledge = files.inner.iter().find(|f| f.role == Role::Pledge);
    let preview = crate::mapped::preview(file, pledge, rows).map_err(|e| js_error(&e))?;
    serde_json::to_string(&preview).map_err(|e| JsError::new(&e.to_string()))
}

/// The library's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
