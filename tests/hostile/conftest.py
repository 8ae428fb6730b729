"""The hostile corpus: each case a small plan in tmp_path, run by a real psmctl process."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a hostile case that compiles a PDF or reads a large input")
