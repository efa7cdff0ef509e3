"""Tables that stay readable in any terminal.

A command describes its columns once: what each shows, how important it is, and whether
its values must be shown whole (codes, ids, dates) or may wrap (names, titles, sentences).
The renderer then keeps as many columns as the terminal's width allows, dropping the
least important first, and never cuts a whole-value column: an 80-column terminal shows
fewer columns, never "so…" for a source. ``wide=True`` keeps every column and wraps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

# Borders and padding rich draws around each column ("│ value │"): three characters a
# column and one more for the closing border.
_COLUMN_FRAME = 3
_WRAPPED_MIN_WIDTH = 12  # narrower than this a wrapped name reads one syllable a line
_LONG_WORD = 24  # longer words (paths, URLs) fold rather than widen their column
# Control characters other than tab and newline. rich passes ESC through, so a file or
# zip member named "\x1b]0;...\x07" would retitle, clear or recolour the terminal of
# whoever reads `ingest` or `log`.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` with its control characters written as escapes (``\\x1b``), for the
    terminal: names and messages from inputs are data, never commands to it."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    value: Callable[[Any], str]
    priority: int = 0  # 0: always shown; higher numbers are dropped first when narrow
    whole: bool = False  # codes, ids and dates: never cut, never wrapped inside a word
    justify: str = "left"
    max_width: int | None = None  # a wrapped column wider than this wraps anyway
    min_width: int | None = None  # a wrapped column of short words: narrower than names


def render_table(console: Console, columns: Sequence[Column], rows: Sequence[Any], *,
                 wide: bool = False, title: str | None = None) -> list[str]:
    """Print ``rows`` under the ``columns`` that fit ``console``; returns the headers shown
    (the caller says what was left out)."""
    cells = [[terminal_safe(column.value(row)) for column in columns] for row in rows]
    widths = [_natural_width(column, [line[i] for line in cells])
              for i, column in enumerate(columns)]
    keep = list(range(len(columns))) if wide else _fitting(columns, widths, console.width)
    table = Table(title=title, title_justify="left")
    for i in keep:
        column = columns[i]
        table.add_column(column.header, justify=column.justify,  # type: ignore[arg-type]
                         no_wrap=column.whole, min_width=widths[i],
                         max_width=None if column.whole else column.max_width,
                         overflow="fold")
    for line in cells:
        table.add_row(*(Text(line[i]) for i in keep))
    # --wide: every column at least its minimum, even if the table is wider than the screen
    needed = sum(widths[i] + _COLUMN_FRAME for i in keep) + 1
    console.print(table, width=max(console.width, needed))
    return [columns[i].header for i in keep]


def _natural_width(column: Column, values: list[str]) -> int:
    """The width a column needs: a whole-value column its longest value; a wrapped one
    its longest word, at least a readable minimum."""
    longest = max((len(v) for v in values), default=0)
    if column.whole:
        return max(len(column.header), longest)
    longest_word = max((len(w) for v in values for w in v.split()), default=0)
    least = column.min_width if column.min_width is not None else _WRAPPED_MIN_WIDTH
    # a path or a URL may fold; a code or a word of a name should not
    return max(len(column.header), min(longest, max(least, min(longest_word, _LONG_WORD))))


def _fitting(columns: Sequence[Column], widths: list[int], available: int) -> list[int]:
    """Indexes of the columns to show: the least important dropped until the rest fit."""
    keep = list(range(len(columns)))
    while len(keep) > 1 and sum(widths[i] + _COLUMN_FRAME for i in keep) + 1 > available:
        droppable = [i for i in keep if columns[i].priority > 0]
        if not droppable:
            break
        # the least important; of equals, the rightmost
        keep.remove(max(droppable, key=lambda i: (columns[i].priority, i)))
    return keep


def left_out_note(columns: Sequence[Column], shown: list[str]) -> str | None:
    """'not shown: place, conf. (use --wide)' when the terminal was too narrow."""
    hidden = [c.header for c in columns if c.header not in shown]
    return f"not shown: {', '.join(hidden)} (use --wide, or a wider terminal)" if hidden \
        else None
