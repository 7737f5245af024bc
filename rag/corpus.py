"""Finding and reading source documents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rag.documents import Document, read_document
from rag.errors import DocumentError

SUPPORTED_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class CorpusLoad:
    documents: list[Document]
    refused: list[tuple[str, str]]  # (path, reason)


def discover(paths: list[Path]) -> list[Path]:
    """Expand directories into their supported files; keep explicitly named files as given."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            raise DocumentError(f"{path}: no such file or directory")
    return files


def load_corpus(paths: list[Path]) -> CorpusLoad:
    documents: list[Document] = []
    refused: list[tuple[str, str]] = []
    seen: dict[str, Path] = {}
    for path in discover(paths):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            refused.append((str(path), f"unsupported file type {path.suffix or '(none)'}; "
                                       f"supported: {', '.join(SUPPORTED_SUFFIXES)}"))
            continue
        try:
            doc = read_document(path)
        except DocumentError as exc:
            refused.append((str(path), str(exc)))
            continue
        if doc.id in seen:
            refused.append((str(path), f"same document id {doc.id!r} as {seen[doc.id]}"))
            continue
        seen[doc.id] = path
        documents.append(doc)
    return CorpusLoad(documents, refused)
