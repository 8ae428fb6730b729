"""Templates are sandboxed, immutable, and bounded in time and size."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from psmctl.rendering import sandbox
from psmctl.rendering.engine import TemplateProblem, render_template


def render(tmp_path: Path, source: str, context: dict[str, object] | None = None) -> str:
    (tmp_path / "t.md.j2").write_text(source, encoding="utf-8")
    return render_template("t.md.j2", context or {"edition": {"title": "Piano"}, "items": [1, 2]}, tmp_path)


@pytest.mark.parametrize("source", [
    "{{ lipsum.__globals__ }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}", "{{ edition.__class__ }}",
])
def test_python_internals_are_out_of_reach(tmp_path: Path, source: str) -> None:
    with pytest.raises(TemplateProblem, match="SecurityError|UndefinedError|unsafe"):
        render(tmp_path, source)


@pytest.mark.parametrize("source", ["{{ items.append(3) }}", "{{ edition.update({'title': 'Falso'}) }}",
                                    "{{ edition.pop('title') }}"])
def test_the_context_cannot_be_changed(tmp_path: Path, source: str) -> None:
    with pytest.raises(TemplateProblem, match="SecurityError"):
        render(tmp_path, source)


@pytest.mark.parametrize("source", [
    "{{ lipsum(10**8) }}", '{{ "x" * 10**9 }}', "{{ [0] * 10**9 }}", '{{ "x"|center(10**9) }}',
    '{{ "x".ljust(10**9) }}', '{{ "%999999999d" % 1 }}', "{{ 2 ** 10000000 }}", "{{ range(10**9)|list }}",
])
def test_a_single_huge_step_is_refused_at_once(tmp_path: Path, source: str) -> None:
    started = time.perf_counter()
    with pytest.raises(TemplateProblem):
        render(tmp_path, source)
    assert time.perf_counter() - started < 5


def test_an_endless_loop_is_stopped_by_the_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 1.0)
    started = time.perf_counter()
    with pytest.raises(TemplateProblem, match="more than 1 seconds"):
        render(tmp_path, "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
    assert time.perf_counter() - started < 4


def test_a_template_given_more_data_may_take_longer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a 10,000-action plan takes seconds of honest work; a loop over a small plan is still stopped
    # at MAX_SECONDS (here each two thousand values in the context earn a second)
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.2)
    monkeypatch.setattr(sandbox, "SECONDS_PER_MILLION_VALUES", 500.0)
    pause = lambda: time.sleep(0.05)  # noqa: E731
    source = "{% for a in range(10) %}{% set _ = pause() %}x{% endfor %}"
    started = time.perf_counter()
    assert render(tmp_path, source, {"pause": pause, "rows": [{"n": n} for n in range(2000)]}) == "x" * 10
    assert time.perf_counter() - started > 0.4  # it did run past the bare limit
    small = tmp_path / "small"  # a folder of its own: the template cache knows the first one
    small.mkdir()
    with pytest.raises(TemplateProblem, match="more than 0.2 seconds"):
        render(small, source, {"pause": pause, "rows": [1, 2]})


def test_values_are_counted_through_every_container() -> None:
    assert sandbox.count_values({"a": [1, 2, (3, {"b": 4})], "c": "testo"}) == 9
    deep: list[object] = []
    for _ in range(5000):  # deeper than Python's recursion limit
        deep = [deep]
    assert sandbox.count_values(deep) == 5001


def test_data_many_pages_share_is_counted_once() -> None:
    shared = {"actions": [{"id": n, "title": f"azione {n}"} for n in range(2000)]}  # 6,002 values
    counted: dict[int, tuple[object, int]] = {}
    pages = [{"trail": [{"parent": shared, "n": n}], "title": f"pagina {n}"} for n in range(50)]
    totals = [sandbox.context_values(page, counted) for page in pages]
    assert totals == [sandbox.count_values(page) for page in pages]  # as if each page were counted whole
    assert counted[id(shared)] == (shared, 6002)  # found inside a page's own list, then not walked again
    shared["actions"].clear()  # were it walked again, the count would drop
    assert sandbox.context_values(pages[0], counted) == totals[0]
    fresh = {"actions": [{"id": n} for n in range(2000)]}  # another object: counted on its own
    assert sandbox.context_values({"edition": fresh}, counted) == sandbox.count_values({"edition": fresh})
    deep: list[object] = []
    for _ in range(5000):  # deeper than Python's recursion limit
        deep = [deep]
    assert sandbox.context_values({"deep": deep}, {}) == 5002


def test_the_output_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 1_000)
    assert render(tmp_path, "{% for a in range(99) %}0123456789{% endfor %}") == "0123456789" * 99
    with pytest.raises(TemplateProblem, match="more than 1,000 characters"):
        render(tmp_path, "{% for a in range(101) %}0123456789{% endfor %}")


def test_ordinary_templates_still_work(tmp_path: Path) -> None:
    source = '{{ edition.title|md }} {{ items|join(", ") }} {{ "ab" * 2 }} {{ 2 ** 10 }} {{ "%05d" % 42 }}'
    assert render(tmp_path, source) == "Piano 1, 2 abab 1024 00042"
