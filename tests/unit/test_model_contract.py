"""What validate accepts, render can print as written: numbers, dates, tags and lineage."""

from __future__ import annotations

from pathlib import Path

import pytest

from psmctl.validate import validate_path
from tests.conftest import write_files

ACTION = "editions/2024-2026/actions/corridoi.yaml"
STRATEGY = "editions/2024-2026/strategies/casa.yaml"


def codes(root: Path) -> list[tuple[str, int, str]]:
    _, report = validate_path(root)
    return [(Path(d.file).relative_to(root).as_posix(), d.line, d.code)
            for d in report.diagnostics if d.severity.value == "error"]


def replace(root: Path, rel: str, old: str, new: str) -> int:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize(("old", "new"), [
    ("progress: 40", "progress: 4_0"), ("progress: 40", "progress: 40.0"), ("progress: 40", "progress: +40"),
    ("progress: 40", "progress: ٤٠"), ("progress: 40", "progress: 4e1"),
    ("amount: 1234567.50", "amount: 1e309"), ("amount: 1234567.50", "amount: Infinity"),
    ("amount: 1234567.50", "amount: NaN"), ("amount: 1234567.50", "amount: 1_234_567.50"),
    ("amount: 1234567.50", "amount: ١٢٣"), ("year: 2024", "year: 2024.0"),
    ('start: "2024-03"', 'start: "0000-01"'), ('start: "2024-03"', 'start: "٢٠٢٤-٠٣"'),
    ('start: "2024-03"', 'start: "2024-03\\n"'), ('end: "2026-12-31"', 'end: "2026-12-31T00:00"'),
    ('end: "2026-12-31"', 'end: "9999-12-31"'), ("progress: 40", "progress: !!str 40"),
    ("title: Corridoi ecologici", "title: !!str Corridoi ecologici"),
])
def test_spellings_render_cannot_print_as_written_are_refused(base_plan: Path, old: str, new: str) -> None:
    line = replace(base_plan, ACTION, old, new)
    assert [(file, at) for file, at, _ in codes(base_plan)] == [(ACTION, line)]


def test_sdg_must_be_a_whole_number(base_plan: Path) -> None:
    line = replace(base_plan, ACTION, "progress: 40", "progress: 40\nsdg: [3.0, 11]")
    assert codes(base_plan) == [(ACTION, line + 1, "invalid-value")]
    replace(base_plan, ACTION, "sdg: [3.0, 11]", "sdg: [3, 11]")
    assert codes(base_plan) == []


def test_adoption_dates_are_dates_of_this_era(base_plan: Path) -> None:
    line = replace(base_plan, "editions/2024-2026/edition.yaml", "date: 2024-07-19", "date: 0000-01-01")
    assert codes(base_plan) == [("editions/2024-2026/edition.yaml", line, "invalid-date")]


def test_a_strategy_cannot_continue_an_action(base_plan: Path) -> None:
    write_files(base_plan, {STRATEGY: 'kind: strategy\nid: casa\ncode: "1.2"\nparent: asse-verde\n'
                                      "title: Abitare il territorio\ncontinues: [parchi]\n"})
    assert codes(base_plan) == [(STRATEGY, 6, "lineage-level")]
    replace(base_plan, STRATEGY, "continues: [parchi]", "continues: [rete-verde]")
    assert codes(base_plan) == []


def test_codes_in_other_digits_are_not_numbers(base_plan: Path) -> None:
    line = replace(base_plan, ACTION, 'code: "1.1.1"', 'code: "1.1.١"')
    assert codes(base_plan) == [(ACTION, line, "code-position")]


def _model_classes() -> list[type]:
    import importlib
    import pkgutil

    import psmctl.model
    import psmctl.monitoring
    from psmctl.model.common import Model

    for package in (psmctl.model, psmctl.monitoring):  # every package that declares models
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    found, pending = [], [Model]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def _unspelled_numbers(annotation: object, checks: tuple[object, ...]) -> list[str]:
    """The int and Decimal types in `annotation` without their own digits-only check around them."""
    from decimal import Decimal
    from typing import Annotated, get_args, get_origin

    from psmctl.model.common import DECIMAL_DIGITS, DIGITS

    own = {int: DIGITS, Decimal: DECIMAL_DIGITS}
    if annotation in own:
        return [] if own[annotation] in checks else [getattr(annotation, "__name__", "")]
    args = get_args(annotation)
    if get_origin(annotation) is Annotated:
        return _unspelled_numbers(args[0], checks + tuple(args[1:]))
    return [name for arg in args for name in _unspelled_numbers(arg, ())]


def test_every_number_field_is_checked_as_written() -> None:
    # The digits-only rule lives in two types; a field declared with a bare int or Decimal would
    # let `4_0` or `1e3` through, so every model's every field is walked here.
    bare = [f"{cls.__name__}.{name}: {kind}"
            for cls in _model_classes() for name, field in cls.model_fields.items()  # type: ignore[attr-defined]
            for kind in _unspelled_numbers(field.annotation, tuple(field.metadata))]
    assert len(_model_classes()) > 30
    assert bare == []


def test_number_bounds_reach_the_json_schemas() -> None:
    # A bound placed after the digits check would be written into the schema as `ge`, a key no
    # JSON Schema validator knows, and editors would stop flagging out-of-range numbers.
    def keys(node: object) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for value in node.values() for k in keys(value)}
        return {k for value in node for k in keys(value)} if isinstance(node, list) else set()

    from psmctl.model.common import Model

    found = set()
    for cls in _model_classes():
        if cls is not Model:
            found |= keys(cls.model_json_schema())  # type: ignore[attr-defined]
    assert {"minimum", "maximum"} <= found
    assert found.isdisjoint({"ge", "le", "gt", "lt"})


def test_plan_models_are_read_only_and_share_their_given_fields(base_plan: Path) -> None:
    # one frozen set per combination of given fields, shared by every instance (issue 14: memory per file)
    from pydantic import ValidationError

    plan, report = validate_path(base_plan)
    actions = [f.model for tree in plan.editions.values() for f in tree.action_files]
    assert len(actions) > 1 and not report.failed()
    with pytest.raises(ValidationError, match="frozen"):
        actions[0].title = "altro"  # type: ignore[misc]
    file = next(f for tree in plan.editions.values() for f in tree.action_files)
    again = type(file.model).model_validate(file.doc.data)  # the same keys given again: the same set
    assert again.model_fields_set is file.model.model_fields_set
    assert "title" in actions[0].model_fields_set and isinstance(actions[0].model_fields_set, frozenset)


def test_a_level_derives_its_plural_and_gender_from_the_singular_alone() -> None:
    from psmctl.model.edition import Level

    level = Level.model_validate({"kind": "axis", "singular": "pilastro", "plural": " "})
    assert (level.plural, level.gender) == ("pilastri", "m")
    assert {"plural", "gender"} <= level.model_fields_set  # as when they were set after validation
    with pytest.raises(ValueError):
        Level.model_validate({"kind": "axis", "singular": "pilastro", "plural": None})
