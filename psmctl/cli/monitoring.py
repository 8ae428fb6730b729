"""`psmctl diff --monitoring DATE DATE`: the changes between two monitoring rounds of one edition."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from psmctl.cli.errors import refuse_errors
from psmctl.errors import UsageError

FORMATS = ("text", "md", "json")


def diff_rounds(plan_dir: Path | None, edition: str | None, old: str, new: str, output_format: str,
                output: Path | None) -> bool:
    """Write the changes between the rounds dated `old` and `new`; whether there are any."""
    from psmctl.loading.locate import default_edition
    from psmctl.monitoring.changes import compare
    from psmctl.monitoring.changes_report import WRITERS
    from psmctl.monitoring.rounds import round_dates
    from psmctl.validate import edition_errors, validate_path
    from psmctl.writing import write_atomic

    if output_format not in FORMATS:
        raise UsageError(f"--monitoring writes {', '.join(FORMATS)}, not {output_format!r}",
                         "the report with the changes since the previous round is `psmctl render monitoring`")
    plan, report = validate_path(plan_dir)
    tree = plan.editions[default_edition(plan, edition)]
    refuse_errors(edition_errors(plan, report.diagnostics, tree.id),
                  f"{report.label}: edition {tree.id} has {{count}} error(s); nothing compared",
                  f"run `psmctl validate {report.label} --edition {tree.id}` and fix them")
    dates = round_dates(tree)
    changes = compare(tree, round_date(old, dates), round_date(new, dates))
    text = WRITERS[output_format](changes)
    if output is not None:
        write_atomic(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return not changes.empty


def round_date(text: str, dates: list[dt.date]) -> dt.date:
    """A round's date as typed on the command line; refused unless a round has it."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a date", "write the round's as_of as YYYY-MM-DD") from None
    if day not in dates:
        shown = ", ".join(d.isoformat() for d in dates) or "none (add editions/<id>/monitoring/<as_of>.yaml)"
        raise UsageError(f"no monitoring round dated {day}", f"rounds: {shown}")
    return day
