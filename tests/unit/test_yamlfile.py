"""The loader keeps scalars as written, locates everything, refuses what is unsafe."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psmctl.loading.tree import load_file
from psmctl.loading.yamlfile import decode, parse_text


def codes(text: str) -> list[tuple[int, int, str]]:
    _, findings = parse_text(text, "f.yaml")
    return [(f.line, f.column, f.code) for f in findings]


def test_scalars_stay_as_written() -> None:
    doc, findings = parse_text("code: 1.10\ncountry: NO\nistat: 012\nwhen: 2024-05-01\nempty:\nq: 'null'\n", "f")
    assert findings == []
    assert doc is not None
    assert doc.data == {"code": "1.10", "country": "NO", "istat": "012", "when": "2024-05-01",
                        "empty": None, "q": "null"}


def test_positions_of_values_and_keys() -> None:
    doc, _ = parse_text("a: 1\nlist:\n  - x\n  - {b: c}\n", "f")
    assert doc is not None
    assert doc.position(("list", 1, "b")) == (4, 9)
    assert doc.position(("list", 1, "b"), key=True) == (4, 6)
    assert doc.position(("a",), key=True) == (1, 1)
    assert doc.position(("missing", 3)) == (1, 1)  # the nearest written ancestor: the document


def test_line_offset_for_front_matter() -> None:
    doc, _ = parse_text("title: x\n", "f", line_offset=1)
    assert doc is not None and doc.position(("title",)) == (2, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\na: 2\n", [(2, 1, "duplicate-key")]),
        ("a: &x [1]\nb: *x\n", [(1, 4, "alias")]),
        ("a: &x s\nb: *x\n", [(1, 4, "alias")]),
        ("a: !!python/object:os.system x\n", [(1, 4, "tag")]),
        ("a: !!int 3\n", [(1, 4, "tag")]),
        ("a: b: c\n", [(1, 5, "yaml-syntax")]),
        ("a:\n\tb: 1\n", [(2, 1, "tab"), (2, 1, "yaml-syntax")]),
        ("- a\n", [(1, 1, "not-a-mapping")]),
        ("", [(1, 1, "empty-file")]),
        ("a: 1\n---\nb: 2\n", [(2, 1, "yaml-syntax")]),
        ("[" * 5000 + "]" * 5000, [(1, 1, "too-large")]),
    ],
)
def test_refusals_are_located(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert codes(text) == expected


def test_alias_bomb_is_refused_fast() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    start = time.perf_counter()
    found = codes("\n".join(lines) + "\n")
    assert found == [(1, 5, "alias")]
    assert time.perf_counter() - start < 0.5


def test_non_utf8_is_located() -> None:
    text, findings = decode(b"a: 1\nb: caf\xe9\n", "f")
    assert text is None
    assert [(f.line, f.column, f.code) for f in findings] == [(2, 7, "encoding")]


def test_bom_is_accepted() -> None:
    text, findings = decode(b"\xef\xbb\xbfa: 1\n", "f")
    assert text == "a: 1\n" and findings == []


def test_the_fast_c_parser_is_active() -> None:
    # DESIGN §7: a silent fall-back to a pure-Python parser makes validate several times slower.
    import yaml

    from psmctl.loading import yamlfile

    assert yaml.__with_libyaml__
    assert yamlfile.CParser.__module__ == "yaml._yaml"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    loaded, findings = load_file("editions/x/actions/a.yaml", "a.yaml", raw)
    assert loaded is not None or findings
    for finding in findings:
        assert finding.line >= 1 and finding.column >= 1 and finding.code


yaml_text = st.recursive(
    st.one_of(st.text(max_size=8), st.sampled_from(["NO", "1.10", "012", "~", "&a x", "*a", "!!str s", "- x"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(st.text(max_size=5), inner, max_size=4).map(
            lambda d: "\n".join(f"{k}: {v}" for k, v in d.items())),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(yaml_text)
def test_arbitrary_yaml_gives_data_or_located_findings(text: str) -> None:
    loaded, findings = load_file("editions/x/actions/a.yaml", "a.yaml", text.encode("utf-8"))
    assert loaded is not None or findings
    assert all(f.line >= 1 and f.column >= 1 for f in findings)


def test_a_loaded_file_keeps_its_bytes_once_and_its_text_on_demand() -> None:
    raw = "\ufeffkind: axis\ntitle: Città\nnote: «testo»\n".encode("utf-8")
    from psmctl.loading.tree import parse_file

    doc = parse_file("a.yaml", "a.yaml", raw)[0]
    assert doc is not None and doc.source is raw  # the bytes read, not a decoded copy
    assert doc.text == "kind: axis\ntitle: Città\nnote: «testo»\n"  # as decode gave it: no BOM
    assert doc.position(("note",)) == (3, 7)


def test_keys_are_kept_once_for_every_file() -> None:
    first, _ = parse_text("title: a\nstatus: b\n", "a.yaml")
    second, _ = parse_text("status: c\ntitle: d\n", "b.yaml")
    assert first is not None and second is not None
    assert all(any(k is other for other in second.data) for k in first.data)


def test_short_values_are_kept_once_and_long_ones_as_read() -> None:
    from psmctl.loading.yamlfile import SHARED_TEXT

    long = "z" * (SHARED_TEXT + 1)
    first, _ = parse_text(f"status: planned\nnote: {long}\n", "a.yaml")
    second, _ = parse_text(f"status: planned\nnote: {long}\n", "b.yaml")
    assert first is not None and second is not None
    assert first.data["status"] is second.data["status"]
    assert first.data["note"] == second.data["note"] and first.data["note"] is not second.data["note"]
    assert (first.longest_text, parse_text("a: b\n", "c.yaml")[0].longest_text) == (SHARED_TEXT + 1, 0)  # type: ignore[union-attr]
