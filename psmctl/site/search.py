"""The site's search index, by Pagefind (the `pagefind[bin]` package: an offline binary).

Pagefind reads the built pages: only element and indicator pages carry
`data-pagefind-body`, and their facets are `data-pagefind-filter` attributes
(asse, strategia, stato, zona, finanziamento, sdg). Pages say `lang="it"`, so
the index uses Italian stemming. Search is an enhancement: every view is also
a plain page, and the site works without JavaScript. Pagefind's output is
rewritten into canonical bytes afterwards (psmctl.site.searchfiles), so two
builds of the same files give the same site, byte for byte.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from psmctl.errors import Refused

FACETS = ("asse", "strategia", "stato", "zona", "finanziamento", "sdg", "edizione")


def pagefind_command() -> list[str]:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return [sys.executable, "-m", "pagefind_bin"]
    return [str(get_executable())]


def index_site(folder: Path) -> None:
    """Write `folder/pagefind/`: the index, and the search UI the `cerca/` page loads."""
    command = [*pagefind_command(), "--site", str(folder), "--output-subdir", "pagefind", "--force-language", "it",
               "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise Refused("the search index needs Pagefind, which is not installed",
                      "pip install 'pagefind[bin]', or build with --no-search") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise Refused(f"Pagefind could not index the site: {' '.join(detail)}",
                      "build with --no-search to publish without search, and report this") from None
    from psmctl.site.searchfiles import stabilise

    stabilise(folder / "pagefind")
