"""Unicode, YAML, path, spreadsheet, git and signal tricks: a located refusal or a clean run, never
a traceback, a hang, a changed plan or a leftover file."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import write_files
from tests.hostile.harness import (formula_cells, leftovers, package_problems, psmctl, snapshot,
                                   yaml_string)
from tests.hostile.plans import EDITION, hostile_plan

STRATEGY = f"{EDITION}/strategies/casa.yaml"
TERMINAL_TRICKS = ["\u202eevil\u202c", "a\u200b\u200d\u2060b", "e" + "\u0301" * 5000, "\x1b]8;;http://x\x07link",
                   "\x9b31m", "riga\u2028seconda", "\x00nul", "\ud800"]


def _strategy(title_yaml: str, number: int = 2) -> str:
    return (f'kind: strategy\nid: s{number}\ncode: "1.{number}"\nparent: asse-verde\ntitle: {title_yaml}\n'
            "summary: Breve.\n")


@pytest.mark.parametrize("fmt", ["text", "parsable", "github"])
def test_unicode_tricks_never_reach_the_terminal(tmp_path: Path, fmt: str) -> None:
    plan = hostile_plan(tmp_path, {})
    # one strategy per trick, each in its own file: a refused file does not hide the others
    for number, trick in enumerate(TERMINAL_TRICKS, start=3):
        (plan / EDITION / "strategies" / f"s{number}.yaml").write_text(_strategy(yaml_string(trick), number), "utf-8")
    before = snapshot(plan)
    run = psmctl(["validate", str(plan), "-f", fmt], tmp_path)
    assert run.code == 1
    shown = run.stdout + run.stderr
    for raw in (b"\x1b", b"\xe2\x80\xae", b"\xc2\x9b", b"\x00", b"\x07", b"\xe2\x80\xa8"):
        assert raw not in shown
    if fmt == "parsable":
        assert all(line.startswith((str(plan), "plan", "editions", "registries")) or not line
                   for line in run.stdout.decode().splitlines())
        # every trick but the zero-width joiners is a located error of its own file
        assert all(f"strategies/s{number}.yaml:" in run.text for number in (3, 5, 6, 7, 8, 9, 10))
    assert snapshot(plan) == before


YAML_TRICKS = {
    "merge-key": 'kind: strategy\n<<: {id: casa, code: "1.2", parent: asse-verde}\ntitle: X\n',
    "huge-int": 'kind: strategy\nid: casa\ncode: "1.2"\nparent: asse-verde\ntitle: X\nsdg: [' + "9" * 5000 + "]\n",
    "deep": "kind: strategy\nid: casa\ntitle: " + "[" * 5000 + "]" * 5000 + "\n",
    "long-key": "kind: strategy\n" + "k" * 200_000 + ": 1\n",
    "flow-dup": 'kind: strategy\nid: casa\ncode: "1.2"\nparent: asse-verde\ntitle: X\nx: {a: 1, a: 2}\n',
    "bom-crlf": '\ufeffkind: strategy\r\nid: casa\ncode: "1.2"\r\nparent: asse-verde\rtitle: X\r\n',
    "nul-key": 'kind: strategy\nid: casa\ncode: "1.2"\nparent: asse-verde\ntitle: X\n"a\\0b": 1\n',
    "anchors": "a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
               "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nkind: strategy\n",
    "tag": "kind: !!python/name:os.system strategy\nid: casa\n",
    "binary": "kind: strategy\nid: casa\ntitle: !!binary aGVsbG8=\n",
    "float-code": 'kind: strategy\nid: casa\ncode: 1.2e400\nparent: asse-verde\ntitle: X\n',
    "jinja": 'kind: strategy\nid: casa\ncode: "1.2"\nparent: asse-verde\ntitle: "{{ 7*7 }}{% raw %}"\n',
}


def test_yaml_tricks_give_located_findings(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path, {})
    # each trick in a file of its own: one refused file must not hide the others
    for number, (name, text) in enumerate(YAML_TRICKS.items(), start=3):
        text = text.replace("id: casa", f"id: t{number}").replace('code: "1.2"', f'code: "1.{number}"')
        (plan / EDITION / "strategies" / f"t-{name}.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    before = snapshot(plan)
    run = psmctl(["validate", str(plan), "-f", "parsable"], tmp_path)
    assert run.code == 1
    for name in set(YAML_TRICKS) - {"bom-crlf", "jinja"}:  # those two are valid YAML, read as text
        assert re.search(rf"t-{name}\.yaml:\d+:\d+: error ", run.text), name  # located in its own file
    assert psmctl(["fmt", "--check", str(plan)], tmp_path).code in {0, 1, 2}
    assert snapshot(plan) == before and leftovers(plan) == []


def test_symlinks_and_special_files_are_located_and_never_followed_out(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path, {})
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Segreto\norder: 2\nrole: process\n---\nSEGRETOzqx\n", "utf-8")
    (plan / EDITION / "chapters" / "02-link.md").symlink_to(secret)
    (plan / EDITION / "actions" / "loop.yaml").symlink_to(plan / EDITION / "actions" / "loop.yaml")
    (plan / EDITION / "actions" / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(plan / EDITION / "actions" / "fifo.yaml")
    before = snapshot(plan)
    run = psmctl(["validate", str(plan), "-f", "parsable"], tmp_path)
    assert run.code == 1
    for name in ("02-link.md", "loop.yaml", "zero.yaml", "fifo.yaml"):
        assert name in run.text
    out = tmp_path / "out" / "piano.html"
    rendered = psmctl(["render", "plan", "--plan", str(plan), "-o", str(out)], tmp_path)
    assert rendered.code == 1 or "SEGRETOzqx" not in out.read_text("utf-8")
    assert snapshot(plan) == before


@pytest.mark.parametrize("target", ["../fuori.yaml", "-rf.yaml", "CON.yaml", "a/../../x.yaml"])
def test_output_names_write_only_where_asked(tmp_path: Path, target: str) -> None:
    plan = hostile_plan(tmp_path, {})
    before = snapshot(plan)
    (tmp_path / "work").mkdir()
    run = psmctl(["export", "--plan", str(plan), "-f", "json", "-o", target], tmp_path / "work")
    assert run.code in {0, 2}
    assert snapshot(plan) == before and leftovers(plan, tmp_path / "work") == []


FORMULAS = ["=HYPERLINK(\"http://evil/zqx\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
            "\uff1d1+1", " =1"]


def test_open_data_cells_never_start_a_formula(tmp_path: Path) -> None:
    texts = {name: FORMULAS[i % len(FORMULAS)] for i, name in enumerate(
        ["axis_title", "strategy_title", "strategy_summary", "action_title", "action_summary", "action_notes",
         "indicator_name", "indicator_unit", "source_title", "zone_name", "body_name", "edition_title"])}
    plan = hostile_plan(tmp_path, texts)
    out = tmp_path / "open"
    run = psmctl(["export", "--plan", str(plan), "-f", "csv", "-o", str(out)], tmp_path)
    assert run.code == 0, run.text
    for table in out.glob("*.csv"):
        assert formula_cells(table.read_text("utf-8")) == [], table.name
    xlsx = tmp_path / "x.xlsx"
    assert psmctl(["export", "--plan", str(plan), "-o", str(xlsx)], tmp_path).code == 0
    with zipfile.ZipFile(xlsx) as book:
        assert not any(b"<f>" in book.read(n) or b"<f " in book.read(n) for n in book.namelist()
                       if n.startswith("xl/worksheets/"))
    assert package_problems(xlsx.read_bytes()) == []


def _workbook(tmp_path: Path, plan: Path, sheet_xml: bytes | None = None, strings: bytes | None = None) -> Path:
    book = tmp_path / "book.xlsx"
    psmctl(["export", "--plan", str(plan), "-o", str(book)], tmp_path)
    parts = {}
    with zipfile.ZipFile(book) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = next(n for n in sorted(parts) if n.startswith("xl/worksheets/sheet"))
    if sheet_xml is not None:
        parts[sheet] = sheet_xml
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return book


NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEETS = {
    "dimension": b'<worksheet ' + NS + b'><dimension ref="A1:XFD1048576"/><sheetData><row r="1048576">'
                 b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
    "malformed": b"<worksheet " + NS + b"><sheetData><row><c><v>1</row></worksheet>",
    "entity": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">'
              b']><worksheet ' + NS + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c>'
              b"</row></sheetData></worksheet>",
    "external": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet '
                + NS + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'
                b"</sheetData></worksheet>",
}


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_hostile_workbooks_are_refused_without_changing_the_plan(tmp_path: Path, name: str) -> None:
    plan = hostile_plan(tmp_path, {})
    book = _workbook(tmp_path, plan, sheet_xml=SHEETS[name])
    before = snapshot(plan)
    run = psmctl(["import", str(book), "--plan", str(plan)], tmp_path)
    assert run.code in {1, 2} and "root:" not in run.text
    assert snapshot(plan) == before and leftovers(plan) == []


EMPTY_ROW = b"<row>" + b"<c/>" * 1000 + b"</row>"
BOMBS = {  # small files that openpyxl alone took 20 s (strings) and 51 s (15 million cells) to read
    "shared-strings": {"strings": b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                  + b"<si><t/></si>" * 3_000_000 + b"</sst>"},
    "cells": {"sheet_xml": b"<worksheet " + NS + b"><sheetData>" + EMPTY_ROW * 2100 + b"</sheetData></worksheet>"},
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_workbook_bombs_are_refused_quickly(tmp_path: Path, name: str) -> None:
    plan = hostile_plan(tmp_path, {})
    book = _workbook(tmp_path, plan, **BOMBS[name])
    before = snapshot(plan)
    started = time.monotonic()
    run = psmctl(["import", str(book), "--plan", str(plan)], tmp_path)
    assert run.code == 2 and "more than" in run.text
    assert time.monotonic() - started < 10
    assert snapshot(plan) == before


def test_import_csv_with_formula_and_long_rows_is_refused_or_literal(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path, {})
    out = tmp_path / "open"
    psmctl(["export", "--plan", str(plan), "-f", "csv", "-o", str(out)], tmp_path)
    table = out / "actions.csv"
    rows = list(csv.reader(io.StringIO(table.read_text("utf-8"))))
    rows[1] = rows[1] + ["extra", "=1+1"]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    table.write_text(buffer.getvalue(), "utf-8")
    before = snapshot(plan)
    run = psmctl(["import", str(table), "--plan", str(plan)], tmp_path)
    assert run.code in {1, 2}
    assert snapshot(plan) == before


@pytest.mark.parametrize("rev", ["--output=/tmp/zqx", "-c", "HEAD~999", "deadbeef" * 5, "@{-1}", "..", "HEAD:../"])
def test_git_revisions_that_are_options_or_missing_are_refused(tmp_path: Path, rev: str) -> None:
    plan = hostile_plan(tmp_path, {})
    git = ["git", "-C", str(tmp_path), "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    run = psmctl(["diff", f"2024-2026@{rev}", "2024-2026", "--plan", str(plan)], tmp_path)
    assert run.code in {1, 2}
    assert not Path("/tmp/zqx").exists()


@pytest.mark.slow
def test_sigterm_during_import_leaves_the_plan_as_it_was_or_updated(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path, {})
    for i in range(150):
        write_files(plan, {f"{EDITION}/actions/a{i:03}.yaml": (
            f'kind: action\nid: a{i:03}\ncode: "1.2.{i + 2}"\nparent: casa\ntitle: Azione {i}\n'
            "summary: Breve.\ncompetence: own\nlead_body: cm\nscope: {whole_territory: true}\nstatus: planned\n")})
    book = tmp_path / "book.json"
    psmctl(["export", "--plan", str(plan), "-f", "json", "-o", str(book)], tmp_path)
    data = json.loads(book.read_text("utf-8"))
    text = json.dumps(data, ensure_ascii=False).replace('"planned"', '"in_progress"')
    book.write_text(text, "utf-8")
    before = snapshot(plan)
    for delay in (0.4, 0.8, 1.2):
        process = subprocess.Popen([sys.executable, "-m", "psmctl", "import", str(book), "--plan", str(plan)],
                                   cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   env={**os.environ, "TMPDIR": str(tmp_path / "tmp")})
        time.sleep(delay)
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=30)
        after = snapshot(plan)
        changed = {k for k in before if after.get(k) != before[k]}
        # killed before its handler is installed, the shell reports 128 + 15, Popen -15
        code = 128 - process.returncode if process.returncode < 0 else process.returncode
        assert code in {0, 1, 2, 130, 143} and b"Traceback" not in errors, errors
        assert not changed or all(b"in_progress" in after[k] for k in changed if "actions/a" in k)
        assert leftovers(plan) == [], "temp files after SIGTERM"
        if changed:
            break
