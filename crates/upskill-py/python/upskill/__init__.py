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
import io
import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from ._upskill import StateError, UpskillError, __version__
from ._upskill import _Assessor
from ._upskill import evaluate_json as _evaluate_json
from ._upskill import report as _report
from ._upskill import validate_json as _validate_json

__all__ = [
    "Assessor",
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
