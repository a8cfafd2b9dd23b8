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

import json
import os
from typing import Any, Dict, List, Optional, Sequence, Union

from ._upskill import UpskillError, __version__
from ._upskill import evaluate_json as _evaluate_json
from ._upskill import report as _report
from ._upskill import validate_json as _validate_json

__all__ = ["UpskillError", "Report", "evaluate", "report", "validate", "__version__"]

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
