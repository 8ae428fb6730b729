"""Import files in every format, bent: a located refusal (exit 1 or 2), never exit 3 or a changed plan;
and a render stopped by SIGTERM leaves no temp file behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.harness import leftovers, psmctl, snapshot
from tests.hostile.plans import hostile_plan

JSON_BENDS = {
    "huge-int": lambda text: text.replace('"planned"', "1" + "0" * 5000, 1),
    "nul": lambda text: text.replace('"planned"', '"plan\\u0000ned"', 1),
    "surrogate": lambda text: text.replace('"planned"', '"\\udfff"', 1),
    "nan": lambda text: text.replace('"planned"', "-Infinity", 1),
    "deep": lambda text: text.replace('"planned"', "{\"a\":" * 50_000 + "1" + "}" * 50_000, 1),
    "truncated": lambda text: text[: len(text) // 2],
    "not-object": lambda text: "[" + text + "]",
}
CSV_BENDS = {
    "nul": lambda text: text.replace("planned", "plan\x00ned", 1),
    "unclosed-quote": lambda text: text.replace("planned", '"planned', 1),
    "cr-only": lambda text: text.replace("\r\n", "\r").replace("\n", "\r"),
    "header-only": lambda text: text.splitlines()[0] + "\n",
    "duplicate-header": lambda text: text.replace("\n", ",id\n", 1),
}


def _exported(tmp_path: Path, fmt: str) -> tuple[Path, Path]:
    plan = hostile_plan(tmp_path, {})
    target = tmp_path / ("open" if fmt == "csv" else "book.json")
    assert psmctl(["export", "--plan", str(plan), "-f", fmt, "-o", str(target)], tmp_path).code == 0
    return plan, target / "actions.csv" if fmt == "csv" else target


@pytest.mark.parametrize(("fmt", "name"), [("json", n) for n in sorted(JSON_BENDS)]
                         + [("csv", n) for n in sorted(CSV_BENDS)])
def test_bent_import_files_are_refused_where_they_are_wrong(tmp_path: Path, fmt: str, name: str) -> None:
    plan, file = _exported(tmp_path, fmt)
    bend = (JSON_BENDS if fmt == "json" else CSV_BENDS)[name]
    file.write_bytes(bend(file.read_text("utf-8")).encode("utf-8", "surrogatepass"))
    before = snapshot(plan)
    run = psmctl(["import", str(file), "--plan", str(plan)], tmp_path)
    assert run.code in {0, 1, 2}
    if run.code != 0:
        assert file.name in run.text
    else:
        assert "no changes" in run.text  # a bend that changes nothing may be read as such, never applied
    assert snapshot(plan) == before and leftovers(plan) == []


@pytest.mark.slow
def test_sigterm_during_a_pdf_render_leaves_no_temp_file(tmp_path: Path) -> None:
    long_text = "\n\n".join(f"Paragrafo {i}: " + "testo lungo del capitolo " * 60 for i in range(150))
    plan = hostile_plan(tmp_path, {"chapter_body": long_text})
    out = tmp_path / "out"
    out.mkdir()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    for delay in (0.8, 1.6, 2.4):
        process = subprocess.Popen([sys.executable, "-m", "psmctl", "render", "plan", "--plan", str(plan),
                                    "-o", str(out / "piano.pdf")], cwd=tmp_path, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": str(tmp)})
        time.sleep(delay)
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=30)
        code = 128 - process.returncode if process.returncode < 0 else process.returncode
        assert code in {0, 1, 2, 130, 143} and b"Traceback" not in errors, errors
        assert leftovers(plan, out) == [] and list(tmp.iterdir()) == [], "temp files after SIGTERM"
