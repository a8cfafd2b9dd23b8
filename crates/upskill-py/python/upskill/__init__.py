"""Judge a micro-upskilling pledge and validate learning-record exports.

The functions here call the Rust library ``upskill`` (the same code as the
``upskill`` command line), so a report is the CLI's report byte for byte:

>>> import upskill
>>> report = upskill.evaluate("crates/upskill-dataset/example", as_of="2026-05-11")  # doctest: +SKIP
>>> report["verdict"]  # doctest: +SKIP
'met'

Shapes and units are those of the JSON report (``docs/report.md``): minutes
are whole minutes, rates are fractions from 0 to 1, weeks are ISO week labels
such as ``"2026-W10"`` in the organisation's time zone.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from ._upskill import StateError, UpskillError, __version__
from ._upskill import _Assessor
from ._upskill import assess_tables as _assess_tables
from ._upskill import evaluate_json as _evaluate_json
from ._upskill import report as _report
from ._upskill import validate_json as _validate_json

__all__ = [
    "Assessment",
    "Assessor",
    "assess",
    "StateError",
    "UpskillError",
    "Report",
    "evaluate",
    "report",
    "validate",
    "SESSION_COLUMNS",
    "__version__",
]

PathLike = Union[str, "os.PathLike[str]"]


def _paths(value: Union[None, PathLike, Sequence[PathLike]]) -> List[str]:
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)]
    return [os.fspath(v) for v in value]


def _names(value: Union[None, str, Sequence[str]]) -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


class Report(dict):
    """The JSON report of an evaluation, as a ``dict``.

    It renders as the HTML report in Jupyter (``_repr_html_``), from the same
    renderer as ``upskill evaluate --format html``.
    """

    _html: Optional[str] = None

    def _repr_html_(self) -> str:
        return self._html or ""


def evaluate(
    path: PathLike,
    *,
    from_week: Optional[str] = None,
    to_week: Optional[str] = None,
    as_of: Optional[str] = None,
    detail: str = "learners",
    mapping: Union[None, PathLike, Sequence[PathLike]] = None,
    preset: Union[None, str, Sequence[str]] = None,
) -> Report:
    """Judges the dataset directory ``path`` and returns the JSON report.

    ``path`` holds ``pledge.json``, ``roster.csv``, session files and
    optionally ``leave.csv``, ``holidays.csv``, ``people.json`` (see
    ``docs/formats.md``). ``from_week``/``to_week`` are week labels
    (``"2026-W10"``); without them the period comes from the data.
    ``as_of`` is an RFC 3339 instant or a date ``YYYY-MM-DD`` (default: now).
    ``detail`` is ``"learners"``, ``"teams"`` (no per-learner rows: a report
    to share) or ``"none"``. ``mapping`` is one or more import mapping files
    and ``preset`` one or more built-in mapping names (``upskill map list``),
    for exports not in the canonical format.

    Raises ``UpskillError`` for a dataset that cannot be judged (a missing
    file, a pledge or roster with errors; the message lists each problem
    with its code and location) and ``ValueError`` for a bad argument.
    """
    args = dict(
        from_week=from_week,
        to_week=to_week,
        as_of=as_of,
        detail=detail,
        mapping=_paths(mapping),
        preset=_names(preset),
    )
    result = Report(json.loads(_evaluate_json(os.fspath(path), **args)))
    result._html = _report(os.fspath(path), format="html", **args)
    return result


def report(
    path: PathLike,
    *,
    format: str = "text",
    from_week: Optional[str] = None,
    to_week: Optional[str] = None,
    as_of: Optional[str] = None,
    detail: str = "learners",
    mapping: Union[None, PathLike, Sequence[PathLike]] = None,
    preset: Union[None, str, Sequence[str]] = None,
) -> str:
    """The report of the dataset directory ``path`` as ``"text"`` (no
    colour), ``"html"`` (one self-contained page) or ``"json"``; the other
    arguments are those of :func:`evaluate`."""
    return _report(
        os.fspath(path),
        format=format,
        from_week=from_week,
        to_week=to_week,
        as_of=as_of,
        detail=detail,
        mapping=_paths(mapping),
        preset=_names(preset),
    )


def validate(path: PathLike, *, kind: Optional[str] = None) -> Dict[str, Any]:
    """Validates one file and returns its validation report: ``valid``,
    ``summary`` counts and ``problems``, each with a stable ``code``
    (``docs/validation-codes.md``), ``severity``, ``location`` (file, line,
    column or JSON pointer) and ``message``.

    ``kind`` is ``sessions``, ``roster``, ``leave``, ``holidays``, ``pledge``,
    ``people`` or ``xapi``; by default it is told from the content.
    Raises ``UpskillError`` when the file cannot be opened.
    """
    return json.loads(_validate_json(os.fspath(path), kind=kind))


#: The canonical sessions CSV columns (``docs/formats.md``), the order in
#: which :meth:`Assessor.ingest` reads tuples unless given ``columns``.
SESSION_COLUMNS = (
    "record_id",
    "learner_id",
    "start",
    "end",
    "activity",
    "title",
    "source",
    "skill_areas",
    "self_reported",
)


def _cell(value: Any) -> str:
    """One value as the sessions CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ";".join(_cell(v) for v in value)
    return str(value)


