"""From a loaded plan to a written document: template stage, then the output stage.

md is the template's Markdown itself; docx/odt/html go through Pandoc with the
reference documents and HTML template found in the template folders; pdf is
Pandoc → Typst source compiled by the `typst` library into PDF/A-2b. Every
output is written atomically (psmctl.pandoc, psmctl.writing).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psmctl.loading.tree import Plan
from psmctl.rendering.context import build_context, deliberation_context
from psmctl.rendering.engine import find_file, render_template
from psmctl.rendering.filters import it_date

FORMATS = ("docx", "odt", "pdf", "html", "md")
KINDS = {"annex": "annex.md.j2", "plan": "plan.md.j2", "deliberation": "deliberation.md.j2",
         "monitoring": "monitoring.md.j2"}
REFERENCE = {"docx": "reference.docx", "odt": "reference.odt"}
# Typst's own embedded fonts only: the PDF is the same on every machine.
TYPST_TIMESTAMP = 1704067200


@dataclass
class Rendered:
    markdown: str
    title: str
    header: str
    template_seconds: float
    notes: list[str] = field(default_factory=list)  # for the user, not the document
    charts: tuple[str, ...] = ()  # digests of the charts the document may embed (psmctl/safe_links.lua)


def render_markdown(plan: Plan, kind: str, edition: str, *, zone: str | None = None,
                    deliberation: str | None = None, templates: Path | None = None,
                    as_of: dt.date | None = None, fmt: str | None = None) -> Rendered:
    """The template stage: plan → context → Markdown."""
    started = time.perf_counter()
    if kind == "deliberation":
        context = deliberation_context(plan, edition, deliberation)
    elif kind == "monitoring":
        from psmctl.monitoring.report import monitoring_context

        context = monitoring_context(plan, edition, as_of, fmt)  # charts as PNG or SVG by format
    else:
        context = build_context(plan, edition, zone=zone, deliberation_id=deliberation)
    markdown = render_template(KINDS[kind], context, templates)
    elapsed = time.perf_counter() - started
    title, header = _labels(kind, context)
    notes = []
    if zone is not None and kind not in ("deliberation", "monitoring") and not context["any_scope"]:
        notes.append(f"no action of edition {edition} carries a territorial scope; "
                     f"the extract for zone {zone} lists no actions")
    return Rendered(markdown, title, header, elapsed, notes, tuple(context.get("chart_digests", ())))


def _labels(kind: str, context: dict[str, Any]) -> tuple[str, str]:
    """Document title and the running header (the act reference) shown on every page."""
    if kind == "deliberation":
        d = context["deliberation"]
        header = f"{d['organ']} – Atto n. {d['number'] or '____'} del {it_date(d['date']) or '____'}"
        return f"Deliberazione del {d['organ']}", header
    edition = context["edition"]
    title = f"Piano Strategico Metropolitano {edition['start']}-{edition['end']} «{edition['title']}»"
    if kind == "plan":
        return title, f"{context['body']} – {title}"
    if kind == "monitoring":
        return (f"Relazione di monitoraggio – {title}",
                f"{context['body']} – Stato di attuazione al {it_date(context['as_of'])}")
    act = context["act"]
    return title, (f"Allegato alla deliberazione del {act['organ']} n. {act['number'] or '____'} "
                   f"del {it_date(act['date']) or '____'}")


def write_document(rendered: Rendered, fmt: str, output: Path, templates: Path | None = None) -> None:
    """The output stage: Markdown → `fmt`, written atomically to `output`."""
    from psmctl.pandoc import convert
    from psmctl.writing import write_atomic

    metadata = {"lang": "it-IT", "pagetitle": rendered.title, "title-meta": rendered.title,
                "subject": rendered.header, "header-text": rendered.header}
    if rendered.charts:
        metadata["psmctl-charts"] = " ".join(rendered.charts)
    if fmt == "md":
        write_atomic(output, rendered.markdown.encode("utf-8"))
    elif fmt in REFERENCE:
        convert(rendered.markdown, fmt, output, reference_doc=find_file(REFERENCE[fmt], templates), metadata=metadata)
    elif fmt == "html":
        convert(rendered.markdown, "html", output, template=find_file("psm.html", templates), metadata=metadata)
    elif fmt == "pdf":
        _write_pdf(rendered, output, templates, metadata)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def _write_pdf(rendered: Rendered, output: Path, templates: Path | None, metadata: dict[str, str]) -> None:
    import typst

    from psmctl.pandoc import PandocError, convert
    from psmctl.writing import write_atomic

    with tempfile.TemporaryDirectory(prefix="psmctl-typst-") as folder:
        source = Path(folder) / "document.typ"
        convert(rendered.markdown, "typst", source, template=find_file("psm.typ", templates), metadata=metadata)
        try:
            pdf = typst.compile(str(source), root=folder, font_paths=[], ignore_system_fonts=True,
                                pdf_standards="a-2b", timestamp=TYPST_TIMESTAMP)
        except typst.TypstError as exc:  # e.g. a template or text naming a file outside the document
            raise PandocError(f"PDF: Typst could not compile the document: {exc}") from None
    write_atomic(output, bytes(pdf))
