"""Where an element stands: the one ordering rule and the one full-code rule.

Every consumer (the loaded tree and through it documents, exports, the site;
the diff; `new`) orders elements and names their codes through these
functions, so a plan that numbers nothing (`numbering: none`, issue 9) and a
plan whose codes restart under each parent (`per_parent`) read the same
everywhere.

- Order: by code (`1.10` after `1.9`), or, where the edition numbers nothing,
  by each element's `order` key among its siblings (the id breaks ties, so a
  plan with a duplicate order still reads the same at every run).
- Full code: what identifies an element in a message or a table across the
  whole edition. Hierarchical and free codes already do; a per-parent code is
  prefixed with its parent's full code (`2` under `1` is `1.2`); a plan that
  numbers nothing has none ("").
"""

from __future__ import annotations

from functools import lru_cache

from psmctl.model.common import is_digits
from psmctl.model.elements import Element

_LAST = 1 << 30  # elements without an order key go after those with one


@lru_cache(maxsize=65536)
def code_key(code: str) -> tuple[tuple[int, str], ...]:
    """Sort `1.10` after `1.9`: numeric parts compare as numbers."""
    return tuple((int(p), "") if is_digits(p) else (_LAST, p) for p in code.split("."))


Position = tuple[int, tuple[tuple[int, str], ...], str]
"""(order, code key, id tie-break): one shape, so keys of editions numbered differently compare."""


def position_key(model: Element, numbering: str) -> Position:
    """The sort key of `model` among its siblings under the edition's `numbering`."""
    if numbering == "none":
        return (model.order if model.order is not None else _LAST, (), model.id)
    return (0, code_key(model.code or ""), "")  # equal codes keep the order the files were read in


def full_code(own: str | None, parent_full: str, numbering: str) -> str:
    """The code that names an element across its edition (see the module docstring)."""
    if numbering == "none" or not own:
        return ""
    if numbering == "per_parent" and parent_full:
        return f"{parent_full}.{own}"
    return own
