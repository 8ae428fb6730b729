"""A name the documents decline: singular, plural and gender, the missing forms derived.

Plan levels (asse/assi) and classification dimensions (pilastro/pilastri,
driver/driver) are both named this way, so templates and messages say "per
questo pilastro", "dei driver" from the same grammar (psmctl.model.grammar).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from psmctl.model.common import Model
from psmctl.model.grammar import Noun, guess_gender, guess_plural


class Named(Model):
    """`plural` and `gender` are derived from `singular` when not given; state them where that is wrong."""

    singular: str = Field(min_length=1)
    plural: str = Field(default="", validate_default=False)
    gender: Literal["m", "f"] | None = None

    @model_validator(mode="after")
    def _derive(self) -> Named:
        if self.gender is None:
            self.gender = guess_gender(self.singular)
        if not self.plural.strip():
            self.plural = guess_plural(self.singular, self.gender)
        return self

    @property
    def noun(self) -> Noun:
        return Noun(self.singular, self.plural, self.gender or guess_gender(self.singular))
