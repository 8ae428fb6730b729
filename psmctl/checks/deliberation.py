"""Checks on deliberation records: the vote adds up, names agree, dates make sense.

The arithmetic follows how the Consiglio metropolitano records a vote: those
voting are among those present, and the votes in favour and against are among
those voting (abstentions may or may not count as voting, depending on the
organ's rules, so they are only bounded by those present).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from psmctl.checks.finding import at
from psmctl.diagnostics import Diagnostic, Severity
from psmctl.loading.plan import EditionTree, Plan, PlanFile
from psmctl.model.deliberation import Deliberation, Vote

# Città metropolitane exist since Law 56 of 7 April 2014; a council act before
# that date cannot concern a PSM.
EARLIEST = dt.date(2014, 4, 7)


def check_deliberations(plan: Plan, today: dt.date | None = None) -> list[Diagnostic]:
    today = today or dt.date.today()
    findings: list[Diagnostic] = []
    for tree in plan.editions.values():
        for file in tree.deliberations:
            model = file.model
            findings.extend(_filename(file, model))
            findings.extend(_dates(file, model, today))
            if model.vote is not None:
                findings.extend(_vote(file, model.vote))
        findings.extend(_adoptions(tree))
    return findings


def _filename(file: PlanFile[Deliberation], model: Deliberation) -> Iterator[Diagnostic]:
    stem = file.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if stem != model.id:
        yield at(file, ("id",), "filename-id", f"the file is named {stem!r} but its id is {model.id!r}",
                 f"rename the file to {model.id}.yaml, or correct the id", Severity.WARNING)


def _dates(file: PlanFile[Deliberation], model: Deliberation, today: dt.date) -> Iterator[Diagnostic]:
    for key, value in (("date", model.date), ("notice_date", model.notice_date)):
        if value is not None and value < EARLIEST:
            yield at(file, (key,), "deliberation-date", f"{key} {value.isoformat()} is before Law 56/2014",
                     "check the date written on the act")
        elif value is not None and value > today:
            # A record may be prepared before its sitting: worth a look, not a block.
            yield at(file, (key,), "deliberation-date", f"{key} {value.isoformat()} is in the future",
                     "check the date, or fill it in after the sitting", Severity.WARNING)
    if model.date and model.notice_date and model.notice_date > model.date:
        yield at(file, ("notice_date",), "deliberation-date",
                 f"the notice ({model.notice_date.isoformat()}) comes after the sitting ({model.date.isoformat()})",
                 "the notice of the sitting is sent before it")


def _vote(file: PlanFile[Deliberation], vote: Vote) -> Iterator[Diagnostic]:
    # Only what the act records is checked: an unknown count is not a zero.
    present, voting = vote.present, vote.voting
    known = [g.count for g in (vote.in_favour, vote.against) if g is not None]
    cast = sum(known)
    if voting is not None and present is not None and voting > present:
        yield at(file, ("vote", "voting"), "vote-arithmetic",
                 f"{voting} voting but only {present} present", "those voting are among those present")
    if voting is not None and cast > voting:
        counts = " + ".join(f"{g.count} {name}" for name, g in (("in favour", vote.in_favour), ("against", vote.against))
                            if g is not None)
        yield at(file, ("vote", "in_favour", "count"), "vote-arithmetic",
                 f"{counts} = {cast}, more than the {voting} voting", "check the counts on the act")
    abstaining = vote.abstaining.count if vote.abstaining is not None else None
    # counts not recorded are at least 0, so the known ones bound what is left for the abstentions
    if (present is not None and abstaining is not None
            and (voting is None or cast <= voting <= present) and abstaining > present - cast):
        yield at(file, ("vote", "abstaining", "count"), "vote-arithmetic",
                 f"{abstaining} abstaining, but only {present - cast} of the {present} "
                 "present did not vote in favour or against", "check the counts on the act")
    for key, group in (("in_favour", vote.in_favour), ("against", vote.against), ("abstaining", vote.abstaining)):
        if group is not None and group.names and len(group.names) != group.count:
            yield at(file, ("vote", key, "names"), "vote-names",
                     f"{key.replace('_', ' ')}: {group.count} counted but {len(group.names)} names listed",
                     "the names listed should be exactly those counted", Severity.WARNING)


def _adoptions(tree: EditionTree) -> Iterator[Diagnostic]:
    adopting = [f for f in tree.deliberations if f.model.role == "adoption"]
    for extra in adopting[1:]:
        yield at(extra, ("role",), "deliberation-role",
                 f"edition {tree.id} has more than one adoption deliberation ({adopting[0].path} too)",
                 "keep role: adoption on the act that adopted the plan; use update or other for the rest")
