"""A name the documents decline: singular, plural and gender, the missing forms derived.

Plan levels (asse/assi) and classification dimensions (pilastro/pilastri,
driver/driver) are both named this way, so templates and messages say "per
questo pilastro", "dei driver" from the same grammar (psmctl.model.grammar).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from psmctl.model.common import Model
from psmctl.model.grammar import Noun, guess_gender, guess_plural


class Named(Model):
    """`plural` and `gender` are derived from `singular` when not given; state them where that is wrong."""

    singular: str = Field(min_length=1)
    plural: str = Field(default="", validate_default=False)
    gender: Literal["m", "f"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _derive(cls, data: Any) -> Any:
        # before validation, as plan models are immutable: the forms are filled in from the singular
        # as written (a singular that is not text fails its own check, and nothing is derived from it)
        if not isinstance(data, dict) or not isinstance(data.get("singular"), str) or not data["singular"]:
            return data
        derived = dict(data)
        if derived.get("gender") is None:
            derived["gender"] = guess_gender(derived["singular"])
        plural = derived.get("plural", "")
        if isinstance(plural, str) and not plural.strip():
            derived["plural"] = guess_plural(derived["singular"], derived["gender"])
        return derived

    @property
    def noun(self) -> Noun:
        return Noun(self.singular, self.plural, self.gender or guess_gender(self.singular))
