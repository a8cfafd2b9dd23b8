//! Python bindings of upskill: the native module `upskill._upskill` behind
//! the Python package `upskill` (`python/upskill/__init__.py`, which turns
//! the JSON this module returns into Python values).
//!
//! This crate owns only the crossing into Python: argument conversion, the
//! Python exception classes, and releasing the GIL while the library works.
//! Everything it returns is what the facade `upskill` computes, rendered by
//! the same renderers the CLI uses, so `upskill.evaluate(path)` is the CLI's
//! `upskill evaluate path --format json` byte for byte (a test in
//! `tests/test_upskill.py` checks it). It does not read Arrow or Parquet
//! (not yet: issue 17), nor hold partial assessments across processes.
//!
//! Build and install with `pip install ./crates/upskill-py` (maturin, abi3
//! wheel for CPython 3.9 and later); see `docs/python.md`.

use std::path::PathBuf;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use upskill::io::formats::DocumentKind;
use upskill::io::mapping::{Mapping, preset};
use upskill::io::report::{Style, html, json, text};
use upskill::io::{AsOf, DatasetError, DatasetFiles, EvaluateOptions, Mappings, Source, evaluate};
use upskill::policy::Detail;
use upskill::validate::{Input, ValidateOptions, render_json, validate};

create_exception!(
    _upskill,
    UpskillError,
    PyException,
    "A dataset or file upskill cannot use: a missing or unreadable file, a pledge or roster with errors, a bad option."
);

/// The Python error of a dataset error: its message (which names the file
/// and, for reference data, every problem with its code and location).
fn dataset_error(error: DatasetError) -> PyErr {
    UpskillError::new_err(error.to_string())
}

/// Options shared by `evaluate` and `report`, read from Python arguments.
fn options(
    from_week: Option<String>,
    to_week: Option<String>,
    as_of: Option<&str>,
    detail: &str,
    mappings: Mappings,
) -> PyResult<EvaluateOptions> {
    let mut options = EvaluateOptions {
        from: from_week,
        to: to_week,
        mappings,
        ..EvaluateOptions::default()
    };
    if let Some(text) = as_of {
        options.as_of = AsOf::parse(text).map_err(|e| PyValueError::new_err(e.to_string()))?;
    }
    options.engine.detail = match detail {
        "learners" => Detail::Learners,
        "teams" => Detail::Teams,
        "none" => Detail::None,
        other => {
            return Err(PyValueError::new_err(format!(
                "`detail` is `learners`, `teams` or `none`, not `{other}`"
            )));
        }
    };
    Ok(options)
}

/// Import mappings from files (TOML or JSON) and preset names.
fn mappings(files: Vec<PathBuf>, presets: Vec<String>) -> PyResult<Mappings> {
    let mut all = Mappings::default();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|e| {
            UpskillError::new_err(format!(
                "the mapping `{}` cannot be read: {e}",
                path.display()
            ))
        })?;
        let mapping = Mapping::from_str_any(&text)
            .map_err(|e| UpskillError::new_err(format!("the mapping `{}`: {e}", path.display())))?;
        all.add(mapping).map_err(dataset_error)?;
    }
    for name in presets {
        let mapping = preset(&name).map_err(|e| UpskillError::new_err(e.to_string()))?;
        all.add(mapping).map_err(dataset_error)?;
    }
    Ok(all)
}

