"""`psmctl diff --format text`: the terminal view, grouped by axis, then the counts.

rich honours NO_COLOR and drops styles when the output is not a terminal.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from psmctl.diffing.changes import KINDS, Change, Ref
from psmctl.diffing.classes import value_change
from psmctl.diffing.fields import FieldChange
from psmctl.diffing.report import DiffReport, by_axis
from psmctl.escaping import one_line

STYLE = {"added": "green", "removed": "red", "split": "magenta", "merged": "magenta", "moved": "cyan",
         "renamed": "yellow", "renumbered": "blue", "reordered": "blue", "modified": "yellow"}
WORD_STYLE = {"=": "", "-": "red strike", "+": "green bold"}


def _ref(ref: Ref | None) -> str:
    return "—" if ref is None else one_line(f"{ref.code} {ref.title}".strip())


def _match(change: Change) -> str:
    notes = {"similarity": f"  [inferred: similarity {change.score or 0:g}]",
             "uncertain": "  [inferred: link marked uncertain]"}
    return notes.get(change.doubt or "", "")


def _field(change: FieldChange, report: DiffReport) -> Text:
    classified = value_change(change, report)
    if classified is not None:
        return Text(one_line(f"      {classified.phrase()}"))
    line = Text(f"      {change.field}: ")
    if change.words:
        for op, words in change.words:
            marker = {"=": "", "-": "[-", "+": "{+"}[op]
            closing = {"=": "", "-": "-]", "+": "+}"}[op]
            line.append(f"{marker}{one_line(words)}{closing} ", style=WORD_STYLE[op])
        return line
    line.append(one_line(f"{change.old!r} → {change.new!r}"))
    return line


def _change(change: Change, report: DiffReport) -> list[Text]:
    head = Text(f"  {report.level_noun(change.level).singular:<10} ")
    head.append(", ".join(change.kinds), style=STYLE.get(change.kind, ""))
    head.append(f"  {_ref(change.old)}  →  {_ref(change.new)}" if change.old and change.new
                else f"  {_ref(change.old or change.new)}")
    head.append(_match(change), style="italic")
    lines = [head]
    if change.group:
        lines.append(Text(f"      {'into' if change.kind == 'split' else 'from'}: {one_line(', '.join(change.group))}"))
    lines += [_field(f, report) for f in change.fields]
    return lines


def _summary(report: DiffReport) -> Table:
    table = Table(title="Changes per level and kind", show_edge=False)
    table.add_column("kind")
    for level in report.levels:
        table.add_column(report.level_noun(level).plural, justify="right")
    counts = report.counts
    for kind in KINDS:
        table.add_row(kind, *(str(counts[level][kind]) for level in report.levels))
    return table


def write_text(report: DiffReport, out: TextIO) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
    old, new = report.old, report.new
    console.print(Text(one_line(f"{old.edition} «{old.title}» ({old.source})  →  "
                                f"{new.edition} «{new.title}» ({new.source})"), style="bold"))
    for side in (old, new):
        if side.incomplete:
            console.print(Text(f"note: edition {one_line(side.edition)} is marked incomplete: 'removed' or 'added' may mean "
                          "'not encoded in the files'"))
    for code, title, group in by_axis(report.shown):
        top = report.level_noun("axis").singular
        console.print(Text("\n" + one_line(" ".join(part for part in (top, code, title) if part)),
                           style="bold underline"))
        if group:  # one print per axis: rich's cost is per call, and a large diff has thousands of lines
            console.print(Text("\n").join(line for change in group for line in _change(change, report)))
    if not report.shown:
        console.print("no changes")
    console.print()
    console.print(_summary(report))
