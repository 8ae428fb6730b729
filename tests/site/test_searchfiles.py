"""Pagefind's index rewritten into canonical bytes: same format, values in order, names by content."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from psmctl.site import searchfiles
from psmctl.site.searchfiles import PREFIX, decode, encode, read, stabilise, write
from tests.site.test_search import indexed_site


@pytest.fixture()
def raw_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site indexed by Pagefind and left as Pagefind wrote it."""
    monkeypatch.setattr(searchfiles, "stabilise", lambda output: None)
    return indexed_site(tmp_path)


def test_decoding_and_encoding_gives_back_pagefinds_bytes(raw_site: Path) -> None:
    files = [p for p in (raw_site / "pagefind").rglob("*") if p.suffix in (".pf_meta", ".pf_filter", ".pf_index")]
    assert {p.suffix for p in files} == {".pf_meta", ".pf_filter", ".pf_index"}
    for path in files:
        data = gzip.decompress(path.read_bytes())
        assert PREFIX + encode(decode(data, len(PREFIX))[0]) == data, path


def _names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_an_index_written_in_another_order_gives_the_same_bytes(raw_site: Path, tmp_path: Path) -> None:
    index = raw_site / "pagefind"
    shuffled = tmp_path / "shuffled"
    shutil.copytree(index, shuffled)
    entry = json.loads((shuffled / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_path = shuffled / f"pagefind.{entry['languages']['it']['hash']}.pf_meta"
    meta = read(meta_path)
    assert len(meta[searchfiles.META_FILTERS]) > 2
    for _, digest in meta[searchfiles.META_FILTERS]:  # what another run of Pagefind may write (its issue 638)
        facet, values = read(shuffled / "filter" / f"{digest}.pf_filter")
        write(shuffled / "filter" / f"{digest}.pf_filter", [facet, [[v, pages[::-1]] for v, pages in values[::-1]]])
    meta[searchfiles.META_FILTERS].reverse()
    write(meta_path, meta)
    stabilise(index)
    stabilise(shuffled)
    assert _names(index) == _names(shuffled)
    for name in _names(index):
        assert (index / name).read_bytes() == (shuffled / name).read_bytes(), name


def test_the_rewritten_index_names_each_file_by_its_content(raw_site: Path) -> None:
    index = raw_site / "pagefind"
    stabilise(index)
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read(index / f"pagefind.{entry['languages']['it']['hash']}.pf_meta")
    named = {digest for _, digest in meta[searchfiles.META_FILTERS]}
    assert named == {p.stem for p in (index / "filter").glob("*.pf_filter")}
    for _, digest in meta[searchfiles.META_FILTERS]:
        facet, values = read(index / "filter" / f"{digest}.pf_filter")
        assert values == sorted(values) and all(pages == sorted(pages) for _, pages in values)
    assert [name for name, _ in meta[searchfiles.META_FILTERS]] == sorted(n for n, _ in meta[searchfiles.META_FILTERS])


def test_a_file_that_is_not_pagefinds_is_refused(tmp_path: Path) -> None:
    from psmctl.errors import Refused

    path = tmp_path / "x.pf_filter"
    path.write_bytes(gzip.compress(b"something else"))
    with pytest.raises(Refused, match="not a Pagefind index file"):
        read(path)


def test_an_index_of_an_unknown_pagefind_version_is_refused(raw_site: Path) -> None:
    from psmctl.errors import Refused

    entry_path = raw_site / "pagefind" / "pagefind-entry.json"
    entry_path.write_text(entry_path.read_text(encoding="utf-8").replace('"version":"1.', '"version":"2.'), "utf-8")
    with pytest.raises(Refused, match="Pagefind 2.* layout psmctl does not know"):
        stabilise(raw_site / "pagefind")