def _rows_csv(rows: Iterable[Any], columns: Optional[Sequence[str]]) -> str:
    """Rows (dicts, or tuples in ``columns`` order) as sessions CSV text."""
    rows = list(rows)
    if columns is None:
        if rows and all(isinstance(r, Mapping) for r in rows):
            seen: Dict[str, None] = {}
            for r in rows:
                for key in r:
                    seen.setdefault(str(key), None)
            columns = list(seen)
        else:
            columns = list(SESSION_COLUMNS)
    columns = list(columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        if isinstance(r, Mapping):
            writer.writerow([_cell(r.get(c)) for c in columns])
        else:
            cells = list(r)
            if len(cells) > len(columns):
                raise ValueError(
                    f"a row has {len(cells)} values but there are {len(columns)} columns: {columns}"
                )
            writer.writerow([_cell(v) for v in cells] + [""] * (len(columns) - len(cells)))
    return out.getvalue()


def _is_pandas(data: Any) -> bool:
    return type(data).__module__.split(".")[0] == "pandas"


def _arrow_tabular(data: Any) -> Any:
    """``data`` as an object with ``__arrow_c_stream__``.

    A pandas DataFrame goes through ``pyarrow.Table.from_pandas`` (without
    its index): a column that is all missing values (``NaN`` in a float
    column, as ``read_csv`` gives an empty column) becomes an Arrow null
    column, so that an empty ``title`` reads as empty text, not as a
    floating-point column. A pyarrow ``RecordBatch`` of a pyarrow without
    the stream method is wrapped in a ``Table``.
    """
    if _is_pandas(data):
        import pyarrow as pa

        table = pa.Table.from_pandas(data, preserve_index=False)
        for i, column in enumerate(table.columns):
            if len(column) and column.null_count == len(column) and not pa.types.is_null(column.type):
                table = table.set_column(i, table.field(i).name, pa.nulls(len(column)))
        return table
    if hasattr(data, "__arrow_c_stream__"):
        return data
    module = type(data).__module__.split(".")[0]
    if module == "pyarrow" and hasattr(data, "schema") and hasattr(data, "num_rows"):
        import pyarrow as pa

        return pa.Table.from_batches([data])
    if module == "polars" and hasattr(data, "to_arrow"):
        return data.to_arrow()
    return data


class Assessor:
    """One part of an evaluation in parts: the set-up of a dataset read
    once, the session records of this part, and a state that travels
    between processes as bytes.

    Make one per worker process with the same set-up, :meth:`ingest` that
    worker's records, ship :meth:`to_bytes` to one process, read each back
    with :meth:`from_bytes`, :meth:`merge` them in any order, and
    :meth:`finish`: the report equals :func:`evaluate` on all the records at
    once (its ``inputs`` list is empty: no process saw every input).

    ``path`` is a dataset directory (``pledge.json``, ``roster.csv``,
    optionally ``leave.csv`` and ``holidays.csv``; session files in it are
    *not* read) or a pledge file, whose directory holds the others unless
    ``roster``, ``leave`` or ``holidays`` name them. ``from_week`` and
    ``to_week`` (week labels such as ``"2026-W10"``) and ``as_of`` (an RFC
    3339 instant or a date ``YYYY-MM-DD``) are required: every part must
    judge the same period at the same instant. ``detail``, ``mapping`` and
    ``preset`` are those of :func:`evaluate`.

    Raises ``UpskillError`` when the set-up cannot be read (the message
    lists each problem with its code and location) and ``ValueError`` for
    a bad argument.
    """

    def __init__(
        self,
        path: PathLike,
        *,
        from_week: str,
        to_week: str,
        as_of: str,
        detail: str = "learners",
        roster: Optional[PathLike] = None,
        leave: Optional[PathLike] = None,
        holidays: Optional[PathLike] = None,
        mapping: Union[None, PathLike, Sequence[PathLike]] = None,
        preset: Union[None, str, Sequence[str]] = None,
    ) -> None:
        self._inner = _Assessor(
            os.fspath(path),
            from_week=from_week,
            to_week=to_week,
            as_of=as_of,
            detail=detail,
            roster=None if roster is None else os.fspath(roster),
            leave=None if leave is None else os.fspath(leave),
            holidays=None if holidays is None else os.fspath(holidays),
            mapping=_paths(mapping),
            preset=_names(preset),
        )

    @classmethod
    def _wrap(cls, inner: Any) -> "Assessor":
        assessor = cls.__new__(cls)
        assessor._inner = inner
        return assessor

    @property
    def records_read(self) -> int:
        """Records read into this part (its own and those merged in)."""
        return self._inner.records_read

    def ingest(
        self,
        data: Union[PathLike, Iterable[Any]],
        *,
        columns: Optional[Sequence[str]] = None,
        name: str = "rows",
    ) -> int:
        """Reads session records into this part; returns how many were read.

        ``data`` is a session file (a path: CSV, JSON Lines or JSON records,
        told by content, as in ``docs/formats.md``), or rows: dicts keyed by
        the sessions CSV columns (``record_id``, ``learner_id``, ``start``,
        ``end`` or ``duration_minutes`` or ``duration``, ``activity``, ...),
        or tuples in the order of ``columns`` (default
        :data:`SESSION_COLUMNS`). Rows are read exactly as the CSV reader
        reads a file named ``name`` with a header line: a value is text as
        CSV holds it (``datetime`` values in ISO 8601, lists joined with
        ``;``, ``True``/``False`` as ``true``/``false``, ``None`` empty), a
        bad row is rejected into the ledger with its location
        (``rows:LINE``), never raised.

        Raises ``UpskillError`` when the file cannot be read or has a
        file-level error (a header without a required column).
        """
        if isinstance(data, (str, os.PathLike)):
            return self._inner.ingest_path(os.fspath(data))
        return self._inner.ingest_csv(name, _rows_csv(data, columns))

    def ingest_arrow(self, data: Any, *, name: str = "sessions") -> int:
        """Reads the session rows of an Arrow tabular object into this part;
        returns how many rows were read.

        ``data`` is a pyarrow ``Table``, ``RecordBatch`` or
        ``RecordBatchReader``, a Polars ``DataFrame``, a pandas ``DataFrame``
        (converted with ``pyarrow.Table.from_pandas``, so pyarrow is needed
        for pandas only), or any object with ``__arrow_c_stream__``: it
        crosses into Rust through the Arrow C stream interface, a batch at a
        time, with no loop over rows in Python. Its columns are those of
        the sessions CSV (``record_id``, ``learner_id``, ``start``, ``end``
        or ``duration_minutes`` or ``duration``, ``activity``, ...), with the
        Arrow types ``docs/formats.md`` lists ("Parquet and Arrow"): text
        everywhere, or timestamps, integers, floats, booleans, lists of
        text. Values get the CSV reader's rules; a bad row is rejected into
        the ledger at ``name[N]`` (row ``N`` of the table, from 0; a field at
        ``name[N]#/start``), never raised.

        Raises ``UpskillError`` for a problem of the table rather than of a
        row, with ``code`` (and ``codes``): a missing column (``F008``), a
        column of a type it is not read from (``F020``), a stream that
        fails (``F019``); ``TypeError`` for an object that is no Arrow table.
        """
        return self._inner.ingest_arrow(_arrow_tabular(data), name=name)

    def to_bytes(self) -> bytes:
        """The partial state as bytes: a versioned envelope (magic
        ``UPSKSTAT``, format version, the set-up's SHA-256 fingerprint, the
        state, a SHA-256 checksum; ``docs/scale.md``, "Partial states").
        Its size grows with the learners and the creditable records kept,
        not with the records read."""
        return self._inner.to_bytes()

    @classmethod
    def from_bytes(
        cls,
        path: PathLike,
        data: bytes,
        *,
        from_week: str,
        to_week: str,
        as_of: str,
        detail: str = "learners",
        roster: Optional[PathLike] = None,
        leave: Optional[PathLike] = None,
        holidays: Optional[PathLike] = None,
        mapping: Union[None, PathLike, Sequence[PathLike]] = None,
        preset: Union[None, str, Sequence[str]] = None,
    ) -> "Assessor":
        """An assessor of the set-up given (as the constructor takes it)
        holding the state ``data`` made by :meth:`to_bytes`.

        Raises ``StateError`` (a subclass of ``UpskillError``) whose
        ``code`` says why the bytes are refused: ``not_a_state``,
        ``unsupported_version``, ``wrong_length`` (truncated),
        ``corrupt`` (checksum), ``different_set_up`` (another pledge,
        roster, leave, period, as-of or options), ``malformed``.
        """
        setup = cls(
            path,
            from_week=from_week,
            to_week=to_week,
            as_of=as_of,
            detail=detail,
            roster=roster,
            leave=leave,
            holidays=holidays,
            mapping=mapping,
            preset=preset,
        )
        return setup.fork_from_bytes(data)

    def fork_from_bytes(self, data: bytes) -> "Assessor":
        """An assessor with this one's set-up holding the state ``data``
        (cheaper than :meth:`from_bytes`: the set-up is not read again).
        Raises ``StateError`` as :meth:`from_bytes`."""
        return Assessor._wrap(self._inner.fork_from_bytes(bytes(data)))

    def merge(self, other: "Assessor") -> "Assessor":
        """Adds ``other``'s records to this part (``other`` is unchanged)
        and returns this part. Merging is associative and commutative.
        Raises ``StateError`` (``code`` ``different_set_up``) for parts of
        different set-ups."""
        self._inner.merge(other._inner)
        return self

    def finish(self) -> Report:
        """The JSON report of the records read so far, as a ``dict``
        (:class:`Report`, shown as HTML in Jupyter): the same as
        :func:`evaluate` on the same records with the same period, but for
        ``inputs`` (empty). The part is unchanged."""
        text, html = self._inner.finish()
        result = Report(json.loads(text))
        result._html = html
        return result

    def finish_json(self) -> str:
        """The JSON report of the records read so far as text, byte for
        byte as ``upskill evaluate --format json`` prints it for the same
        records, period and as-of (but for ``inputs``, empty). Use it to
        store or compare the report exactly; :meth:`finish` gives it as a
        ``dict``. The part is unchanged."""
        text, _html = self._inner.finish()
        return text


def _is_path(value: Any) -> bool:
    return isinstance(value, (str, os.PathLike))


def _pledge_source(pledge: Any) -> Any:
    """A pledge path, or ``(name, JSON text)`` for the native module."""
    if isinstance(pledge, Mapping):
        return ("pledge.json", json.dumps(pledge))
    if isinstance(pledge, bytes):
        pledge = pledge.decode("utf-8")
    if isinstance(pledge, str) and pledge.lstrip().startswith("{"):
        return ("pledge.json", pledge)
    if _is_path(pledge):
        return os.fspath(pledge)
    raise TypeError(
        f"`pledge` is a path, the pledge's JSON text or a dict, not `{type(pledge).__name__}`"
    )


def _table_or_path(value: Any) -> Any:
    return os.fspath(value) if _is_path(value) else _arrow_tabular(value)


def _ipc_table(data: bytes) -> Any:
    import pyarrow as pa

    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def _cell_html(value: Any) -> str:
    if isinstance(value, float):
        return html.escape(f"{value:.1%}" if 0 <= value <= 1 else f"{value:g}")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return html.escape(str(value))


def _summary_html(report: Mapping[str, Any]) -> str:
    """A report as an HTML fragment for a notebook: the verdict and its
    explanation, the headline metrics, the weekly table. Every value from
    the report is escaped."""
    verdict = str(report.get("verdict", ""))
    org = report.get("organisation", {}) or {}
    period = report.get("period", {}) or {}
    metrics = report.get("metrics", {}) or {}
    colour = {"met": "#1a7f37", "not_met": "#cf222e"}.get(verdict, "#9a6700")
    out = [
        '<div class="upskill-report">',
        f'<p><strong>{_cell_html(org.get("name", org.get("id", "")))}</strong>, '
        f'{_cell_html(period.get("first_week", ""))} to {_cell_html(period.get("last_week", ""))}: '
        f'<strong style="color:{colour}">{_cell_html(verdict)}</strong></p>',
        f'<p>{_cell_html(report.get("explanation", ""))}</p>',
        "<table><caption>Headline metrics</caption><tbody>",
    ]
    for key, value in metrics.items():
        out.append(f"<tr><th>{_cell_html(key.replace('_', ' '))}</th><td>{_cell_html(value)}</td></tr>")
    out.append("</tbody></table>")
    weekly = report.get("weekly", []) or []
    if weekly:
        columns = ["week", "eligible", "met", "exempt", "rate", "credited_minutes", "open"]
        out.append("<table><caption>Weeks</caption><thead><tr>")
        out.extend(f"<th>{_cell_html(c.replace('_', ' '))}</th>" for c in columns)
        out.append("</tr></thead><tbody>")
        for week in weekly:
            out.append("<tr>" + "".join(f"<td>{_cell_html(week.get(c, ''))}</td>" for c in columns) + "</tr>")
        out.append("</tbody></table>")
    out.append("</div>")
    return "".join(out)


class Assessment:
    """The result of :func:`assess`.

    - ``report``: the JSON report (:class:`Report`, a ``dict``), as
      :func:`evaluate` gives it for the same data (``docs/report.md``);
    - ``learner_weeks``: a ``pyarrow.Table``, one row per learner and week
      of the period (the report's ``learners[].weeks``; empty with
      ``detail="teams"`` or ``"none"``), columns ``learner_id``, ``team``,
      ``week`` (ISO week label, ``2026-W10``), ``week_start`` (the week's
      first instant in the organisation's zone, ``timestamp[ms, UTC]``),
      ``required_minutes``, ``credited_minutes``, ``carried_in_minutes``
      (whole minutes, unsigned integers), ``status`` (``met``, ``short``,
      ``exempt``, ``not_employed``), ``missing_minutes`` (null unless
      short), ``reason``, ``open`` (the week had not ended at ``as_of``);
    - ``ledger``: a ``pyarrow.Table``, one row per record read, with its
      ``fate`` and ``location`` (the columns of ``docs/ledger.md``; times in
      whole milliseconds).

    In Jupyter it shows the verdict, the headline metrics and the weekly
    table (:meth:`_repr_html_`).
    """

    def __init__(self, report: Report, learner_weeks: Any, ledger: Any) -> None:
        self.report = report
        self.learner_weeks = learner_weeks
        self.ledger = ledger

    @property
    def verdict(self) -> str:
        """``met``, ``not_met`` or ``too_early`` (the report's ``verdict``)."""
        return self.report["verdict"]

    def learner_weeks_pandas(self) -> Any:
        """``learner_weeks`` as a pandas ``DataFrame``: ``week`` the label
        (``str``), ``week_start`` ``datetime64[ns, UTC]``, minutes as
        integers (``missing_minutes`` a float, ``NaN`` unless short),
        ``status`` and ``reason`` categoricals, ``open`` a ``bool``."""
        import pandas as pd

        frame = self.learner_weeks.to_pandas()
        frame["week_start"] = pd.to_datetime(frame["week_start"], utc=True).astype("datetime64[ns, UTC]")
        frame["missing_minutes"] = frame["missing_minutes"].astype("float64")
        frame["status"] = pd.Categorical(
            frame["status"], categories=["met", "short", "exempt", "not_employed"]
        )
        frame["reason"] = frame["reason"].astype("category")
        for column in ("learner_id", "team", "week"):
            frame[column] = frame[column].astype(object)
        return frame

    def _repr_html_(self) -> str:
        return _summary_html(self.report)

    def __repr__(self) -> str:
        return (
            f"<upskill.Assessment verdict={self.report.get('verdict')!r} "
            f"learner_weeks={self.learner_weeks.num_rows} ledger={self.ledger.num_rows}>"
        )


def assess(
    pledge: Any,
    roster: Any,
    sessions: Any,
    *,
    leave: Any = None,
    holidays: Optional[PathLike] = None,
    from_week: Optional[str] = None,
    to_week: Optional[str] = None,
    as_of: Optional[str] = None,
    detail: str = "learners",
) -> Assessment:
    """Judges a pledge over tables: returns an :class:`Assessment` (the
    report, the per-learner-week detail and the ledger).

    ``pledge`` is a pledge file's path, its JSON text, or the same as a
    ``dict`` (``docs/formats.md``). ``roster``, ``sessions`` and ``leave`` are
    each a path (CSV, JSON, Parquet, Arrow IPC, as :func:`evaluate` reads
    them) or an Arrow tabular object: a pyarrow ``Table``, ``RecordBatch``
    or ``RecordBatchReader``, a Polars ``DataFrame``, a pandas ``DataFrame``
    (through ``pyarrow.Table.from_pandas``), or anything with
    ``__arrow_c_stream__``. Tables cross into Rust through the Arrow C
    stream interface, no loop over rows in Python, and are read with the
    columns, codes and ledger fates of the CSV files (a bad row rejected
    into the ledger at ``sessions[N]``, row ``N`` from 0). ``sessions`` may
    be a list of them. ``holidays`` is a path. ``from_week``, ``to_week``,
    ``as_of`` and ``detail`` are those of :func:`evaluate`; without a period
    it is chosen from the data, as :func:`evaluate` does.

    The report equals :func:`evaluate`'s on files holding the same data,
    but for ``inputs`` (a table's digest is of its Arrow IPC stream,
    ``bytes`` its length) and the locations of rejected rows.

    Needs pyarrow (``pip install 'upskill[arrow]'``). Raises
    ``UpskillError`` when the data cannot be judged (the message lists each
    problem with its code; ``code`` is the first), ``TypeError`` for an
    argument that is no path nor table, ``ValueError`` for a bad option.
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError as missing:  # pragma: no cover - depends on the environment
        raise ImportError(
            "upskill.assess needs pyarrow: pip install 'upskill[arrow]'"
        ) from missing
    if _is_path(sessions) or not isinstance(sessions, (list, tuple)):
        sessions = [sessions]
    named = []
    for i, data in enumerate(sessions):
        name = "sessions" if i == 0 else f"sessions_{i + 1}"
        named.append((name, _table_or_path(data)))
    text, page, weeks, ledger = _assess_tables(
        _pledge_source(pledge),
        _table_or_path(roster),
        named,
        leave=None if leave is None else _table_or_path(leave),
        holidays=None if holidays is None else os.fspath(holidays),
        from_week=from_week,
        to_week=to_week,
        as_of=as_of,
        detail=detail,
    )
    report = Report(json.loads(text))
    report._html = page
    return Assessment(report, _ipc_table(weeks), _ipc_table(ledger))
