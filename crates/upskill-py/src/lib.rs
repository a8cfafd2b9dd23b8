//! Python bindings of upskill: the native module `upskill._upskill` behind
//! the Python package `upskill` (`python/upskill/__init__.py`, which turns
//! the JSON this module returns into Python values).
//!
//! This crate owns only the crossing into Python: argument conversion, the
//! Python exception classes, and releasing the GIL while the library works.
//! Everything it returns is what the facade `upskill` computes, rendered by
//! the same renderers the CLI uses, so `upskill.evaluate(path)` is the CLI's
//! `upskill evaluate path --format json` byte for byte (a test in
//! `tests/test_upskill.py` checks it). Arrow tables (pyarrow, Polars,
//! pandas) cross in through the Arrow C stream interface
//! (`__arrow_c_stream__`, one `unsafe` move out of its PyCapsule), and the
//! learner-week detail and the ledger cross out as Arrow IPC streams, which
//! the Python layer reads with pyarrow.
//!
//! Build and install with `pip install ./crates/upskill-py` (maturin, abi3
//! wheel for CPython 3.9 and later); see `docs/python.md`.

use std::path::{Path, PathBuf};

use arrow_array::RecordBatchReader;
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyCapsuleMethods};
use upskill::io::arrow::{
    ArrowTable, ColumnarReader, learner_week_batches, ledger_batches, write_ipc_stream,
};
use upskill::io::formats::DocumentKind;
use upskill::io::mapping::{Mapping, preset};
use upskill::io::report::{Style, html, json, text};
use upskill::io::{
    AsOf, DatasetError, DatasetFiles, EvaluateOptions, Mappings, PartialEvaluation, Source,
    evaluate, names,
};
use upskill::policy::{Detail, MergeError, StateError as EngineStateError};
use upskill::session::LearningSession;
use upskill::validate::{Input, ValidateOptions, render_json, validate};

create_exception!(
    _upskill,
    UpskillError,
    PyException,
    "A dataset or file upskill cannot use: a missing or unreadable file, a pledge or roster with errors, a bad option."
);

create_exception!(
    _upskill,
    StateError,
    UpskillError,
    "Bytes that are not a partial assessment of this set-up: its `code` attribute says why (`not_a_state`, `unsupported_version`, `wrong_length`, `corrupt`, `different_set_up`, `malformed`)."
);

/// The Python error of a partial-state error, with its `code`.
fn state_error(py: Python<'_>, error: &EngineStateError) -> PyErr {
    let code = match error {
        EngineStateError::NotAState => "not_a_state",
        EngineStateError::UnsupportedVersion { .. } => "unsupported_version",
        EngineStateError::WrongLength { .. } => "wrong_length",
        EngineStateError::Corrupt => "corrupt",
        EngineStateError::DifferentSetUp => "different_set_up",
        EngineStateError::Malformed(_) => "malformed",
        _ => "set_up",
    };
    with_code(py, StateError::new_err(error.to_string()), code)
}

/// `error` with the attribute `code` set.
fn with_code(py: Python<'_>, error: PyErr, code: &str) -> PyErr {
    // Setting an attribute on a fresh exception object cannot fail in
    // practice; if it did, the error is still raised, without its code.
    let _ = error.value(py).setattr("code", code);
    error
}

/// The Python error of a merge error.
fn merge_error(py: Python<'_>, error: MergeError) -> PyErr {
    with_code(
        py,
        StateError::new_err(error.to_string()),
        "different_set_up",
    )
}

/// The Python error of a dataset error: its message (which names the file
/// and, for reference data, every problem with its code and location);
/// for problems of the data, `code` is the first problem's code (`F008`,
/// `F020`, ...) and `codes` every listed problem's.
fn dataset_error(error: DatasetError) -> PyErr {
    let (codes, listed): (Vec<String>, Vec<String>) = match &error {
        DatasetError::Unusable { problems, .. } => problems
            .iter()
            .map(|p| (p.code.clone(), p.to_string()))
            .unzip(),
        _ => (Vec::new(), Vec::new()),
    };
    let mut message = error.to_string();
    for line in &listed {
        message.push_str("\n  ");
        message.push_str(line);
    }
    let raised = UpskillError::new_err(message);
    if let Some(first) = codes.first() {
        Python::attach(|py| {
            let _ = raised.value(py).setattr("code", first.as_str());
            let _ = raised.value(py).setattr("codes", codes.clone());
        });
    }
    raised
}

