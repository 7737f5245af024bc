"""Bulk ingest of a whole archive: stream the files, commit in batches, resume where a crash stopped.

Files are read one batch at a time (never the whole archive in memory), and each batch is one
commit. A batch that was committed is unchanged the next time, so a run that died or was
interrupted resumes by running it again: committed documents are recognised by content and
nothing of them is embedded twice. Refused files are collected and written to a report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from rag.documents.corpus import discover
from rag.ingest.ingestor import Ingestor, IngestReport


def _batches(files: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(files), size):
        yield files[start : start + size]


def _read(path: Path) -> tuple[str, bytes] | tuple[str, str]:
    try:
        return path.name, path.read_bytes()
    except OSError as exc:
        return path.name, f"cannot be read ({exc.strerror or exc})"


def index_folder(ingestor: Ingestor, paths: list[Path], batch_documents: int = 64,
                 progress: Callable[[int], None] | None = None, on_total: Callable[[int], None] | None = None,
                 ) -> IngestReport:
    """Add or update every supported file under ``paths``, ``batch_documents`` per commit."""
    files = discover(paths)
    if on_total:
        on_total(len(files))
    report = IngestReport()
    seen: dict[str, Path] = {}
    for batch in _batches(files, batch_documents):
        readable: list[tuple[str, bytes]] = []
        for path in batch:
            name, data = _read(path)
            if isinstance(data, str):
                report.refused.append((str(path), data))
                continue
            earlier = seen.get(path.name)
            if earlier is not None:
                report.refused.append((str(path), f"another file of the same name was indexed: {earlier}"))
                continue
            seen[path.name] = path
            readable.append((name, data))
        report.merge(ingestor.upsert(readable, strict=False))
        if progress:
            progress(len(batch))
    return report


def write_refusals(report: IngestReport, path: Path) -> None:
    """The refused files and why, one JSON object a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for name, reason in report.refused:
            handle.write(json.dumps({"file": name, "reason": reason}, ensure_ascii=False) + "\n")
