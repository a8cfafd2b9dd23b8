import os
from typing import Any, Dict, Optional, Sequence, Union

PathLike = Union[str, os.PathLike[str]]

__version__: str

class UpskillError(Exception):
    """A dataset or file upskill cannot use."""

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
