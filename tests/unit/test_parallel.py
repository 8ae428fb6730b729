"""Parsing in worker processes gives exactly what parsing in-process gives; loading stays linear."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, build_case

from psmctl.loading import parallel
from psmctl.loading.tree import DirectorySource, load_plan
from psmctl.validate import check_plan

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked only on Linux")


def _items(tmp_path: Path) -> list[parallel.Item]:
    items = []
    for case in ("valid/base", "invalid/references", "invalid/yaml-syntax", "invalid/tab", "invalid/encoding"):
        plan = build_case(FIXTURES / case, tmp_path / case.replace("/", "-"))
        items += [(rel, f"{case}/{rel}", raw) for rel, _, raw in DirectorySource(plan).files()]
    return items


def _parse(items: list[parallel.Item], workers: int, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    monkeypatch.setattr(parallel, "_workers", lambda: workers)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    return [(rel, path, doc and (doc.data, doc.text, doc.line_offset, doc.source_refs, doc.longest_text),
             findings, body, line)
            for rel, path, _, (doc, findings, body, line) in parallel.parse_files(items)]


def test_workers_return_the_same_documents_texts_and_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = _items(tmp_path)
    items += items[:4]  # the same bytes twice are parsed once, and still reported under each name
    alone = _parse(items, 1, monkeypatch)
    pooled = _parse(items, 2, monkeypatch)
    assert pooled == alone
    assert any(findings for _, _, _, findings, _, _ in alone)  # findings were compared, not only clean files


def test_keys_parsed_in_different_workers_are_one_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # one copy of each key and short value in the parent, as when it parses alone (issue 14: memory per file)
    items = _items(tmp_path)
    monkeypatch.setattr(parallel, "_workers", lambda: 2)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    kinds = [next(key for key in doc.data if key == "kind")
             for _, _, _, (doc, _, _, _) in parallel.parse_files(items) if doc is not None and "kind" in doc.data]
    assert len(kinds) > 2 * 3  # from more than two chunks
    assert all(kind is kinds[0] for kind in kinds)


def test_a_plan_validated_with_workers_reports_what_one_process_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = build_case(FIXTURES / "invalid" / "references", tmp_path / "plan")

    def findings(workers: int) -> list[object]:
        monkeypatch.setattr(parallel, "_workers", lambda: workers)
        monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
        loaded, loading = load_plan(DirectorySource(plan))
        return check_plan(loaded, loading)  # positions are read from the restored text

    assert findings(2) == findings(1) != []


def test_a_busy_machine_parses_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PSMCTL_WORKERS", raising=False)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (3.5, 3.0, 3.0))
    assert parallel._workers() == 1
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (1.0, 1.0, 1.0))
    assert parallel._workers() == 2


def test_a_directory_source_works_out_its_shown_root_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from psmctl.loading import tree

    plan = build_case(FIXTURES / "valid" / "base", tmp_path / "plan")
    calls: list[Path] = []
    real = tree.display_path
    monkeypatch.setattr(tree, "display_path", lambda path: calls.append(path) or real(path))
    files = list(DirectorySource(plan).files())
    assert len(files) > 5 and len(calls) <= 2  # label and shown root, not one per file
    assert all(shown.endswith(rel) for rel, shown, _ in files)


def test_without_a_load_average_every_core_counts_as_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable() -> tuple[float, float, float]:
        raise OSError("no load average")

    monkeypatch.delenv("PSMCTL_WORKERS", raising=False)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1, 2})
    monkeypatch.setattr(parallel.os, "getloadavg", unavailable)
    assert parallel._workers() == 3
