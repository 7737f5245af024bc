"""SQLite metadata for one index version: documents (with their full text), chunks and sentences."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from rag.chunking import Chunk
from rag.documents import Document, DocumentHeader

_SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, file TEXT NOT NULL, title TEXT, doc_number TEXT, addressee TEXT,
    issuer TEXT, date TEXT, subject TEXT, text TEXT NOT NULL, body_start INTEGER NOT NULL,
    body_end INTEGER NOT NULL, content_hash TEXT NOT NULL, chunk_count INTEGER NOT NULL
);
CREATE TABLE chunks (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL REFERENCES documents(id),
    section TEXT NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
    text TEXT NOT NULL, context TEXT NOT NULL
);
CREATE TABLE sentences (
    row INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id),
    char_start INTEGER NOT NULL, char_end INTEGER NOT NULL
);
CREATE INDEX sentences_by_doc ON sentences (doc_id, char_start);
CREATE TABLE clauses (
    row INTEGER PRIMARY KEY, sentence_row INTEGER NOT NULL REFERENCES sentences(row),
    char_start INTEGER NOT NULL, char_end INTEGER NOT NULL
);
"""


def write_store(
    path: Path,
    documents: list[Document],
    chunks: list[Chunk],
    sentences: list[tuple[str, int, int]],
    clauses: list[tuple[int, int, int]],
) -> None:
    """Write a fresh metadata database; chunk ``row`` i is FAISS vector id i."""
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.executescript(_SCHEMA)
            conn.executemany(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (d.id, d.file, d.header.title, d.header.doc_number, d.header.addressee, d.header.issuer,
                     d.header.date, d.header.subject, d.text, d.body_start, d.body_end, d.content_hash,
                     counts.get(d.id, 0))
                    for d in documents
                ],
            )
            conn.executemany(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?)",
                [
                    (row, c.id, c.doc_id, json.dumps(list(c.section), ensure_ascii=False), c.char_start,
                     c.char_end, c.text, c.context)
                    for row, c in enumerate(chunks)
                ],
            )
            conn.executemany("INSERT INTO sentences VALUES (?,?,?,?)",
                             [(row, *s) for row, s in enumerate(sentences)])
            conn.executemany("INSERT INTO clauses VALUES (?,?,?,?)", [(row, *c) for row, c in enumerate(clauses)])
    finally:
        conn.close()


def _document(row: sqlite3.Row) -> Document:
    header = DocumentHeader(
        doc_number=row["doc_number"], title=row["title"], addressee=row["addressee"],
        issuer=row["issuer"], date=row["date"], subject=row["subject"],
    )
    return Document(id=row["id"], file=row["file"], text=row["text"], header=header,
                    body_start=row["body_start"], body_end=row["body_end"])


class MetadataStore:
    """Read-only access to one version's metadata, safe to share between request threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.Lock()

    def close(self) -> None:
        self._conn.close()

    def _query(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    def chunks(self) -> list[Chunk]:
        rows = self._query("SELECT c.*, d.file FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY c.row")
        return [
            Chunk(id=r["id"], doc_id=r["doc_id"], file=r["file"], section=tuple(json.loads(r["section"])),
                  char_start=r["char_start"], char_end=r["char_end"], text=r["text"], context=r["context"])
            for r in rows
        ]

    def chunk_rows(self) -> list[int]:
        return [r["row"] for r in self._query("SELECT row FROM chunks ORDER BY row")]

    def documents(self) -> list[Document]:
        return [_document(r) for r in self._query("SELECT * FROM documents ORDER BY file")]

    def sentences(self) -> list[tuple[str, int, int]]:
        return [(r["doc_id"], r["char_start"], r["char_end"])
                for r in self._query("SELECT * FROM sentences ORDER BY row")]

    def clauses(self) -> list[tuple[int, int, int]]:
        return [(r["sentence_row"], r["char_start"], r["char_end"])
                for r in self._query("SELECT * FROM clauses ORDER BY row")]

    def document_summaries(self) -> list[dict]:
        rows = self._query(
            "SELECT id, file, title, doc_number, addressee, issuer, date, subject, chunk_count "
            "FROM documents ORDER BY file"
        )
        return [dict(r) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        rows = self._query("SELECT * FROM documents WHERE id = ?", (doc_id,))
        return _document(rows[0]) if rows else None

    def counts(self) -> dict[str, int]:
        return {
            table: self._query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]
            for table in ("documents", "chunks", "sentences", "clauses")
        }
