"""Italian grammar of a level name: gender, plural, articles, articulated prepositions.

Every document and message that names a level ("l'asse", "della visione",
"Nessun progetto riportato per questo ambito") takes the words from here, so a
plan organised in *visioni › azioni* or *ambiti › progetti* reads as naturally
as Torino's *assi › strategie › azioni*, and no template writes an article of
its own. Defaults are derived from the noun (the rules of Italian grammar for
the common cases, a short table for the nouns that break them); an edition may
state `gender` and `plural` for any level when the default is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Gender = Literal["m", "f"]

# Nouns whose gender the ending does not tell (or tells wrong).
_MASCULINE = {"asse", "programma", "sistema", "tema", "problema", "schema", "piano", "settore",
              "ambiente", "ente", "obiettivo", "driver", "pilastro", "cluster", "focus", "goal"}
_FEMININE = {"mano", "radio", "foto", "area", "linea", "priorità", "città", "attività", "direttrice",
             "sfida", "leva", "misura", "missione", "visione", "azione"}
# Nouns that do not change in the plural (foreign words, truncated or accented nouns are handled by rule).
_INVARIANT = {"focus", "driver", "cluster", "goal", "hub", "policy"}
_PREPOSITION_WORDS = {"di", "del", "della", "dei", "degli", "delle", "per", "a", "da", "in", "con", "su",
                      "tra", "fra"}
_VOWELS = "aeiouàèéìòóù"


def _starts_with_vowel(word: str) -> bool:
    w = word.lower()
    return bool(w) and (w[0] in _VOWELS or (w[0] == "h" and len(w) > 1 and w[1] in _VOWELS))


def _wants_lo(word: str) -> bool:
    """Masculine nouns taking lo/gli: s + consonant, z, gn, ps, pn, x, y, i + vowel."""
    w = word.lower()
    return bool(re.match(r"s[^aeiouàèéìòóù]|z|gn|ps|pn|x|y|i[aeiou]", w))


def guess_gender(singular: str) -> Gender:
    head = singular.split()[0].lower() if singular.split() else ""
    if head in _MASCULINE:
        return "m"
    if head in _FEMININE or head.endswith(("ione", "trice", "tà", "tù")):
        return "f"
    return "f" if head.endswith("a") else "m"


def _plural_word(word: str, gender: Gender) -> str:
    w = word.lower()
    if w in _INVARIANT or w[-1:] not in "aeio" or w.endswith(("tà", "tù")) or len(w) < 3:
        return word
    if w.endswith("ico"):
        return word[:-1] + "i"
    if w.endswith(("co", "go")):
        return word[:-1] + "hi"
    if w.endswith(("ca", "ga")):
        return word[:-1] + ("he" if gender == "f" else "hi")
    if w.endswith("io"):
        return word[:-1]
    if w.endswith("a"):
        return word[:-1] + ("e" if gender == "f" else "i")
    return word[:-1] + "i"


def guess_plural(singular: str, gender: Gender) -> str:
    """"obiettivo strategico" → "obiettivi strategici"; "linea di intervento" → "linee di intervento".

    A word after the head changes only when its ending agrees with the head's
    gender (an adjective); a noun in apposition stays ("progetti bandiera").
    """
    words = singular.split()
    out: list[str] = []
    for i, word in enumerate(words):
        if i > 0 and (word.lower() in _PREPOSITION_WORDS or not _agrees(word, gender)):
            return " ".join(out + words[i:])
        out.append(_plural_word(word, gender))
    return " ".join(out)


def _agrees(word: str, gender: Gender) -> bool:
    return word.lower().endswith(("a", "e") if gender == "f" else ("o", "e"))


def agree(adjective: str, gender: Gender, plural: bool = False) -> str:
    """An adjective or participle given in the masculine singular, agreed: "riportato" → "riportate"."""
    if not adjective.endswith("o"):
        return adjective
    stem = adjective[:-1]
    return stem + {("m", False): "o", ("f", False): "a", ("m", True): "i", ("f", True): "e"}[(gender, plural)]


def listed(items: list[str]) -> str:
    """Words as an Italian sentence lists them: «A», «A e B», «A, B e C»."""
    return " e ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def counted(n: int, singular: str, plural: str) -> str:
    """A count with its noun agreed: "1 comune", "3 comuni" (zero takes the plural: "0 comuni")."""
    return f"{n} {singular if n == 1 else plural}"


@dataclass(frozen=True)
class Noun:
    """A level name with every form a document needs."""

    singular: str
    plural: str
    gender: Gender

    def article(self, plural: bool = False) -> str:
        """The definite article, with the elided form ending in an apostrophe (no space after)."""
        word = self.plural if plural else self.singular
        if self.gender == "f":
            return "le " if plural else ("l'" if _starts_with_vowel(word) else "la ")
        if plural:
            return "gli " if _starts_with_vowel(word) or _wants_lo(word) else "i "
        if _starts_with_vowel(word):
            return "l'"
        return "lo " if _wants_lo(word) else "il "

    def _with(self, preposition: str, plural: bool) -> str:
        article = self.article(plural)
        word = self.plural if plural else self.singular
        joined = {"il ": "l ", "i ": "i ", "lo ": "llo ", "l'": "ll'", "la ": "lla ", "gli ": "gli ",
                  "le ": "lle "}[article]
        if preposition == "di":
            return "de" + joined + word
        if preposition == "a":
            return "a" + joined + word
        raise ValueError(preposition)

    def forms(self) -> dict[str, str]:
        """What the templates read: `levels.axis.of` is "dell'asse", `levels.action.none` "nessuna azione"."""
        s, p, f = self.singular, self.plural, self.gender == "f"
        vowel, lo = _starts_with_vowel(s), _wants_lo(s)
        # "nessuna azione" and "nessun'azione" are both correct; the documents keep the full form
        none = "nessuna " if f else ("nessuno " if lo else "nessun ")
        each = "ciascuna " if f else ("ciascuno " if lo else "ciascun ")
        return {
            "singular": s, "plural": p, "gender": self.gender,
            "the": self.article() + s, "the_plural": self.article(True) + p,
            "of": self._with("di", False), "of_plural": self._with("di", True),
            "to": self._with("a", False), "to_plural": self._with("a", True),
            "this": ("questa " if f else "questo ") + s, "none": none + s, "each": each + s,
            "a": (("un'" if vowel else "una ") if f else ("uno " if lo else "un ")) + s,
        }


def gender_of(forms: dict[str, str]) -> Gender:
    """The gender a level's forms (`Noun.forms`, what templates and contexts hold) record, typed."""
    return "f" if forms["gender"] == "f" else "m"


def noun(singular: str, plural: str | None = None, gender: Gender | None = None) -> Noun:
    """A level name, its missing forms derived."""
    chosen: Gender = gender or guess_gender(singular)
    return Noun(singular, plural or guess_plural(singular, chosen), chosen)
