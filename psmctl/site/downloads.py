"""The site's downloads: documents through the document pipeline, open data, one zip of everything.

Per edition, under `<edition>/dati/`: the open-data tables and
`datapackage.json` (psmctl.exchange.opendata), and with `documents` the annex
and the plan in PDF/A, DOCX and ODT, and the revision report against the
previous edition (psmctl.rendering.document, the same pipeline as `psmctl
render`). `<edition>/dati/psm-<edition>.zip` holds all of them, its entries in
name order with the edition's date, so two builds give the same bytes.
"""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path
from typing import Any, Callable

from psmctl.site import urls
from psmctl.site.pages import SiteData, make_page
from psmctl.site.views import EditionView

DOCUMENT_FORMATS = ("pdf", "docx", "odt")
FORMAT_NAMES = {"pdf": "PDF/A", "docx": "DOCX", "odt": "ODT", "csv": "CSV", "json": "JSON"}


def write_downloads(site: SiteData, folder: Path, *, documents: bool) -> list[str]:
    """Write every edition's downloads and its «Documenti e dati» page; notes for the terminal."""
    from psmctl.rendering.engine import environment, render_with
    from psmctl.site.build import TEMPLATES

    env = environment((TEMPLATES,), autoescape=True)
    notes: list[str] = []
    for view in site.editions.values():
        data = folder / view.id / "dati"
        files = _open_data(site, view, data)
        if documents:
            files += _documents(site, view, data, notes)
        files.append(_zip(view, data, files))
        page = make_page(site, view, urls.page(view.id, "dati"), "downloads.html.j2", f"Documenti e dati – edizione {view.id}",
                     [("Home", urls.page()), (f"Edizione {view.id}", view.home()), ("Documenti e dati", urls.page(view.id, "dati"))],
                     downloads=[_entry(view, f) for f in files])
        (data / "index.html").write_text(render_with(env, page.template, page.context), encoding="utf-8")
    return notes


def _open_data(site: SiteData, view: EditionView, data: Path) -> list[Path]:
    from psmctl.exchange.opendata import write_package

    tree = site.plan.editions[view.id]
    return write_package(data / "opendata", site.plan, tree, site.plan.raw)


def _documents(site: SiteData, view: EditionView, data: Path, notes: list[str]) -> list[Path]:
    if not view.elements:
        notes.append(f"edition {view.id} has no element files: no annex or plan document")
        return []
    jobs: list[tuple[Callable[[], Any], str]] = [
        (functools.partial(_plan_document, view, kind), f"{name}-{view.id}")
        for kind, name in (("annex", "allegato"), ("plan", "piano"))]
    previous = site.lineage.previous.get(view.id)
    if previous is not None and site.editions[previous].elements:
        jobs.append((functools.partial(_revision, site, previous, view.id),
                     f"relazione-aggiornamento-{previous}-{view.id}"))
    return _write_all(jobs, data)


def _plan_document(view: EditionView, kind: str) -> Any:
    """The annex or the plan from the context the pages use: the same dict `psmctl render` builds,
    built once (its chapters cost a Pandoc run each)."""
    from psmctl.rendering.document import render_kind

    return render_kind(kind, {**view.context, "draft": False})


def _write_all(jobs: list[tuple[Callable[[], Any], str]], data: Path) -> list[Path]:
    """Each document in every format, side by side: most of the time is Pandoc processes and Typst."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    def write(render: Callable[[], Any], stem: str) -> None:
        from psmctl.rendering.document import write_documents

        # Pandoc reads each document once; each format costs only its writer
        write_documents(render(), {fmt: data / f"{stem}.{fmt}" for fmt in DOCUMENT_FORMATS})

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        for future in [pool.submit(write, render, stem) for render, stem in jobs]:
            future.result()  # the first failure stops the build (the staging folder is discarded)
    return [data / f"{stem}.{fmt}" for _, stem in jobs for fmt in DOCUMENT_FORMATS]


def _revision(site: SiteData, old: str, new: str) -> Any:
    """The revision report, as `psmctl diff OLD NEW` renders it, from the diff the pages use."""
    from psmctl.diffing.changes import DiffOptions, select
    from psmctl.diffing.report import DiffReport, SideInfo
    from psmctl.diffing.sides import Side, plan_dimensions
    from psmctl.report.diff_markdown import render_revision

    body = site.common()["body"]
    sides = [SideInfo.of(Side(e, site.plan.label, site.plan.editions[e], body, dimensions=plan_dimensions(site.plan),
                              names=site.names)) for e in (old, new)]
    filters: dict[str, Any] = {"level": None, "axis": None, "ignore_fields": []}
    report = DiffReport(sides[0], sides[1], select(site.lineage.diffs[new]), DiffOptions().threshold, filters)
    return render_revision(report)


def _zip(view: EditionView, data: Path, files: list[Path]) -> Path:
    from psmctl.rendering.labels import as_date, edition_date

    target = data / f"psm-{view.id}.zip"
    when = as_date(edition_date_of(view)) or as_date("1980")
    assert when is not None
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files, key=lambda p: p.relative_to(data).as_posix()):
            info = zipfile.ZipInfo(path.relative_to(data).as_posix(), stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return target


def edition_date_of(view: EditionView) -> Any:
    return view.context["date"]


def _entry(view: EditionView, path: Path) -> dict[str, Any]:
    rel = path.relative_to(path.parents[2] if path.parent.name == "opendata" else path.parents[1]).as_posix()
    fmt = path.suffix.lstrip(".")
    return {"name": path.name, "url": f"{view.id}/{rel}", "format": FORMAT_NAMES.get(fmt, fmt.upper()),
            "size": path.stat().st_size}
