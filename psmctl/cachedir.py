"""Where psmctl keeps what only saves time: `$PSMCTL_CACHE_DIR`, else `$XDG_CACHE_HOME/psmctl`, else ~/.cache/psmctl.

Everything kept here can be deleted at any moment: a missing, unreadable or
unwritable cache only means the work is done again, never an error.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path:
    """The cache folder (not created); RuntimeError when there is no home folder to put it in."""
    chosen = os.environ.get("PSMCTL_CACHE_DIR")
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "psmctl"
