"""Finding and reading source documents, in every supported format."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

from rag.documents import Document, parse_document
from rag.documents.formats import SUPPORTED_SUFFIXES, extract_text
from rag.errors import DocumentError


def safe_file_name(name: str) -> str:
    """The name of an uploaded file, refused if it could escape a folder or fool a reader.

    ``../x.txt``, absolute paths, separators of either system, control characters and
    names of only dots are refused; Chinese names are welcome.
    """
    if not isinstance(name, str) or not name.strip():
        raise DocumentError("the file has no name")
    name = unicodedata.normalize("NFC", name.strip())
    parts = set(PurePosixPath(name).parts) | set(PureWindowsPath(name).parts)
    if "/" in name or "\\" in name or ".." in parts or name.startswith("."):
        raise DocumentError(f"{name!r}: file names may not contain path components such as '/', '\\' or '..'")
    if re.search(r"[\x00-\x1f\x7f]", name) or len(name) > 255:
        raise DocumentError(f"{name!r}: file names may not contain control characters or exceed 255 characters")
    return name


def document_from_bytes(data: bytes, file_name: str, max_bytes: int | None = None) -> Document:
    """Parse an uploaded or read file; DocumentError (UnsupportedDocument) says why it is refused."""
    name = safe_file_name(file_name)
    extracted = extract_text(data, name, max_bytes=max_bytes)
    return parse_document(extracted.text, name)


def read_document(path: Path, max_bytes: int | None = None) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return document_from_bytes(data, path.name, max_bytes)


# A folder's README, LICENSE or CHANGELOG describes the folder; it is not one of its documents (indexed,
# a corpus README's English notes answered English questions).
_FOLDER_NOTES = re.compile(r"^(?:readme|licen[cs]e|changelog|copying)(?:[._-].*)?$", re.I)


def discover(paths: list[Path]) -> list[Path]:
    """Expand directories into their supported files (not their README-like notes); keep explicitly
    named files as given."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                                and not _FOLDER_NOTES.match(p.name)))
        elif path.exists():
            files.append(path)
        else:
            raise DocumentError(f"{path}: no such file or directory")
    return files
