from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from psmctl.checks.deliberation import check_deliberations
from psmctl.loading.tree import DirectorySource, load_plan

BASE = """\
kind: deliberation
id: dcm-1
role: adoption
organ: Consiglio metropolitano
date: "2024-07-19"
subject: Approvazione del piano
"""


def _plan(tmp_path: Path, body: str, name: str = "dcm-1") -> list[tuple[int, str, str]]:
    folder = tmp_path / "editions" / "2024-2026" / "deliberations"
    folder.mkdir(parents=True)
    (folder / f"{name}.yaml").write_text(BASE + textwrap.dedent(body), encoding="utf-8")
    plan, findings = load_plan(DirectorySource(tmp_path))
    assert findings == []
    assert len(plan.editions["2024-2026"].deliberations) == 1
    return [(d.line, d.code, d.severity.value) for d in check_deliberations(plan, today=dt.date(2025, 1, 1))]


def test_a_consistent_vote_passes(tmp_path: Path) -> None:
    vote = """\
    vote:
      present: 14
      voting: 14
      in_favour: {count: 13}
      abstaining: {count: 1, names: [Rossi]}
    """
    assert _plan(tmp_path, vote) == []


def test_vote_arithmetic_is_located(tmp_path: Path) -> None:
    vote = """\
    vote:
      present: 10
      voting: 12
      in_favour: {count: 11}
      against: {count: 2}
    """
    # voting > present (line 9), in favour + against > voting (line 10); no follow-on finding
    assert _plan(tmp_path, vote) == [(9, "vote-arithmetic", "error"), (10, "vote-arithmetic", "error")]


def test_names_must_match_the_count(tmp_path: Path) -> None:
    vote = """\
    vote:
      present: 3
      voting: 3
      in_favour: {count: 3, names: [A, B]}
    """
    assert _plan(tmp_path, vote) == [(10, "vote-names", "warning")]


def test_dates_within_reason(tmp_path: Path) -> None:
    # in the future: a warning (a record may be prepared before the sitting); after the sitting: an error
    assert _plan(tmp_path, 'notice_date: "2026-01-01"\n') == [(7, "deliberation-date", "warning"),
                                                               (7, "deliberation-date", "error")]


def test_dates_before_the_law_are_errors(tmp_path: Path) -> None:
    assert _plan(tmp_path, 'notice_date: "2013-01-01"\n') == [(7, "deliberation-date", "error")]


def test_file_name_must_be_the_id(tmp_path: Path) -> None:
    assert _plan(tmp_path, "", name="other") == [(2, "filename-id", "warning")]


def test_abstentions_bounded_by_those_present(tmp_path: Path) -> None:
    vote = """\
    vote:
      present: 5
      voting: 5
      in_favour: {count: 4}
      abstaining: {count: 2}
    """
    assert _plan(tmp_path, vote) == [(11, "vote-arithmetic", "error")]


def test_unknown_vote_counts_are_not_zeros(tmp_path: Path) -> None:
    # only the votes in favour are known: nothing to check, nothing invented
    assert _plan(tmp_path, "vote:\n  in_favour: {count: 12}\n") == []
