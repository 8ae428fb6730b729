"""docs/getting-started.md works as written: its `sh` blocks run in order, in an empty folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

GUIDE = REPO / "docs" / "getting-started.md"


def commands() -> list[str]:
    blocks = re.findall(r"(?ms)^```sh\n(.*?)^```", GUIDE.read_text("utf-8"))
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_the_guide_runs_from_nothing_to_the_annex(tmp_path: Path) -> None:
    script = "set -eu\n" + "\n".join(commands()) + "\n"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "piano-bari" / "out"
    assert {p.name for p in out.iterdir()} == {"allegato.docx", "piano.html", "relazione.docx"}
    html = (out / "piano.html").read_text("utf-8")
    assert "Città metropolitana di Bari".upper() in html.upper() and "Nodo ferroviario metropolitano" in html
    assert "Torino" not in html


def test_the_guide_has_every_step() -> None:
    run = commands()
    assert run[0].startswith("psmctl init ") and any(c.startswith("psmctl render annex") for c in run)