/// The Arrow C stream of `data`, an object with `__arrow_c_stream__` (a
/// pyarrow Table, RecordBatch or RecordBatchReader, a Polars DataFrame, a
/// pandas DataFrame of pandas 2.2 or later): the PyCapsule interface of
/// the Arrow C data interface, no copy of the columns.
///
/// # Errors
///
/// `TypeError` for an object without the method, or whose method does not
/// return an `arrow_array_stream` capsule; `UpskillError` when the stream
/// has no readable schema.
fn arrow_stream(data: &Bound<'_, PyAny>) -> PyResult<RecordBatchStreamReader> {
    if !data.hasattr("__arrow_c_stream__")? {
        return Err(PyTypeError::new_err(format!(
            "a table is read through the Arrow C stream interface (`__arrow_c_stream__`): a pyarrow Table, RecordBatch or RecordBatchReader, a Polars or pandas DataFrame, not `{}`",
            data.get_type().name()?
        )));
    }
    let capsule = data.call_method0("__arrow_c_stream__")?;
    let capsule = capsule
        .cast::<PyCapsule>()
        .map_err(|_| PyTypeError::new_err("`__arrow_c_stream__` did not return a PyCapsule"))?;
    let pointer = capsule
        .pointer_checked(Some(c"arrow_array_stream"))
        .map_err(|_| {
            PyTypeError::new_err(
                "`__arrow_c_stream__` did not return an `arrow_array_stream` capsule",
            )
        })?;
    let raw = pointer.as_ptr().cast::<FFI_ArrowArrayStream>();
    // SAFETY: the capsule is named `arrow_array_stream`, which the Arrow
    // PyCapsule interface reserves for a pointer to a valid, aligned,
    // initialised `struct ArrowArrayStream` (the C stream interface, whose
    // layout `FFI_ArrowArrayStream` is, `#[repr(C)]`), owned by the
    // capsule until moved out. `from_raw` moves it out and leaves the
    // struct released (its `release` null), so the capsule's destructor,
    // which calls `release` only when it is not null, does not release the
    // stream again; the capsule is alive (borrowed) during the move.
    #[allow(unsafe_code, reason = "the Arrow C stream interface")]
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(raw) };
    RecordBatchStreamReader::try_new(stream)
        .map_err(|e| UpskillError::new_err(format!("the Arrow stream cannot be read: {e}")))
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

/// The reference files of a set-up: `path` is a dataset directory or the
/// pledge file; the others default to the files of that directory (the
/// pledge file's own directory), leave and holidays only when present.
fn set_up_files(
    path: &Path,
    roster: Option<PathBuf>,
    leave: Option<PathBuf>,
    holidays: Option<PathBuf>,
) -> DatasetFiles {
    let (dir, pledge) = if path.is_dir() {
        (path.to_path_buf(), path.join(names::PLEDGE))
    } else {
        (
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            path.to_path_buf(),
        )
    };
    let roster = roster.unwrap_or_else(|| dir.join(names::ROSTER));
    let mut files = DatasetFiles::new(Source::path(pledge), Source::path(roster), Vec::new());
    match leave {
        Some(leave) => files = files.with_leave(Source::path(leave)),
        None if dir.join(names::LEAVE).is_file() => {
            files = files.with_leave(Source::path(dir.join(names::LEAVE)));
        }
        None => {}
    }
    match holidays {
        Some(holidays) => files = files.with_holidays(Source::path(holidays)),
        None if dir.join(names::HOLIDAYS).is_file() => {
            files = files.with_holidays(Source::path(dir.join(names::HOLIDAYS)));
        }
        None => {}
    }
    files
}

/// A set-up input given from Python: a path, or an Arrow table (through
/// `__arrow_c_stream__`, its batches collected without a copy of the
/// columns) named `name` in every location.
fn source_of(py: Python<'_>, data: &Bound<'_, PyAny>, name: &str) -> PyResult<Source> {
    if let Ok(path) = data.extract::<PathBuf>() {
        return Ok(Source::path(path));
    }
    let stream = arrow_stream(data)?;
    let schema = stream.schema();
    let table = py
        .detach(move || ArrowTable::try_collect(schema, stream))
        .map_err(|e| {
            with_code(
                py,
                UpskillError::new_err(format!("the table `{name}` cannot be read: {e}")),
                "F019",
            )
        })?;
    Ok(Source::arrow(name, table))
}