/// Evaluates the dataset directory `path` and renders the report as
/// `format` (`json`, `text` or `html`).
#[allow(clippy::too_many_arguments, reason = "Python keyword arguments")]
fn run(
    py: Python<'_>,
    path: PathBuf,
    format: &str,
    from_week: Option<String>,
    to_week: Option<String>,
    as_of: Option<&str>,
    detail: &str,
    mapping: Vec<PathBuf>,
    preset: Vec<String>,
) -> PyResult<String> {
    if !matches!(format, "json" | "text" | "html") {
        return Err(PyValueError::new_err(format!(
            "`format` is `json`, `text` or `html`, not `{format}`"
        )));
    }
    let options = options(
        from_week,
        to_week,
        as_of,
        detail,
        mappings(mapping, preset)?,
    )?;
    let format = format.to_string();
    py.detach(move || -> PyResult<String> {
        let files = DatasetFiles::open(&path).map_err(dataset_error)?;
        let evaluation = evaluate(&files, &options).map_err(dataset_error)?;
        match format.as_str() {
            "text" => Ok(text::render_evaluation(
                &evaluation,
                &text::TextOptions::new(Style::PLAIN),
            )),
            "html" => Ok(html::render_evaluation(
                &evaluation,
                &html::HtmlOptions::default(),
            )),
            _ => json::render(&evaluation).map_err(|e| UpskillError::new_err(e.to_string())),
        }
    })
}

/// `evaluate(path, *, from_week=None, to_week=None, as_of=None,
/// detail="learners", mapping=[], preset=[]) -> str`: the JSON report of
/// the dataset directory `path`, as `upskill evaluate path --format json`
/// writes it. The Python wrapper parses it into a `dict`.
#[pyfunction]
#[pyo3(signature = (path, *, from_week=None, to_week=None, as_of=None, detail="learners", mapping=Vec::new(), preset=Vec::new()))]
#[allow(clippy::too_many_arguments, reason = "Python keyword arguments")]
fn evaluate_json(
    py: Python<'_>,
    path: PathBuf,
    from_week: Option<String>,
    to_week: Option<String>,
    as_of: Option<&str>,
    detail: &str,
    mapping: Vec<PathBuf>,
    preset: Vec<String>,
) -> PyResult<String> {
    run(
        py, path, "json", from_week, to_week, as_of, detail, mapping, preset,
    )
}

/// `report(path, *, format="text", ...) -> str`: the report of the dataset
/// directory `path` as text (no colour) or a self-contained HTML page.
#[pyfunction]
#[pyo3(signature = (path, *, format="text", from_week=None, to_week=None, as_of=None, detail="learners", mapping=Vec::new(), preset=Vec::new()))]
#[allow(clippy::too_many_arguments, reason = "Python keyword arguments")]
fn report(
    py: Python<'_>,
    path: PathBuf,
    format: &str,
    from_week: Option<String>,
    to_week: Option<String>,
    as_of: Option<&str>,
    detail: &str,
    mapping: Vec<PathBuf>,
    preset: Vec<String>,
) -> PyResult<String> {
    run(
        py, path, format, from_week, to_week, as_of, detail, mapping, preset,
    )
}

/// `validate_json(path, *, kind=None) -> str`: the validation report of one
/// file as `upskill validate FILE --format json` gives it (problems with
/// code, severity, location and message; summary counts). The kind
/// (`sessions`, `roster`, `leave`, `holidays`, `pledge`, `people`, `xapi`)
/// is told by the content unless given.
#[pyfunction]
#[pyo3(signature = (path, *, kind=None))]
fn validate_json(py: Python<'_>, path: PathBuf, kind: Option<&str>) -> PyResult<String> {
    let told = match kind {
        None => None,
        Some(name) => Some(DocumentKind::ALL.into_iter().find(|k| k.name() == name).ok_or_else(|| {
            PyValueError::new_err(format!(
                "`kind` is one of sessions, roster, leave, holidays, pledge, people, xapi, not `{name}`"
            ))
        })?),
    };
    py.detach(move || -> PyResult<String> {
        let source = Source::path(&path);
        let opened = source.open().map_err(dataset_error)?;
        let kind = told.unwrap_or_else(|| DocumentKind::detect(&source.file_name(), opened.head()));
        let report = validate(
            kind,
            Input::new(source.name(), opened.into_reader()),
            &ValidateOptions::new(),
        );
        Ok(render_json(&report))
    })
}

/// The native module.
#[pymodule]
fn _upskill(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("UpskillError", m.py().get_type::<UpskillError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(evaluate_json, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(validate_json, m)?)?;
    Ok(())
}
