"""A loaded plan: its files, each typed by the model of its kind, and its editions.

`psmctl.loading.tree` builds these; checks, documents, diffs and exports read
them. A file's model type is part of its type (`PlanFile[Action]`), so code
reading a field is checked against the model of that kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Generic, Iterable, Literal, Sequence, TypeGuard, TypeVar, overload

from pydantic import BaseModel

from psmctl.diagnostics import Diagnostic
from psmctl.loading.yamlfile import YamlDocument
from psmctl.model import Action, Axis, Chapter, Deliberation, Edition, Indicator, Project, Strategy
from psmctl.loading.position import Position, full_code, position_key
from psmctl.model.elements import Element, PlanElement, parent_of
from psmctl.model.registries import (
    REGISTRY_MODELS,
    AmsvsRegistry,
    BodyRegistry,
    ClassificationRegistry,
    ComuniRegistry,
    DupRegistry,
    PnrrRegistry,
    Registry,
    SdgRegistry,
    SourceRegistry,
    ZoneRegistry,
)
from psmctl.monitoring.model import Round

M = TypeVar("M", bound=BaseModel, covariant=True)  # the model a loaded file holds
T = TypeVar("T", bound=BaseModel)
E = TypeVar("E", bound=Element)


@dataclass
class PlanFile(Generic[M]):
    """One loaded file: where it is, its positions, its model instance.

    The model type is part of the file's type (`PlanFile[Action]`), so code
    reading a file's fields is checked against its kind's model.
    """

    rel: str
    path: str
    doc: YamlDocument
    model: M
    body: str = ""
    body_line: int = 1

    @cached_property
    def kind(self) -> str:
        return str(self.doc.data.get("kind", "chapter"))


AnyFile = PlanFile[BaseModel]
"""A loaded file of any kind."""

ElementFile = PlanFile[PlanElement]
"""A loaded axis, strategy or action."""

EntryFile = PlanFile[PlanElement | Indicator]
"""An element or an indicator: what an edition lists by id (and the exchange sheets by row)."""


def holds(file: AnyFile, model_type: type[T]) -> TypeGuard[PlanFile[T]]:
    """Whether `file` holds a `model_type` instance (and, for the type checker, is a `PlanFile[model_type]`)."""
    return isinstance(file.model, model_type)


def is_element(file: AnyFile) -> TypeGuard[ElementFile]:
    return isinstance(file.model, (Axis, Strategy, Action))


@dataclass
class EditionTree:
    """The loaded files of one edition, with typed views of them.

    The views (by kind, by id, ordered) are computed once: the tree is only
    changed through `add`, which forgets them.
    """

    id: str
    file: PlanFile[Edition] | None = None
    elements: list[ElementFile] = field(default_factory=list)
    indicators: list[PlanFile[Indicator]] = field(default_factory=list)
    chapters: list[PlanFile[Chapter]] = field(default_factory=list)
    deliberations: list[PlanFile[Deliberation]] = field(default_factory=list)
    rounds: list[PlanFile[Round]] = field(default_factory=list)  # monitoring rounds (psmctl.monitoring)
    # ids of files that did not load: references to them are not reported again
    broken_ids: set[str] = field(default_factory=set)
    edition_file_broken: bool = False  # edition.yaml exists but did not load

    def add(self, loaded: AnyFile) -> bool:
        """Place a file of this edition by its model; False if it has no place here."""
        parts = loaded.rel.split("/")
        if holds(loaded, Edition) and parts[-1] in ("edition.yaml", "edition.yml") and len(parts) == 3:
            self.file = loaded
        elif is_element(loaded):
            self.elements.append(loaded)
        elif holds(loaded, Indicator):
            self.indicators.append(loaded)
        elif holds(loaded, Chapter):
            self.chapters.append(loaded)
        elif holds(loaded, Deliberation) and parts[2:3] == ["deliberations"]:
            self.deliberations.append(loaded)
        elif holds(loaded, Round) and parts[2:3] == ["monitoring"]:
            self.rounds.append(loaded)
        else:
            return False
        for view in _VIEWS:
            self.__dict__.pop(view, None)
        return True

    @property
    def edition(self) -> Edition | None:
        return self.file.model if self.file else None

    @cached_property
    def by_id(self) -> dict[str, ElementFile]:
        table: dict[str, ElementFile] = {}
        for item in self.elements:
            table.setdefault(item.model.id, item)
        return table

    @property
    def numbering(self) -> str:
        return self.edition.numbering if self.edition else "hierarchical"

    def level_above(self, kind: str) -> str | None:
        """The level above `kind` in this edition (None at the top): a two-level plan hangs actions on the axes."""
        kinds: list[str] = [level.kind for level in self.edition.levels] if self.edition else ["axis", "strategy", "action"]
        if kind not in kinds or kinds.index(kind) == 0:
            return None
        return kinds[kinds.index(kind) - 1]

    def in_order(self, files: Iterable[PlanFile[E]]) -> list[PlanFile[E]]:
        """`files` in the plan's reading order: under their parents' places, by code or, unnumbered, by `order`.

        By place, not by own code or order alone: the actions `1` under two
        per-parent strategies, or `order: 1` under two visions, follow their parents.
        """
        return sorted(files, key=lambda f: self.place(f.model))

    @cached_property
    def axis_files(self) -> list[PlanFile[Axis]]:
        return self.in_order(f for f in self.elements if holds(f, Axis))

    @cached_property
    def strategy_files(self) -> list[PlanFile[Strategy]]:
        return self.in_order(f for f in self.elements if holds(f, Strategy))

    @cached_property
    def action_files(self) -> list[PlanFile[Action]]:
        return self.in_order(f for f in self.elements if holds(f, Action))

    def of_kind(self, kind: str) -> Sequence[ElementFile]:
        """The elements of one level (`axis`, `strategy`, `action`) in code order."""
        if kind == "axis":
            return self.axis_files
        if kind == "strategy":
            return self.strategy_files
        return self.action_files if kind == "action" else ()

    @cached_property
    def axes(self) -> list[Axis]:
        return [f.model for f in self.axis_files]

    @cached_property
    def strategies(self) -> list[Strategy]:
        return [f.model for f in self.strategy_files]

    @cached_property
    def actions(self) -> list[Action]:
        return [f.model for f in self.action_files]

    @cached_property
    def children(self) -> dict[str, list[ElementFile]]:
        table: dict[str, list[ElementFile]] = {}
        for item in self.in_order(self.elements):
            parent = parent_of(item.model)
            if parent is not None:
                table.setdefault(parent, []).append(item)
        return table

    @cached_property
    def full_codes(self) -> dict[str, str]:
        """Element id → its full code (psmctl.loading.position.full_code), parents first."""
        table: dict[str, str] = {}

        def resolve(model: PlanElement, depth: int) -> str:
            if model.id not in table:
                parent = self.by_id.get(parent_of(model) or "")
                # bounded: a parent cycle is a finding of its own, not a hang here
                above = resolve(parent.model, depth + 1) if parent is not None and depth < 3 else ""
                table[model.id] = full_code(model.code, above, self.numbering)
            return table[model.id]

        for item in self.elements:
            resolve(item.model, 0)
        return table

    def place(self, model: Element) -> tuple[Position, ...]:
        """Where `model` stands in reading order: its ancestors' positions, then its own."""
        own = position_key(model, self.numbering)
        parent = parent_of(model) if isinstance(model, (Axis, Strategy, Action)) else None
        return (*self._above(parent), own) if parent else (own,)

    def _above(self, parent: str) -> tuple[Position, ...]:
        """The positions of element `parent` and of its own parent, if they are in this edition.

        Bounded to two levels, so a parent cycle (reported elsewhere) cannot loop; kept per
        parent, as a strategy's ten actions or an axis's strategies all start with it.
        """
        above = self._places_above.get(parent)
        if above is None:
            found = self.by_id.get(parent)
            if found is None:
                above = ()
            else:
                own = position_key(found.model, self.numbering)
                grand = self.by_id.get(parent_of(found.model) or "")
                above = (position_key(grand.model, self.numbering), own) if grand is not None else (own,)
            self._places_above[parent] = above
        return above

    @cached_property
    def _places_above(self) -> dict[str, tuple[Position, ...]]:
        return {}  # filled by _above; a cached view, so adding a file forgets it

    def full_code(self, model: Element) -> str:
        """How `model` is named across the edition: `1.2` for code `2` under `1` in a per-parent plan."""
        return self.full_codes.get(model.id) or full_code(model.code, "", self.numbering)

    @cached_property
    def deliberation_models(self) -> list[Deliberation]:
        ordered = sorted(self.deliberations, key=lambda f: (str(f.model.date or ""), f.rel))
        return [f.model for f in ordered]

    @cached_property
    def indicator_models(self) -> list[Indicator]:
        return [f.model for f in self.indicators]

    @cached_property
    def chapter_models(self) -> list[tuple[Chapter, str]]:
        ordered = sorted(self.chapters, key=lambda f: (f.model.order, f.rel))
        return [(f.model, f.body) for f in ordered]


