"""`psmctl diff --monitoring DATE DATE`: the changes between two monitoring rounds of one edition."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from psmctl.cli.errors import refuse_errors
from psmctl.errors import UsageError

FORMATS = ("text", "md", "json")


def diff_rounds(plan_dir: Path | None, edition: str | None, old: str, new: str, output_format: str,
                output: Path | None) -> bool:
    """Write the changes between the rounds dated `old` and `new`; whether there are any."""
    from psmctl.loading.locate import default_edition
    from psmctl.model.edition import TORINO_LEVELS
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
    levels = tree.edition.levels if tree.edition else TORINO_LEVELS
    text = WRITERS[output_format](changes, levels[-1].noun)
    if output is not None:
        write_atomic(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return not changes.empty


def parse_date(text: str, what: str) -> dt.date:
    """A date typed on the command line (`what` names the option or argument)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{what} {text!r} is not a date", "write it as YYYY-MM-DD, e.g. 2025-08-31") from None


def round_date(text: str, dates: list[dt.date]) -> dt.date:
    """A round's date as typed on the command line; refused unless a round has it."""
    day = parse_date(text, "round")
    if day not in dates:
        shown = ", ".join(d.isoformat() for d in dates) or "none (add editions/<id>/monitoring/<as_of>.yaml)"
        raise UsageError(f"no monitoring round dated {day}", f"rounds: {shown}")
    return day


def export_sheet(plan: object, edition: str, output_format: str, output: Path | None) -> Path:
    """`export --for-monitoring`: write the monitoring sheet of `edition`; the path written."""
    from psmctl.exchange import sheetio
    from psmctl.loading.tree import Plan
    from psmctl.monitoring.sheet import SHEET, column_types, export_rows, shade_read_only
    from psmctl.writing import write_atomic

    assert isinstance(plan, Plan)
    header, rows = export_rows(plan.editions[edition])
    target = output or Path(f"monitoraggio-{edition}.{output_format}")
    if output_format == "xlsx":
        data = shade_read_only(sheetio.write_xlsx({SHEET: (header, rows)}, {SHEET: column_types(header)}))
    elif output_format == "json":
        data = sheetio.write_json(edition, {SHEET: (header, rows)})
    else:
        target = output or Path(f"monitoraggio-{edition}.csv")
        data = sheetio.write_csv(header, rows)
    write_atomic(target, data)
    return target


def import_round_sheet(root: Path, plan: object, file: Path, sheets: list[Any], as_of_text: str,
                       edition: str | None, dry_run: bool) -> str:
    """`import --as-of`: write the new round from the sheet, all or nothing; what to tell the user."""
    from psmctl.errors import Refused
    from psmctl.exchange.importing import apply, new_errors
    from psmctl.exchange.sheetio import Sheet
    from psmctl.loading.locate import default_edition
    from psmctl.loading.tree import Plan
    from psmctl.monitoring.sheet import SHEET, import_round

    assert isinstance(plan, Plan)
    as_of = parse_date(as_of_text, "--as-of")
    if file.suffix.lower() == ".csv":  # a CSV holds one sheet, named after nothing: it is the monitoring sheet
        sheets = [Sheet(SHEET, s.header, s.rows, s.spreadsheet) for s in sheets]
    result = import_round(plan, sheets, as_of, default_edition(plan, edition))
    problems = result.problems or new_errors(root, {result.rel: result.text})
    if problems:
        for problem in problems:
            sys.stderr.write(f"{file}: {problem}\n")
        raise Refused(f"{file}: refused ({len(problems)} problem(s)); no file was written")
    if dry_run:
        return f"dry run: {result.rel} ({result.actions} actions) not written"
    apply(root, {result.rel: result.text})
    return f"wrote {result.rel}: round {as_of} with {result.actions} actions"
