//! The upskill library for the browser: the page in `web/` calls it as
//! WebAssembly, so a dataset is judged and an export validated on the
//! user's machine, with nothing uploaded.
//!
//! This crate owns the *shape of the calls* a page makes: files given as a
//! name, a role and bytes; options as one JSON object; answers as the very
//! strings the `upskill` command writes (the JSON report, the HTML report,
//! the validation JSON, SARIF and text, a proposed mapping). It holds no
//! rule of its own: it calls `upskill_dataset::evaluate`, the report
//! renderers of `upskill-report`, the validator of `upskill-schema` and the
//! mapping proposer of `upskill-mapping` (all through the facade `upskill`),
//! so the page and the command give the same answer for the same bytes.
//!
//! It does *not* read files, know a clock, or touch the network: the page
//! reads the files the user drops and gives the instant to judge at.
//!
//! The plain-Rust functions ([`recognise`], [`evaluate`], [`validate`],
//! [`map_suggest`] and their renderers) build and are tested on any target;
//! the JavaScript bindings over them exist only when built for `wasm32`
//! (`web/build.sh` runs `cargo build --target wasm32-unknown-unknown` and
//! `wasm-bindgen`; see `docs/web.md`).
//!
//! # Example
//!
//! ```
//! use upskill::io::example;
//! use upskill_wasm::{Role, WebFile, WebOptions, evaluate};
//!
//! let files: Vec<WebFile> = example::FILES
//!     .iter()
//!     .map(|(name, text)| WebFile::new(*name, upskill_wasm::recognise(name, text.as_bytes()).role, text.as_bytes()))
//!     .collect();
//! assert_eq!(files[0].role, Role::Pledge);
//! let options = WebOptions::from_json(r#"{"from": "2026-W10", "to": "2026-W19", "as_of": "2026-05-11T09:00:00+01:00"}"#)?;
//! let judged = evaluate(&files, &options, upskill::io::Progress::none())?;
//! assert!(judged.report_json()?.contains("\"verdict\""));
//! # Ok::<(), upskill_wasm::WebError>(())
//! ```

mod api;
#[cfg(target_arch = "wasm32")]
mod bindings;
mod mapped;

pub use api::{
    Judged, PREVIEW_LINES, Recognised, Role, WebDetail, WebError, WebFile, WebOptions, dataset,
    evaluate, map_suggest, mappings, recognise, validate, validation_json, validation_sarif,
    validation_text, warm_up,
};
pub use mapped::{PREVIEW_ROWS, PresetInfo, Preview, PreviewRow, choose_mapping, presets, preview};