# The cached views of an EditionTree, forgotten when a file is added.
_VIEWS = tuple(name for name, value in vars(EditionTree).items() if isinstance(value, cached_property))


@dataclass
class Plan:
    label: str
    project: PlanFile[Project] | None = None
    registries: dict[str, PlanFile[Registry]] = field(default_factory=dict)
    editions: dict[str, EditionTree] = field(default_factory=dict)
    misplaced: list[AnyFile] = field(default_factory=list)
    # display path → edition id, for every file under editions/ (loaded or not)
    file_editions: dict[str, str] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # paths in the tree of files that did not load
    raw: dict[str, bytes] = field(default_factory=dict, repr=False)  # rel path → the bytes read
    missing: list[Diagnostic] = field(default_factory=list)  # required files that are absent

    @overload
    def registry(self, kind: Literal["comuni"]) -> ComuniRegistry | None: ...
    @overload
    def registry(self, kind: Literal["zones"]) -> ZoneRegistry | None: ...
    @overload
    def registry(self, kind: Literal["pnrr"]) -> PnrrRegistry | None: ...
    @overload
    def registry(self, kind: Literal["amsvs"]) -> AmsvsRegistry | None: ...
    @overload
    def registry(self, kind: Literal["sdg"]) -> SdgRegistry | None: ...
    @overload
    def registry(self, kind: Literal["bodies"]) -> BodyRegistry | None: ...
    @overload
    def registry(self, kind: Literal["dup"]) -> DupRegistry | None: ...
    @overload
    def registry(self, kind: Literal["sources"]) -> SourceRegistry | None: ...
    @overload
    def registry(self, kind: Literal["classifications"]) -> ClassificationRegistry | None: ...
    @overload
    def registry(self, kind: str) -> Registry | None: ...

    def registry(self, kind: str) -> Registry | None:
        """The registry of `kind`, typed by kind: a file is kept under the kind it declares."""
        found = self.registries.get(kind)
        if found is None or not isinstance(found.model, REGISTRY_MODELS.get(kind, Registry)):
            return None
        return found.model

    @property
    def project_model(self) -> Project | None:
        return self.project.model if self.project else None
