"""`psmctl site serve`: the site on 127.0.0.1, rebuilt when a plan file changes.

A preview for the planning unit before a commit, never a public server: it
binds to the loopback address only and serves the built folder as static
files. A watcher thread compares the plan files' sizes and times every second;
on a change it rebuilds, and a build that fails (a YAML error mid-edit) keeps
the last good site and prints the reason.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from psmctl.errors import PsmctlError, UsageError
from psmctl.site.build import Options, build_site

HOST = "127.0.0.1"
POLL_SECONDS = 1.0


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every plan file's (size, mtime in ns): a change to any of them means a rebuild."""
    seen = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.endswith((".yaml", ".yml", ".md")):
                info = os.stat(os.path.join(folder, name))
                seen[os.path.join(folder, name)] = (info.st_size, info.st_mtime_ns)
    return seen


@dataclass
class Preview:
    root: Path  # the plan folder
    output: Path  # the site folder
    options: Options
    load: Callable[[Path], Any]  # plan folder → checked Plan (refuses a plan with errors)
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)

    def rebuild(self) -> bool:
        """Build the site; False (and a message) when the plan or the build failed."""
        self.seen = snapshot(self.root)
        try:
            build_site(self.load(self.root), self.output, self.options)
        except PsmctlError as error:
            sys.stderr.write(f"psmctl: the site was not rebuilt: {error.message}\n")
            return False
        sys.stderr.write("psmctl: site rebuilt\n")
        return True

    def changed(self) -> bool:
        return snapshot(self.root) != self.seen

    def watch(self, stop: threading.Event) -> None:
        while not stop.wait(POLL_SECONDS):
            if self.changed():
                self.rebuild()

    def server(self, port: int) -> http.server.ThreadingHTTPServer:
        """The static file server of the site folder, on the loopback address only."""
        handler = functools.partial(_Quiet, directory=str(self.output.resolve()))
        try:
            return http.server.ThreadingHTTPServer((HOST, port), handler)
        except OSError as error:
            raise UsageError(f"cannot serve on {HOST}:{port}: {error.strerror}",
                             "choose another port with --port (0 picks a free one)") from None

    def serve(self, port: int, announce: Callable[[str], None]) -> None:
        server = self.server(port)
        stop = threading.Event()
        watcher = threading.Thread(target=self.watch, args=(stop,), daemon=True)
        watcher.start()
        announce(f"http://{HOST}:{server.server_address[1]}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Static files from the site folder; requests are not logged on the terminal."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass
