"""Addresses, names and override templates chosen by an attacker: refused where they are named,
never followed outside the plan, never left running."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_files
from tests.hostile.harness import html_problems, leftovers, package_problems, psmctl, snapshot, yaml_string
from tests.hostile.plans import EDITION, hostile_plan

URLS = ["javascript:alert(1)//zqx", " JaVaScRiPt:zqx()", "data:text/html,<script>zqx</script>",
        "file:///etc/passwd", "//evil.example/zqx", "https://example.org/" + "a" * 20_000,
        "https://example.org/\"onmouseover=\"zqx", "vbscript:zqx", "https://ex ample.org/<zqx>"]


@pytest.mark.parametrize("url", URLS, ids=range(len(URLS)))
def test_hostile_addresses_never_become_links_that_run(tmp_path: Path, url: str) -> None:
    plan = hostile_plan(tmp_path, {"chapter_body": f"Vedi [la fonte]({url}) e <{url}>."})
    write_files(plan, {"registries/sources.yaml":
                       f"kind: sources\nsources:\n  - {{key: S1, title: Fonte, url: {yaml_string(url)}}}\n"})
    before = snapshot(plan)
    out = tmp_path / "out" / "piano.html"
    run = psmctl(["render", "plan", "--plan", str(plan), "-o", str(out)], tmp_path)
    if run.code == 0:
        assert html_problems(out.read_text("utf-8")) == []
        docx = tmp_path / "out" / "piano.docx"
        assert psmctl(["render", "plan", "--plan", str(plan), "-o", str(docx)], tmp_path).code == 0
        assert package_problems(docx.read_bytes()) == []
    else:
        assert run.code == 1 and "sources.yaml" in run.text
    assert snapshot(plan) == before and leftovers(plan, out.parent) == []


NAMES = [["render", "plan", "--edition", "../../etc"], ["render", "plan", "--zone", "../1"],
         ["render", "deliberation", "--deliberation", "../dcm-1"], ["export", "--edition", "-x"],
         ["new", "edition", "../fuori"], ["new", "edition", "2027-2029\n"], ["new", "edition", "CON"],
         ["new", "edition", "٢٠٢٧-٢٠٢٩"], ["new", "action", "--edition", "../2021-2023"],
         ["diff", "../..", "2024-2026"], ["diff", "2024-2026@--help", "2024-2026"]]


@pytest.mark.parametrize("args", NAMES, ids=[" ".join(a).replace("\n", "\\n") for a in NAMES])
def test_hostile_names_are_refused_and_write_nothing(tmp_path: Path, args: list[str]) -> None:
    plan = hostile_plan(tmp_path, {})
    before = snapshot(plan)
    run = psmctl([*args, "--plan", str(plan)], tmp_path)
    assert run.code in {1, 2}, run.text
    assert snapshot(plan) == before and not (tmp_path / "fuori").exists()
    assert leftovers(plan) == []


OVERRIDES = {
    "include-outside": '{% include "../../../../../../etc/passwd" %}',
    "import-abs": '{% import "/etc/passwd" as x %}',
    "loops": "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
    "lipsum": "{{ lipsum(10**8) }}",
    "power": "{{ 9 ** 9 ** 9 }}",
    "string-bomb": "{{ 'x' * 10**10 }}",
    "attribute-escape": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "cycler": "{{ cycler.__init__.__globals__.os.system('touch zqx') }}",
    "self": "{{ self._TemplateReference__context }}",
    "recursive-macro": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "raw-html": '{{ "<script>zqx()</script>" }}<img src=x onerror=zqx()>',
}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n == "loops" else n
                                  for n in sorted(OVERRIDES)])
def test_override_templates_are_bounded_and_sandboxed(tmp_path: Path, name: str) -> None:
    plan = hostile_plan(tmp_path, {})
    templates = tmp_path / "modelli"
    write_files(templates, {"annex.md.j2": f"# Allegato\n\n{OVERRIDES[name]}\n"})
    out = tmp_path / "out" / "allegato.html"
    run = psmctl(["render", "annex", "--plan", str(plan), "-t", str(templates), "-o", str(out)], tmp_path)
    assert run.code in {0, 1}
    assert "root:" not in run.text and not (tmp_path / "zqx").exists()
    if run.code == 0:
        html = out.read_text("utf-8")
        assert "root:x:" not in html and html_problems(html) == []
    assert leftovers(plan, out.parent) == []