/// `assess_tables(pledge, roster, sessions, *, leave=None, holidays=None,
/// from_week=None, to_week=None, as_of=None, detail="learners") -> (json,
/// html, learner_weeks, ledger)`: the JSON and HTML reports of the
/// pledge (a path, or `(name, json text)`), roster, sessions (a list) and
/// leave, each a path or an Arrow table; the per-learner-week detail and
/// the ledger as Arrow IPC streams (bytes).
#[pyfunction]
#[pyo3(signature = (pledge, roster, sessions, *, leave=None, holidays=None, from_week=None, to_week=None, as_of=None, detail="learners"))]
#[allow(clippy::too_many_arguments, reason = "Python keyword arguments")]
fn assess_tables<'py>(
    py: Python<'py>,
    pledge: &Bound<'py, PyAny>,
    roster: &Bound<'py, PyAny>,
    sessions: Vec<(String, Bound<'py, PyAny>)>,
    leave: Option<&Bound<'py, PyAny>>,
    holidays: Option<PathBuf>,
    from_week: Option<String>,
    to_week: Option<String>,
    as_of: Option<&str>,
    detail: &str,
) -> PyResult<(String, String, Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
    let mut options = options(from_week, to_week, as_of, detail, Mappings::default())?;
    // The ledger is kept, as `upskill evaluate --ledger FILE` keeps it.
    options.engine.audit = true;
    let pledge = match pledge.extract::<(String, String)>() {
        Ok((name, text)) => Source::memory(name, text.into_bytes()),
        Err(_) => Source::path(pledge.extract::<PathBuf>()?),
    };
    let roster = source_of(py, roster, "roster")?;
    let mut inputs = Vec::with_capacity(sessions.len());
    for (name, data) in &sessions {
        inputs.push(source_of(py, data, name)?);
    }
    let mut files = DatasetFiles::new(pledge, roster, inputs);
    if let Some(leave) = leave {
        files = files.with_leave(source_of(py, leave, "leave")?);
    }
    if let Some(holidays) = holidays {
        files = files.with_holidays(Source::path(holidays));
    }
    let (json, html, weeks, ledger) =
        py.detach(move || -> PyResult<(String, String, Vec<u8>, Vec<u8>)> {
            let evaluation = evaluate(&files, &options).map_err(dataset_error)?;
            let failed = |e: &dyn std::fmt::Display| UpskillError::new_err(e.to_string());
            let json = json::render(&evaluation).map_err(|e| failed(&e))?;
            let html = html::render_evaluation(&evaluation, &html::HtmlOptions::default());
            let ipc = |(schema, batches): (_, Vec<_>)| write_ipc_stream(&schema, &batches);
            let weeks = learner_week_batches(&evaluation.assessment)
                .and_then(ipc)
                .map_err(|e| failed(&e))?;
            let ledger = ledger_batches(&evaluation.audit)
                .and_then(ipc)
                .map_err(|e| failed(&e))?;
            Ok((json, html, weeks, ledger))
        })?;
    Ok((
        json,
        html,
        PyBytes::new(py, &weeks),
        PyBytes::new(py, &ledger),
    ))
}

/// One part of an evaluation in parts (`upskill.Assessor` wraps it; see
/// its docstring).
#[pyclass(module = "upskill._upskill", name = "_Assessor")]
struct PyAssessor {
    part: PartialEvaluation,
}

