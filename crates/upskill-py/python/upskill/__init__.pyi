import os
from typing import Any, Dict, Iterable, Mapping, Optional, Protocol, Sequence, Tuple, Union

PathLike = Union[str, os.PathLike[str]]

class _ArrowStream(Protocol):
    def __arrow_c_stream__(self, requested_schema: Any = ...) -> Any: ...

#: A pyarrow Table/RecordBatch/RecordBatchReader, a Polars or pandas
#: DataFrame, or any object with `__arrow_c_stream__`.
ArrowTabular = Any

__version__: str

class UpskillError(Exception):
    """A dataset or file upskill cannot use."""

class StateError(UpskillError):
    """Bytes that are not a partial assessment of this set-up."""

    code: str
    """`not_a_state`, `unsupported_version`, `wrong_length`, `corrupt`,
    `different_set_up` or `malformed`."""

SESSION_COLUMNS: Tuple[str, ...]

class Report(Dict[str, Any]):
    """The JSON report of an evaluation; renders as HTML in Jupyter."""
    def _repr_html_(self) -> str: ...

def evaluate(
    path: PathLike,
    *,
    from_week: Optional[str] = ...,
    to_week: Optional[str] = ...,
    as_of: Optional[str] = ...,
    detail: str = ...,
    mapping: Union[None, PathLike, Sequence[PathLike]] = ...,
    preset: Union[None, str, Sequence[str]] = ...,
) -> Report: ...
def report(
    path: PathLike,
    *,
    format: str = ...,
    from_week: Optional[str] = ...,
    to_week: Optional[str] = ...,
    as_of: Optional[str] = ...,
    detail: str = ...,
    mapping: Union[None, PathLike, Sequence[PathLike]] = ...,
    preset: Union[None, str, Sequence[str]] = ...,
) -> str: ...
def validate(path: PathLike, *, kind: Optional[str] = ...) -> Dict[str, Any]: ...

class Assessor:
    """One part of an evaluation in parts; its state travels as bytes."""
    def __init__(
        self,
        path: PathLike,
        *,
        from_week: str,
        to_week: str,
        as_of: str,
        detail: str = ...,
        roster: Optional[PathLike] = ...,
        leave: Optional[PathLike] = ...,
        holidays: Optional[PathLike] = ...,
        mapping: Union[None, PathLike, Sequence[PathLike]] = ...,
        preset: Union[None, str, Sequence[str]] = ...,
    ) -> None: ...
    @property
    def records_read(self) -> int: ...
    def ingest(
        self,
        data: Union[PathLike, Iterable[Any]],
        *,
        columns: Optional[Sequence[str]] = ...,
        name: str = ...,
    ) -> int: ...
    def ingest_arrow(self, data: ArrowTabular, *, name: str = ...) -> int:
        """Session rows of a pyarrow/Polars/pandas table (Arrow C stream
        interface); bad rows rejected into the ledger at `name[N]`."""
    def to_bytes(self) -> bytes: ...
    @classmethod
    def from_bytes(
        cls,
        path: PathLike,
        data: bytes,
        *,
        from_week: str,
        to_week: str,
        as_of: str,
        detail: str = ...,
        roster: Optional[PathLike] = ...,
        leave: Optional[PathLike] = ...,
        holidays: Optional[PathLike] = ...,
        mapping: Union[None, PathLike, Sequence[PathLike]] = ...,
        preset: Union[None, str, Sequence[str]] = ...,
    ) -> "Assessor": ...
    def fork_from_bytes(self, data: bytes) -> "Assessor": ...
    def merge(self, other: "Assessor") -> "Assessor": ...
    def finish(self) -> Report: ...
    def finish_json(self) -> str: ...

class Assessment:
    """The result of `assess`: the report, and two pyarrow tables."""

    report: Report
    """The JSON report, as `evaluate` gives it for the same data."""
    learner_weeks: Any
    """`pyarrow.Table`: one row per learner and week (`learner_id`, `team`,
    `week` label, `week_start` timestamp[ms, UTC], `required_minutes`,
    `credited_minutes`, `carried_in_minutes` (whole minutes), `status`,
    `missing_minutes`, `reason`, `open`)."""
    ledger: Any
    """`pyarrow.Table`: one row per record read, with its `fate` and
    `location` (`docs/ledger.md`)."""
    def __init__(self, report: Report, learner_weeks: Any, ledger: Any) -> None: ...
    @property
    def verdict(self) -> str: ...
    def learner_weeks_pandas(self) -> Any:
        """`pandas.DataFrame`: `week` str, `week_start` datetime64[ns, UTC],
        minutes as integers (`missing_minutes` float), `status` and
        `reason` categoricals."""
    def _repr_html_(self) -> str: ...

def assess(
    pledge: Union[PathLike, str, Mapping[str, Any]],
    roster: Union[PathLike, ArrowTabular],
    sessions: Union[PathLike, ArrowTabular, Sequence[Union[PathLike, ArrowTabular]]],
    *,
    leave: Union[None, PathLike, ArrowTabular] = ...,
    holidays: Optional[PathLike] = ...,
    from_week: Optional[str] = ...,
    to_week: Optional[str] = ...,
    as_of: Optional[str] = ...,
    detail: str = ...,
) -> Assessment: ...
