"""Canonical formatting: key order, comments and values kept, idempotence."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psmctl.authoring.formatting import FormatRefused, canonical_order, format_text
from psmctl.loading.yamlfile import parse_text
from psmctl.model import Action
from tests.conftest import REPO


def data(text: str) -> object:
    doc, findings = parse_text(text, "t.yaml")
    assert doc is not None, findings
    return doc.data


def test_action_order_identity_first_provenance_last() -> None:
    order = canonical_order(Action)
    assert order[:5] == ("kind", "id", "code", "parent", "title")
    assert order[-3:] == ("uncertain", "sources", "notes")


def test_reorders_keeps_comments_and_unknown_keys_and_quotes() -> None:
    # A full-line comment between keys travels with the key above it (ruamel's model):
    # kept, but it may no longer sit right above the key it described.
    text = textwrap.dedent("""\
        # yaml-language-server: $schema=x.json
        title: Titolo  # dopo il titolo
        extra: tenuto
        code: "1.10"
        kind: action
        # prima di status
        status: planned
        id: a
        parent: NO
        notes: '012'
        """)
    assert format_text(text, "a.yaml") == textwrap.dedent("""\
        # yaml-language-server: $schema=x.json
        kind: action
        # prima di status
        id: a
        code: "1.10"
        parent: NO
        title: Titolo  # dopo il titolo
        status: planned
        notes: '012'
        extra: tenuto
        """)


def test_nested_models_are_ordered_and_sequences_indented() -> None:
    text = "kind: action\nid: a\nfunding:\n- amount: 10\n  source: own\n"
    assert format_text(text, "a.yaml") == "kind: action\nid: a\nfunding:\n  - source: own\n    amount: 10\n"


def test_unreadable_file_is_refused_with_a_location() -> None:
    with pytest.raises(FormatRefused, match=r"^a.yaml:2:\d+: "):
        format_text("kind: action\n  id: [\n", "a.yaml")


def test_chapter_body_is_left_byte_for_byte() -> None:
    body = "\n# Titolo\n\nTesto   con spazi  \n- elenco\n"
    text = "---\norder: 1\ntitle: Visione\n---\n" + body
    assert format_text(text, "c.md") == "---\ntitle: Visione\norder: 1\n---\n" + body


def test_shipped_plan_is_already_canonical() -> None:
    files = [p for p in sorted((REPO / "plan").rglob("*")) if p.suffix in (".yaml", ".md")]
    assert len(files) > 50
    for path in files:
        text = path.read_text("utf-8")
        assert format_text(text, str(path)) == text, path


KEYS = ["kind", "id", "code", "title", "summary", "status", "notes", "zzz_unknown", "parent", "progress"]
TRICKY = ["1.10", "NO", "012", "2024-05", "yes", "null", "0x1F", "1e3", "a: b", "#x", "- y", "é", "", "Torino"]
value = st.one_of(st.sampled_from(TRICKY), st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                                                   max_size=30))
PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .-]*[A-Za-z0-9.]$|^[A-Za-z0-9]$")


def render(entry: tuple[str, str, bool, str | None]) -> str:
    key, text, quoted, comment = entry
    shown = text if (not quoted and PLAIN.match(text)) else json.dumps(text, ensure_ascii=False)
    line = f"{key}: {shown}\n"
    return (f"# {comment}\n" if comment else "") + line


documents = st.lists(
    st.tuples(st.sampled_from(KEYS), value, st.booleans(), st.one_of(st.none(), st.from_regex(r"c[0-9]{1,4}", fullmatch=True))),
    min_size=1, max_size=10, unique_by=lambda e: e[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_fmt_is_idempotent_keeps_data_and_comments(entries: list[tuple[str, str, bool, str | None]]) -> None:
    text = "".join(render(e) for e in entries)
    original = data(text)
    formatted = format_text(text, "t.yaml")
    assert data(formatted) == original
    assert format_text(formatted, "t.yaml") == formatted
    comments = sorted(line for line in text.split("\n") if line.startswith("# "))
    assert sorted(line.strip() for line in formatted.split("\n") if line.strip().startswith("# ")) == comments


def test_only_changed_files_are_written(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from psmctl.cli import app

    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text("kind: action\nid: a\n", "utf-8")
    bad.write_text("id: a\nkind: action\n", "utf-8")
    before = good.stat().st_mtime_ns, good.stat().st_ino
    runner = CliRunner()
    check = runner.invoke(app, ["fmt", "--check", str(tmp_path)])
    assert (check.exit_code, check.stdout) == (1, f"would reformat {bad}\n")
    assert bad.read_text("utf-8") == "id: a\nkind: action\n"
    result = runner.invoke(app, ["fmt", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (0, f"reformatted {bad}\n")
    assert bad.read_text("utf-8") == "kind: action\nid: a\n"
    assert (good.stat().st_mtime_ns, good.stat().st_ino) == before
    assert runner.invoke(app, ["fmt", "--check", str(tmp_path)]).exit_code == 0


def test_fmt_keeps_what_stands_around_the_document_markers() -> None:
    before = "# intestazione\n%YAML 1.2\n---\nid: a\nkind: action\n...\n# dopo la fine\n"
    assert format_text(before, "a.yaml") == "# intestazione\n%YAML 1.2\n---\nkind: action\nid: a\n...\n# dopo la fine\n"


def test_fmt_refuses_to_drop_a_comment_inside_a_flow_list() -> None:
    with pytest.raises(FormatRefused, match="would lose the comment '# salute'"):
        format_text("kind: action\nid: a\nsdg: [3, # salute\n  4]\n", "a.yaml")


def test_fmt_keeps_the_bom_and_crlf_line_endings() -> None:
    from psmctl.authoring.formatting import format_bytes

    raw = b"\xef\xbb\xbf# nota\r\nid: a\r\nkind: action\r\n"
    assert format_bytes(raw, "a.yaml") == b"\xef\xbb\xbf# nota\r\nkind: action\r\nid: a\r\n"
    mixed = b"id: a\r\nkind: action\r\ntitle: x\n"  # mostly CRLF: all CRLF afterwards
    assert format_bytes(mixed, "a.yaml") == b"kind: action\r\nid: a\r\ntitle: x\r\n"
    assert format_bytes(b"id: a\nkind: action\n", "a.yaml") == b"kind: action\nid: a\n"


def test_fmt_locates_a_front_matter_error_on_the_chapter_line() -> None:
    chapter = "---\ntitle: Visione\norder: [1\n---\nTesto.\n"
    with pytest.raises(FormatRefused) as refused:
        format_text(chapter, "c.md")
    from psmctl.loading.tree import load_file

    _, findings = load_file("editions/x/chapters/c.md", "c.md", chapter.encode())
    validate_line = next(f.line for f in findings if f.code == "yaml-syntax")
    assert refused.value.message.startswith(f"c.md:{validate_line}:")


def test_fmt_writes_all_changed_files_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from typer.testing import CliRunner

    from psmctl import writing
    from psmctl.cli import app

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(f"id: {name}\nkind: action\n", "utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real, calls = os.replace, []

    def replace(source: object, target: object) -> None:
        if not str(target).endswith(writing.JOURNAL):
            calls.append(target)
            if len(calls) == 2:
                raise OSError(5, "Input/output error")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(writing.os, "replace", replace)
    result = CliRunner().invoke(app, ["fmt", str(tmp_path)])
    assert result.exit_code == 1 and "Input/output error" in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
