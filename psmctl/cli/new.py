"""`psmctl new`: scaffold an axis, strategy, action, indicator or a whole edition."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import EXIT_OK, guarded, refuse_errors
from psmctl.errors import UsageError

if TYPE_CHECKING:
    from psmctl.diagnostics import Diagnostic
    from psmctl.loading.tree import Plan


@app.command()
@guarded
def new(
    kind: str = typer.Argument(..., help="axis | strategy | action | indicator | edition, "
                                          "or a level's name in the edition (ambito, progetto, visione…)"),
    name: Optional[str] = typer.Argument(None, help="For `edition`: the new edition id (e.g. 2027-2029).",
                                         show_default=False),
    title: Optional[str] = typer.Option(None, "--title", "-t", help="Title (indicator: name) of the element."),
    parent: Optional[str] = typer.Option(None, "--parent", "-p", help="Stable id of the parent element."),
    edition: Optional[str] = typer.Option(None, "--edition", "-e",
                                          help="Edition to add to (default: the project's default, else the latest)."),
    from_edition: Optional[str] = typer.Option(None, "--from", help="For `edition`: the edition to start from."),
    classify: list[str] = typer.Option([], "--classify", "-c", metavar="DIMENSION=VALUE[,VALUE]",
                                       help="A classification of the new element (registries/classifications.yaml); "
                                            "repeat for each dimension.", show_default=False),
    plan_dir: Optional[Path] = typer.Option(None, "--plan",
                                            help="Plan folder (default: the plan around the working directory)."),
) -> None:
    """Create a new element file with the next free code and a fresh stable id.

    Example: psmctl new action --parent metropoli-verde --title "Boschi urbani"
    Example: psmctl new progetto --parent mobilita --title "Porto" --classify pilastro=p2 --classify driver=d1,d3
    Example: psmctl new edition 2027-2029 --from 2024-2026
    """
    from psmctl.loading.locate import find_root

    if kind == "edition" and (not name or not from_edition):
        raise UsageError("`new edition` needs the new id and --from",
                         f"e.g. psmctl new edition 2027-2029 --from 2024-2026{_plan_option(plan_dir)}")
    if kind != "edition" and (not title or not title.strip()):
        raise UsageError(f"a new {kind} needs --title", f'e.g. psmctl new {kind}{_plan_option(plan_dir)} --title "..."')
    root = find_root(plan_dir)  # any other kind is a level's name, resolved against the edition
    if kind == "edition":
        _new_edition(root, str(name), str(from_edition))
    else:
        _new_element(root, kind, str(title), parent, edition, classify)
    raise typer.Exit(EXIT_OK)


def _plan_option(plan_dir: Path | None) -> str:
    """The `--plan` the user gave, repeated in a hint's example command so that it runs as shown."""
    return f" --plan {plan_dir}" if plan_dir is not None else ""


def _new_edition(root: Path, name: str, from_edition: str) -> None:
    from psmctl.authoring.nextedition import period_of, start_edition
    from psmctl.loading.locate import default_edition
    from psmctl.loading.tree import DirectorySource, load_plan

    period_of(name)  # a bad id is refused before anything is read
    plan, loading = load_plan(DirectorySource(root))
    source = default_edition(plan, from_edition)  # an edition of this plan, never a path elsewhere
    _require_clean(plan, loading, root, source)
    written = start_edition(root, name, source)
    typer.echo(f"created {root / 'editions' / name} ({len(written)} files from {from_edition}); "
               "see docs/authoring.md for what was reset")


def _new_element(root: Path, kind: str, title: str, parent: str | None, edition: str | None,
                 classify: list[str]) -> None:
    from psmctl.authoring.scaffold import NewElement, parse_classification, scaffold
    from psmctl.loading.locate import default_edition
    from psmctl.loading.tree import DirectorySource, load_plan
    from psmctl.writing import WriteSet

    plan, loading = load_plan(DirectorySource(root))
    chosen = default_edition(plan, edition)
    _require_clean(plan, loading, root, chosen)
    classifications: dict[str, list[str]] = {}
    for given in classify:
        dimension, values = parse_classification(given)
        classifications.setdefault(dimension, []).extend(values)
    path, text = scaffold(plan, root, NewElement(kind, chosen, title.strip(), parent, classifications))
    if path.exists():
        raise UsageError(f"{path} already exists")
    with WriteSet(root, inside=root) as writes:  # recoverable like every plan write
        writes.add(path, text.encode("utf-8"))
        writes.commit()
    typer.echo(str(path))


def _require_clean(plan: Plan, loading: list[Diagnostic], root: Path, edition: str) -> None:
    """Refuse to build on an edition with errors: a broken file hides ids and codes already taken."""
    from psmctl.validate import check_plan, edition_errors

    refuse_errors(edition_errors(plan, check_plan(plan, loading, advisory=False), edition),
                  f"edition {edition} has {{count}} error(s); nothing was created",
                  f"run `psmctl validate {root} --edition {edition}` and fix them first")
