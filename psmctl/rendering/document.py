"""One pipeline for every document: a kind's template and context, then the output stage.

A document kind is one entry of KINDS: its Jinja template and how it labels
itself (title, running header, date). The plan's documents (annex, plan,
deliberation) and the revision report share everything after the context:
the same template folders (overridable file by file), reference DOCX/ODT,
HTML and Typst templates, the Indice filter and the metadata in every format.
md is the template's Markdown itself; docx/odt/html go through Pandoc; pdf is
Pandoc → Typst source compiled by the `typst` library into PDF/A-2b. Every
output is written atomically (psmctl.pandoc, psmctl.writing).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from psmctl.escaping import document_text
from psmctl.interrupts import scratch_folder
from psmctl.loading.tree import Plan
from psmctl.rendering.engine import find_file, render_template
from psmctl.monitoring.report import monitoring_context, monitoring_labels
from psmctl.rendering.labels import Labels, annex_labels, deliberation_labels, plan_labels, revision_labels
from psmctl.rendering.quotes import it_quotes

if TYPE_CHECKING:  # psmctl.pandoc is imported when a document is written
    from psmctl.pandoc import ReadDocument

FORMATS = ("docx", "odt", "pdf", "html", "md")
REFERENCE = {"docx": "reference.docx", "odt": "reference.odt"}
# The Indice, tables that scroll on a phone, blocks kept on one page: see the filter.
LAYOUT = Path(__file__).with_name("layout.lua")
LAYOUT_FILTER = f"--lua-filter={LAYOUT}"
TYPST_SECONDS = 15.0  # the shipped plan compiles in about a second; with Pandoc, a PDF stays under 30 s


@dataclass(frozen=True)
class DocumentKind:
    template: str
    labels: Callable[[dict[str, Any]], Labels]


KINDS: dict[str, DocumentKind] = {
    "annex": DocumentKind("annex.md.j2", annex_labels),
    "plan": DocumentKind("plan.md.j2", plan_labels),
    "deliberation": DocumentKind("deliberation.md.j2", deliberation_labels),
    "revision": DocumentKind("revision.md.j2", revision_labels),
    "monitoring": DocumentKind("monitoring.md.j2", monitoring_labels),
}


@dataclass
class Rendered:
    markdown: str
    labels: Labels
    template_seconds: float
    notes: list[str] = field(default_factory=list)  # for the maintainers: the terminal, and a draft's Nota redazionale
    charts: tuple[str, ...] = ()  # digests of the charts the document may embed (psmctl/plan_text.lua)

    @property
    def title(self) -> str:
        return self.labels.title

    @property
    def header(self) -> str:
        return self.labels.header


def render_kind(kind: str, context: dict[str, Any], templates: Path | None = None) -> Rendered:
    """The template stage for any kind, from a context its builder made."""
    started = time.perf_counter()
    entry = KINDS[kind]
    markdown = render_template(entry.template, context, templates)
    return Rendered(markdown, entry.labels(context), time.perf_counter() - started,
                    list(context.get("editorial_notes", [])), tuple(context.get("chart_digests", ())))


def render_markdown(plan: Plan, kind: str, edition: str, *, zone: str | None = None,
                    deliberation: str | None = None, templates: Path | None = None,
                    draft: bool = False, as_of: dt.date | None = None, fmt: str | None = None) -> Rendered:
    """The template stage of the plan's own documents: plan → context → Markdown."""
    from psmctl.rendering.context import build_context, deliberation_context

    started = time.perf_counter()
    if kind == "deliberation":
        context = deliberation_context(plan, edition, deliberation)
    elif kind == "monitoring":
        context = monitoring_context(plan, edition, as_of, fmt)  # charts as PNG or SVG by format
    else:
        context = build_context(plan, edition, zone=zone, deliberation_id=deliberation)
    context["draft"] = draft
    rendered = render_kind(kind, context, templates)
    rendered.template_seconds = time.perf_counter() - started
    if zone is not None and kind not in ("deliberation", "monitoring") and not context["any_scope"]:
        rendered.notes.append(f"no action of edition {edition} carries a territorial scope; "
                              f"the extract for zone {zone} lists no actions")
    return rendered


def render_documents(plan: Plan, kind: str, edition: str, outputs: dict[str, Path], *,
                     templates: Path | None = None, **options: Any) -> list[str]:
    """One document in several formats (format → file): the template stage once for each Markdown
    the formats need, Pandoc's reader once for each of those (write_documents). Returns the notes."""
    groups: dict[str | None, dict[str, Path]] = {}
    for fmt, output in outputs.items():
        groups.setdefault(_markdown_variant(kind, fmt), {})[fmt] = output
    notes: list[str] = []
    for group in groups.values():
        rendered = render_markdown(plan, kind, edition, templates=templates, fmt=next(iter(group)), **options)
        write_documents(rendered, group, templates)
        notes += [note for note in rendered.notes if note not in notes]
    return notes


def _markdown_variant(kind: str, fmt: str) -> str | None:
    """What of the output format the template stage depends on: the monitoring report's chart images
    (PNG for the word processors, SVG elsewhere); nothing for the other kinds."""
    from psmctl.monitoring.report import image_kind

    return image_kind(fmt) if kind == "monitoring" else None


