"""The template stage: a sandboxed Jinja environment over the template folders.

Templates are trusted, data is not (STYLE.md): ImmutableSandboxedEnvironment
(no attribute tricks such as ``lipsum.__globals__``, no mutation of the
context) bounded in time and size (psmctl.rendering.sandbox), StrictUndefined (a misspelt variable is an error, not an empty
string), and a FileSystemLoader confined to the template folders. The
secretariat's folder comes first, so its files override the shipped ones one
by one. Errors become TemplateProblem with ``template:line``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psmctl.errors import Refused



def _shipped() -> Path:
    """The shipped templates: templates/ of the checkout, carried as psmctl/templates by a wheel."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


# a --templates folder overrides these file by file
SHIPPED = _shipped()


class TemplateProblem(Refused):
    """A template failed: where (template:line) and what."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(f"template error: {where}: {detail}", "fix the template named above")
        self.where, self.detail = where, detail


def template_dirs(override: Path | None) -> list[Path]:
    return ([override.resolve()] if override is not None else []) + [SHIPPED]


def find_file(name: str, override: Path | None) -> Path:
    """A non-Jinja template file (reference document, HTML template): override first."""
    for folder in template_dirs(override):
        if (folder / name).is_file():
            return folder / name
    raise TemplateProblem(name, f"not found in {', '.join(map(str, template_dirs(override)))}")


def render_template(name: str, context: dict[str, Any], override: Path | None = None) -> str:
    # escaping is explicit for documents: the `md` filter on every piece of plan text
    return render_with(environment(tuple(template_dirs(override)), autoescape=False), name, context)


def environment(folders: tuple[Path, ...], *, autoescape: bool) -> Any:
    """The bounded sandbox over `folders`; `autoescape` for HTML pages (the site)."""
    import jinja2

    from psmctl.rendering.filters import FILTERS
    from psmctl.rendering.sandbox import BoundedSandbox, bounded_filters

    env = BoundedSandbox(
        loader=jinja2.FileSystemLoader([str(d) for d in folders]),
        # only the shipped templates are cached: a --templates folder is the user's, compiled afresh
        bytecode_cache=_shipped_bytecode() if folders == (SHIPPED,) else None,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=autoescape,
    )
    env.filters = bounded_filters({**env.filters, **FILTERS})
    return env


def render_with(env: Any, name: str, context: dict[str, Any]) -> str:
    """Render `name` from `env`; any failure becomes a TemplateProblem naming template:line."""
    import jinja2

    from psmctl.rendering.sandbox import TemplateLimit, render_bounded

    try:
        return render_bounded(env, name, context)
    except TemplateLimit as exc:
        raise TemplateProblem(_runtime_where(exc, name), f"{exc}; nothing rendered") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{_shown(exc.filename, exc.name or name)}:{exc.lineno}", exc.message or str(exc)) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(str(exc.name), "template not found") from None
    except Exception as exc:  # noqa: BLE001 - any runtime failure inside a template is the template's
        raise TemplateProblem(_runtime_where(exc, name), f"{type(exc).__name__}: {exc}") from None


def _shipped_bytecode() -> Any:
    """Compiled shipped templates, kept in psmctl's cache folder (compiling them was ~45 ms a render).

    Jinja keys each entry by template and by a checksum of its source, and
    checks its own and Python's version, so an edited template is compiled
    again; a cache that cannot be read or written only means compiling.
    """
    from jinja2 import FileSystemBytecodeCache
    from jinja2.bccache import Bucket

    from psmctl.cachedir import cache_folder

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                Path(self.directory).mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass

    try:
        return QuietCache(str(cache_folder() / "jinja"), "%s.cache")
    except RuntimeError:  # no home folder for a cache
        return None


def _shown(filename: str | None, name: str) -> str:
    return filename or name


def _runtime_where(exc: BaseException, name: str) -> str:
    """The innermost frame that belongs to a template file: Jinja maps its line back."""
    where = name
    trace = exc.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "/templates/" in filename:
            where = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return where
