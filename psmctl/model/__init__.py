"""The plan model (DESIGN §3): one Pydantic class per kind of file."""

from __future__ import annotations

from pydantic import BaseModel

from psmctl.model.deliberation import Deliberation
from psmctl.model.edition import Chapter, Edition, Project
from psmctl.model.elements import Action, Axis, Indicator, Strategy
from psmctl.model.registries import REGISTRY_MODELS
from psmctl.monitoring.model import Round

# `kind:` value → model; a file names its kind, the loader dispatches on it.
FILE_MODELS: dict[str, type[BaseModel]] = {
    "project": Project,
    "edition": Edition,
    "axis": Axis,
    "strategy": Strategy,
    "action": Action,
    "indicator": Indicator,
    "deliberation": Deliberation,
    "monitoring": Round,
    **REGISTRY_MODELS,
}

__all__ = ["FILE_MODELS", "Action", "Axis", "Chapter", "Deliberation", "Edition", "Indicator", "Project", "Strategy"]