def metadata_of(labels: Labels) -> dict[str, str]:
    """What every writer is told about the document (HTML <head>, Typst `document`, DOCX/ODT core)."""
    shown = {"pagetitle": labels.title, "title-meta": labels.title, "author-meta": labels.author,
             "subject": labels.subject, "header-text": labels.header}
    metadata = {"lang": "it-IT", "toc-title": "Indice", **{key: _property(text) for key, text in shown.items()}}
    if labels.date is not None:
        metadata.update({"date-meta": labels.date.isoformat(), "date-year": str(labels.date.year),
                         "date-month": str(labels.date.month), "date-day": str(labels.date.day)})
    return metadata


def _property(text: str) -> str:
    """A label as a document property: one line, typographic quotes. The HTML template puts these in
    attributes and a CSS string, where Pandoc escapes `<` and `&` but a straight quote or a line break
    would end the value and let the rest of the text be read as markup or style."""
    return " ".join(it_quotes(text).split())


def write_document(rendered: Rendered, fmt: str, output: Path, templates: Path | None = None) -> None:
    """The output stage: Markdown → `fmt`, written atomically to `output`."""
    write_documents(rendered, {fmt: output}, templates)


def write_documents(rendered: Rendered, outputs: dict[str, Path], templates: Path | None = None) -> None:
    """The output stage for several formats of one document (format → file), each written atomically.

    With more than one format through Pandoc, Pandoc reads the Markdown once and each writer
    starts from what it read (psmctl.pandoc.read_document); one format is one Pandoc run, as
    reading JSON back costs more than it saves. The bytes are the same either way.
    """
    from psmctl.pandoc import ReadDocument, read_document

    unknown = [fmt for fmt in outputs if fmt not in FORMAT_WRITERS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}")
    metadata = metadata_of(rendered.labels)
    if rendered.charts:
        metadata["psmctl-charts"] = " ".join(rendered.charts)
    source: str | ReadDocument = rendered.markdown
    if sum(fmt != "md" for fmt in outputs) > 1:
        source, metadata = read_document(rendered.markdown, metadata), {}
    for fmt, output in outputs.items():
        FORMAT_WRITERS[fmt](Output(rendered, source, metadata, templates), output)


@dataclass(frozen=True)
class Output:
    """What every writer of one document needs: its Markdown as the template wrote it, its source for
    Pandoc (that Markdown, or the document Pandoc already read) and the metadata still to set."""

    rendered: Rendered
    source: str | ReadDocument
    metadata: dict[str, str]
    templates: Path | None

    def convert(self, to: str, output: Path, **options: Any) -> None:
        from psmctl.pandoc import convert

        convert(self.source, to, output, metadata=self.metadata, epoch=self.rendered.labels.epoch, **options)


def _write_markdown(document: Output, output: Path) -> None:
    from psmctl.writing import write_atomic

    write_atomic(output, document_text(document.rendered.markdown).encode("utf-8"))


def _write_html(document: Output, output: Path) -> None:
    # --wrap=none: the act reference also goes into a CSS string (the printed running header)
    document.convert("html", output, template=find_file("psm.html", document.templates),
                     extra_args=[LAYOUT_FILTER, "--wrap=none"])


def _write_package(document: Output, output: Path, fmt: str) -> None:
    from psmctl.rendering.packages import finish_package
    from psmctl.writing import write_atomic

    with scratch_folder("psmctl-package-") as folder:
        made = folder / f"document.{fmt}"
        document.convert(fmt, made, reference_doc=find_file(REFERENCE[fmt], document.templates),
                         extra_args=[LAYOUT_FILTER])
        data = finish_package(made.read_bytes(), fmt, document.rendered.labels)
    write_atomic(output, data)


def _write_pdf(document: Output, output: Path) -> None:
    from psmctl.pandoc import EPOCH
    from psmctl.writing import write_atomic

    with scratch_folder("psmctl-typst-") as folder:
        source = folder / "document.typ"
        document.convert("typst", source, template=find_file("psm.typ", document.templates),
                         extra_args=[LAYOUT_FILTER])
        pdf = _compile_bounded(source, folder, document.rendered.labels.epoch or int(EPOCH))
    write_atomic(output, pdf)


# one writer per format of FORMATS
FORMAT_WRITERS: dict[str, Callable[[Output, Path], None]] = {
    "docx": lambda document, output: _write_package(document, output, "docx"),
    "odt": lambda document, output: _write_package(document, output, "odt"),
    "pdf": _write_pdf,
    "html": _write_html,
    "md": _write_markdown,
}


def _compile_bounded(source: Path, folder: Path, timestamp: int) -> bytes:
    """Typst's compile, stopped after TYPST_SECONDS (it releases the GIL, so a thread can wait on it)."""
    import threading

    import typst

    from psmctl.pandoc import PandocError

    outcome: list[Any] = []

    def compile_pdf() -> None:
        try:
            # Typst's own embedded fonts only: the PDF is the same on every machine.
            outcome.append(bytes(typst.compile(str(source), root=str(folder), font_paths=[], ignore_system_fonts=True,
                                               pdf_standards="a-2b", timestamp=timestamp)))
        except typst.TypstError as exc:  # e.g. a template or text naming a file outside the document
            outcome.append(exc)

    worker = threading.Thread(target=compile_pdf, name="typst", daemon=True)
    worker.start()
    worker.join(TYPST_SECONDS)
    if not outcome:
        raise PandocError(f"PDF: Typst took more than {TYPST_SECONDS:g} seconds and was stopped")
    if isinstance(outcome[0], Exception):
        raise PandocError(f"PDF: Typst could not compile the document: {outcome[0]}")
    return bytes(outcome[0])
