"""`psmctl init`: start the plan of any Città metropolitana from nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from psmctl.cli.root import app
from psmctl.cli.errors import EXIT_OK, guarded
from psmctl.errors import UsageError


@app.command()
@guarded
def init(
    folder: Path = typer.Argument(Path("."), help="Folder of the new plan repository (the plan goes in plan/)."),
    body: Optional[str] = typer.Option(None, "--body", help='The institution: "Città metropolitana di Bari".'),
    levels: Optional[str] = typer.Option(None, "--levels",
                                         help="A preset (asse/strategia/azione, piattaforma/strategia/azione, "
                                              "ambito/progetto, visione/strategia/azione, missione/obiettivo/azione, visione/azione) "
                                              "or two or three singular nouns, top first, joined by '/'."),
    edition: Optional[str] = typer.Option(None, "--edition", help="First edition id (default: this year + 2)."),
    title: Optional[str] = typer.Option(None, "--title", help="Title of the first edition."),
    short_name: Optional[str] = typer.Option(None, "--short-name", help='Short name of the institution ("CMBa").'),
    plan_name: Optional[str] = typer.Option(None, "--plan-name",
                                            help='Official name of the plan (default "Piano Strategico Metropolitano").'),
    numbering: str = typer.Option("hierarchical", "--numbering",
                                  help="How the first edition numbers its elements: hierarchical (2.1.3), "
                                       "per_parent (codes restart under each parent), free (M1, A.2) or none "
                                       "(no codes; each element's `order` places it)."),
    shared_only: bool = typer.Option(False, "--shared-registries",
                                     help="Only add the registries psmctl ships (sdg, pnrr) to the existing plan "
                                          "at FOLDER, where it has none."),
) -> None:
    """Create a new plan: plan.yaml, a first edition, shared registries, README, pre-commit and CI files.

    On a terminal, what is not given is asked; in scripts, give --body and --levels.

    Example: psmctl init piano-bari --body "Città metropolitana di Bari" --levels ambito/progetto

    A plan that numbers nothing: psmctl init piano --body "…" --levels visione/azione --numbering none
    """
    import datetime as dt

    if shared_only:
        _add_shared_registries(folder)
        raise typer.Exit(EXIT_OK)
    from psmctl.authoring.newplan import PRESETS, NewPlan, default_edition, parse_levels, plan_files, refuse_existing
    from psmctl.model.edition import PLAN_NAME
    from psmctl.writing import WriteSet

    body = body or _ask("--body: the institution (e.g. Città metropolitana di Bari)", None)
    levels = levels or _ask(f"--levels: {' | '.join(PRESETS)}, or your own a/b[/c]", "asse/strategia/azione",
                            required=True)
    edition = edition or _ask("--edition: the first edition", default_edition(dt.date.today()))
    request = NewPlan(body=body.strip(), levels=parse_levels(levels), edition=edition,
                      title=title or f"Edizione {edition}", short_name=short_name,
                      plan_name=plan_name or PLAN_NAME, numbering=numbering)
    files = plan_files(request)
    refuse_existing(folder, files)
    folder.mkdir(parents=True, exist_ok=True)
    with WriteSet(folder, inside=folder) as writes:
        for rel, text in files.items():
            writes.add(folder / rel, text.encode("utf-8"))
        writes.commit()
    typer.echo(f"created the plan of {request.body} in {folder / 'plan'} ({len(files)} files); "
               f"next: psmctl new {request.levels[0]} --plan {folder / 'plan'} --title \"...\"")
    raise typer.Exit(EXIT_OK)


def _add_shared_registries(folder: Path) -> None:
    from psmctl.authoring.newplan import shared_registry
    from psmctl.model.registries import SHARED_REGISTRIES
    from psmctl.loading.locate import find_root
    from psmctl.writing import WriteSet

    root = find_root(folder)
    missing = [name for name in SHARED_REGISTRIES if not (root / "registries" / f"{name}.yaml").exists()]
    with WriteSet(root, inside=root) as writes:
        for name in missing:
            writes.add(root / "registries" / f"{name}.yaml", shared_registry(name).encode("utf-8"))
        writes.commit()
    typer.echo(f"added to {root / 'registries'}: {', '.join(missing) or 'nothing (the plan has them all)'}")


def _on_terminal() -> bool:
    return sys.stdin.isatty()


def _ask(question: str, default: str | None, required: bool = False) -> str:
    """A value from the user on a terminal; in scripts the default, or a usage error where flags must say it."""
    if not _on_terminal():
        if default is not None and not required:
            return default
        raise UsageError(f"init needs a value for: {question}", "pass --body and --levels (see psmctl init --help)")
    answer: str = typer.prompt(question, default=default)
    return answer
