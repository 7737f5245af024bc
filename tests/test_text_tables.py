"""The dictionaries' tables kept on disk (rag/text/stored.py): built once, read back equal, rebuilt when the file is
damaged, and still built in memory where the folder cannot be written."""

from __future__ import annotations

import pytest

from rag.text import cedict, stored


@pytest.fixture
def folder(tmp_path):
    previous = stored._folder
    stored.keep_in(tmp_path / "tables")
    yield tmp_path / "tables"
    stored.keep_in(previous)


def _counting_table():
    calls = []

    def build() -> dict[str, tuple[str, ...]]:
        calls.append(1)
        return {"gross domestic product": ("国内生产总值",), "gdp": ("国内生产总值", "GDP")}

    return stored.stored(build), calls


def test_a_table_is_built_once_and_read_back_equal_in_the_next_process(folder):
    table, calls = _counting_table()
    first = table()
    (path,) = folder.glob("*.marshal")
    assert path.stat().st_mode & 0o777 == 0o644
    table.cache_clear()  # as a new process would start
    assert table() == first and len(calls) == 1


def test_a_damaged_file_is_built_again_and_replaced(folder):
    table, calls = _counting_table()
    expected = table()
    (path,) = folder.glob("*.marshal")
    path.write_bytes(b"\x00 not marshal data")
    table.cache_clear()
    assert table() == expected and len(calls) == 2
    table.cache_clear()
    assert table() == expected and len(calls) == 2  # the rebuilt file was written back


def test_an_unwritable_folder_only_costs_the_build(tmp_path):
    previous = stored._folder
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    stored.keep_in(blocker / "tables")
    try:
        table, calls = _counting_table()
        assert table()["gdp"] == ("国内生产总值", "GDP")
        table.cache_clear()
        table()
        assert len(calls) == 2
    finally:
        stored.keep_in(previous)


def test_tables_of_other_sources_are_replaced_not_kept_beside(folder):
    table, _ = _counting_table()
    table()
    (path,) = folder.glob("*.marshal")
    older = path.with_name(path.name.rsplit("-", 1)[0] + "-0000000000000000.marshal")
    path.rename(older)
    table.cache_clear()
    table()
    assert [p.name for p in folder.glob("*.marshal")] == [path.name]


def test_the_glossary_read_back_is_the_one_built(folder):
    built = cedict.glossary.__wrapped__.__wrapped__()  # the build itself, past the cache and the file
    cedict.glossary.cache_clear()
    try:
        assert cedict.glossary() == built  # written
        cedict.glossary.cache_clear()
        assert cedict.glossary() == built  # read back
    finally:
        cedict.glossary.cache_clear()
