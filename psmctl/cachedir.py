"""Where psmctl keeps what only saves time: `$PSMCTL_CACHE_DIR`, else `$XDG_CACHE_HOME/psmctl`, else ~/.cache/psmctl.

Everything kept here can be deleted at any moment: a missing, unreadable or
unwritable cache only means the work is done again, never an error.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing's: the replayed pages of psmctl.cli.pages read this at start-up
if TYPE_CHECKING:
    from pathlib import Path


def cache_folder_name() -> str:
    """The cache folder as a string (not created), with nothing imported: the replayed pages read it at start-up.

    RuntimeError when there is no home folder to put it in.
    """
    chosen = os.environ.get("PSMCTL_CACHE_DIR")
    if chosen:
        return chosen
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):
            raise RuntimeError("Could not determine home directory.")
        base = os.path.join(home, ".cache")
    return os.path.join(base, "psmctl")


def cache_folder() -> Path:
    """The cache folder (not created); RuntimeError when there is no home folder to put it in."""
    from pathlib import Path

    return Path(cache_folder_name())