#[pymethods]
impl PyAssessor {
    /// `_Assessor(path, *, from_week, to_week, as_of, detail="learners",
    /// roster=None, leave=None, holidays=None, mapping=[], preset=[])`.
    #[new]
    #[pyo3(signature = (path, *, from_week, to_week, as_of, detail="learners", roster=None, leave=None, holidays=None, mapping=Vec::new(), preset=Vec::new()))]
    #[allow(clippy::too_many_arguments, reason = "Python keyword arguments")]
    fn new(
        py: Python<'_>,
        path: PathBuf,
        from_week: String,
        to_week: String,
        as_of: &str,
        detail: &str,
        roster: Option<PathBuf>,
        leave: Option<PathBuf>,
        holidays: Option<PathBuf>,
        mapping: Vec<PathBuf>,
        preset: Vec<String>,
    ) -> PyResult<PyAssessor> {
        let options = options(
            Some(from_week),
            Some(to_week),
            Some(as_of),
            detail,
            mappings(mapping, preset)?,
        )?;
        let files = set_up_files(&path, roster, leave, holidays);
        let part = py
            .detach(move || PartialEvaluation::new(&files, &options))
            .map_err(dataset_error)?;
        Ok(PyAssessor { part })
    }

    /// Records read into this part so far.
    #[getter]
    fn records_read(&self) -> u64 {
        self.part.records_read()
    }

    /// Reads the session file `path` (CSV, JSON Lines or JSON records);
    /// returns the records it held.
    fn ingest_path(&mut self, py: Python<'_>, path: PathBuf) -> PyResult<u64> {
        let before = self.part.records_read();
        let part = &mut self.part;
        py.detach(|| part.ingest(&Source::path(path)))
            .map_err(dataset_error)?;
        Ok(self.part.records_read() - before)
    }

    /// Reads sessions CSV `text` (a header, then rows) named `name` in
    /// every location; returns the records it held.
    fn ingest_csv(&mut self, py: Python<'_>, name: String, text: String) -> PyResult<u64> {
        let before = self.part.records_read();
        let part = &mut self.part;
        py.detach(|| part.ingest(&Source::memory(name, text.into_bytes())))
            .map_err(dataset_error)?;
        Ok(self.part.records_read() - before)
    }

    /// Reads the session rows of `data`, an Arrow tabular object (through
    /// `__arrow_c_stream__`), named `name` in every location (row `N` at
    /// `name[N]`); returns the rows read. The batches are read one at a
    /// time without the GIL.
    #[pyo3(signature = (data, *, name="sessions"))]
    fn ingest_arrow(
        &mut self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        name: &str,
    ) -> PyResult<u64> {
        let stream = arrow_stream(data)?;
        let before = self.part.records_read();
        let reader = ColumnarReader::<LearningSession>::from_batches(
            name,
            stream.schema(),
            stream,
            self.part.session_read_options(),
        );
        let part = &mut self.part;
        py.detach(|| part.ingest_columnar(reader))
            .map_err(dataset_error)?;
        Ok(self.part.records_read() - before)
    }

    /// The partial state as bytes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let bytes = py.detach(|| self.part.to_bytes());
        PyBytes::new(py, &bytes)
    }

    /// A part with this one's set-up holding the state in `data`.
    fn fork_from_bytes(&self, py: Python<'_>, data: &[u8]) -> PyResult<PyAssessor> {
        let part = py
            .detach(|| self.part.fork_from_bytes(data))
            .map_err(|e| state_error(py, &e))?;
        Ok(PyAssessor { part })
    }

    /// Adds `other`'s records to this part (`other` is left as it was).
    fn merge(&mut self, py: Python<'_>, other: &PyAssessor) -> PyResult<()> {
        let merged = self
            .part
            .clone()
            .merge(other.part.clone())
            .map_err(|e| merge_error(py, e))?;
        self.part = merged;
        Ok(())
    }

    /// `(json, html)`: the reports of the records read so far (this part
    /// is left as it was).
    fn finish(&self, py: Python<'_>) -> PyResult<(String, String)> {
        let part = self.part.clone();
        py.detach(move || -> PyResult<(String, String)> {
            let evaluation = part.finish().map_err(dataset_error)?;
            let json =
                json::render(&evaluation).map_err(|e| UpskillError::new_err(e.to_string()))?;
            let html = html::render_evaluation(&evaluation, &html::HtmlOptions::default());
            Ok((json, html))
        })
    }
}

/// The native module.
#[pymodule]
fn _upskill(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("UpskillError", m.py().get_type::<UpskillError>())?;
    m.add("StateError", m.py().get_type::<StateError>())?;
    m.add_class::<PyAssessor>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(evaluate_json, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(validate_json, m)?)?;
    m.add_function(wrap_pyfunction!(assess_tables, m)?)?;
    Ok(())
}
