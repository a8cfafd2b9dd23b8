import os
from typing import Any, Dict, Iterable, Optional, Sequence, Tuple, Union

PathLike = Union[str, os.PathLike[str]]

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
