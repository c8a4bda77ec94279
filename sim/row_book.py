"""Rows of one record type, kept compactly while a run goes on, and turned into a table once.

A run writes a few rows per case (``sim.records``). Kept as tuples of Python objects they cost
about 200-450 bytes a row and every one is tracked by the garbage collector, whose passes then
grow with the run. A ``RowBook`` takes rows as tuples and packs every ``BLOCK`` of them into a
numpy structured array: 8 bytes a field (numbers in place, texts as references to the same few
strings), untracked. ``frame()`` gives the same table as ``sim.records.frame`` of the rows;
``book[since:]`` gives rows back as the row type (for a dashboard that follows a run).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar

import numpy as np
import pandas as pd

Row = TypeVar("Row")

BLOCK = 4096
"""Rows gathered as tuples before they are packed into one structured array."""

_NUMPY_TYPES = {"int": "i8", "float": "f8", "bool": "?"}
"""The numpy type of a field by its annotation; anything else (texts) is kept as a reference."""


class RowBook(Generic[Row]):
    """The rows of one ``NamedTuple`` type, appended while running (see the module docstring)."""

    def __init__(self, row_type: type[Row]):
        self.row_type = row_type
        fields: tuple[str, ...] = row_type._fields  # type: ignore[attr-defined]
        annotations = row_type.__annotations__
        self._dtype = np.dtype(
            [(name, _NUMPY_TYPES.get(_type_name(annotations[name]), "O")) for name in fields]
        )
        self._blocks: list[np.ndarray] = []
        self._packed = 0
        self._recent: list[Row] = []

    def __len__(self) -> int:
        return self._packed + len(self._recent)

    def __iter__(self) -> Iterator[Row]:
        return iter(self[:])

    def append(self, row: Row) -> None:
        """Add one row."""
        recent = self._recent
        recent.append(row)
        if len(recent) >= BLOCK:
            self._pack()

    def extend(self, rows: Any) -> None:
        """Add rows, in order."""
        recent = self._recent
        recent.extend(rows)
        if len(recent) >= BLOCK:
            self._pack()

    def _pack(self) -> None:
        self._blocks.append(np.array(self._recent, dtype=self._dtype))
        self._packed += len(self._recent)
        self._recent.clear()

    def __getitem__(self, rows: slice) -> list[Row]:
        """Rows as the row type, e.g. ``book[since:]`` (every row from ``since`` on)."""
        start = rows.indices(len(self))[0]
        if start >= self._packed and (rows.step or 1) > 0:  # only recent rows: no block is unpacked
            offset = self._packed
            return self._recent[slice(start - offset, _shift(rows.stop, offset), rows.step)]
        make = self.row_type._make  # type: ignore[attr-defined]
        every = [make(values) for block in self._blocks for values in block.tolist()] + self._recent
        return every[rows]

    def frame(self, release: bool = False) -> pd.DataFrame:
        """All rows as a table with the row type's columns (as ``sim.records.frame`` of the rows).

        With ``release`` the book is emptied as the table is built, so that the rows are not held
        twice (for a run that is over).
        """
        if self._recent:
            self._pack()
        if not self._blocks:  # no rows: empty columns of the row type's dtypes (NaN tests work on them)
            names = self._dtype.names or ()
            return pd.DataFrame({name: np.empty(0, dtype=self._dtype[name]) for name in names})
        blocks = self._blocks
        if release:
            self._blocks, self._packed = [], 0
        columns = {
            name: np.concatenate([block[name] for block in blocks]) for name in self._dtype.names or ()
        }
        del blocks
        return pd.DataFrame(columns, copy=False)


def _shift(stop: int | None, offset: int) -> int | None:
    """A slice's end counted from ``offset`` (None stays None; an end from the back stays as it is)."""
    return stop - offset if stop is not None and stop >= 0 else stop


def _type_name(annotation: Any) -> str:
    """The name of a field's type: from ``int``, ``"int"`` or a forward reference to int (as NamedTuple keeps it)."""
    annotation = getattr(annotation, "__forward_arg__", annotation)
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
