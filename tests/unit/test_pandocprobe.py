"""Pandoc's version is asked once per binary, and asked again when the binary changes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from psmctl import pandocprobe


def fake_pandoc(folder: Path, version: str) -> str:
    binary = folder / "pandoc"
    binary.write_text(f"#!/bin/sh\necho 'pandoc {version}'\necho 'Features: +server +lua'\n", "utf-8")
    binary.chmod(0o755)
    return str(binary)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    runs: list[list[str]] = []
    real = subprocess.Popen

    def counting(args: list[str], **kwargs: object) -> object:
        runs.append(list(args))
        return real(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(pandocprobe.subprocess, "Popen", counting)  # subprocess.run starts processes through it
    return runs


pytestmark = pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for Pandoc")


def test_the_version_is_asked_once(tmp_path: Path, asked: list[list[str]]) -> None:
    binary = fake_pandoc(tmp_path, "3.1.11")
    assert pandocprobe.probed_version(binary) == (3, 1, 11)
    assert pandocprobe.probed_version(binary) == (3, 1, 11)
    assert len(asked) == 1


def test_a_replaced_binary_is_asked_again(tmp_path: Path, asked: list[list[str]]) -> None:
    binary = fake_pandoc(tmp_path, "3.1.11")
    pandocprobe.probed_version(binary)
    fake_pandoc(tmp_path, "3.1.2")
    os.utime(binary, ns=(1, 1))  # a new modification time, whatever the clock's resolution
    assert pandocprobe.probed_version(binary) == (3, 1, 2)
    assert len(asked) == 2


def test_an_unusable_cache_only_means_asking(tmp_path: Path, asked: list[list[str]],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("PSMCTL_CACHE_DIR", str(blocker))
    binary = fake_pandoc(tmp_path, "3.1.11")
    assert [pandocprobe.probed_version(binary) for _ in range(2)] == [(3, 1, 11)] * 2
    assert len(asked) == 2 and blocker.read_text("utf-8") == "x"


def test_a_too_old_pandoc_is_refused_from_the_cache_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from psmctl.pandoc import PandocError, check_version

    monkeypatch.setenv("PYPANDOC_PANDOC", fake_pandoc(tmp_path, "3.1.2"))
    for _ in range(2):
        with pytest.raises(PandocError, match="too old"):
            check_version()


def test_the_bundled_binary_is_found_without_pypandoc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYPANDOC_PANDOC", raising=False)
    found = pandocprobe.bundled_pandoc()
    assert found is not None and Path(found).name.startswith("pandoc") and os.access(found, os.X_OK)


def test_a_converted_chapter_is_kept_for_the_next_render(asked: list[list[str]]) -> None:
    from psmctl.pandoc import chapter_markdown

    body = "Un capitolo con *enfasi* e un [collegamento](https://example.org).\n"
    first = chapter_markdown(body)
    runs = len(asked)
    assert chapter_markdown(body) == first and len(asked) == runs  # no Pandoc process the second time
    chapter_markdown(body + "\nAltro testo.\n")
    assert len(asked) == runs + 1


def test_a_kept_output_depends_on_the_filter_and_the_binary(tmp_path: Path) -> None:
    binary = fake_pandoc(tmp_path, "3.1.11")
    lua = tmp_path / "filter.lua"
    lua.write_text("-- one\n", "utf-8")
    runs: list[int] = []

    def run() -> bytes:
        runs.append(1)
        return f"output {len(runs)}".encode()

    args = [binary, f"--lua-filter={lua}"]
    assert pandocprobe.kept_output(args, "testo", run) == pandocprobe.kept_output(args, "testo", run) == b"output 1"
    lua.write_text("-- two\n", "utf-8")
    assert pandocprobe.kept_output(args, "testo", run) == b"output 2"
    os.utime(binary, ns=(1, 1))
    assert pandocprobe.kept_output(args, "testo", run) == b"output 3"
