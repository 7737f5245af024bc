"""The SQLite half of the embedded backend: its schema, connections and writes (rag/index/local/reads.py reads it).

One database (WAL mode) holds everything but the chunk vectors. A commit is one SQLite
transaction: the rows of the change, the FTS5 postings of its terms, the list of vector
segments and the version. Chunk ``row`` ids are vector ids; rows are never reused, so a
vector left in a segment by a removed chunk is simply dead until the next compaction.

Lexical search is FTS5 over the analyser's terms (rag.text.lexical): contentless tables
(terms are not stored twice). Document headers are ranked by FTS5's ``bm25()``. Passages are not:
bm25() reads a size row for every match, which made FTS5 a third of a question's time at 10,000
documents (5.5-7.9 ms). Their table holds each term once per passage (``detail=none``, no sizes),
plus a token per repeat (``term⁑2`` for the second occurrence, …), so that a match-only query gives
the rows holding a term at least j times; the term counts BM25 normalises by are in the vector
segments, and rag/index/local/bm25.py scores exactly as bm25() did. FTS5's own tokenizer would cut
15.36% or 吉科发高〔2024〕74号 at its punctuation, so each character that is not a letter or a
digit is written as a private-use character: every term stays one token, as the analyser made it.
Document frequencies and the counts are kept by each commit (``Change``), not counted at query time.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from rag.index.base import PreparedDocument
from rag.index.filters import MetadataFilter

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, file TEXT NOT NULL, title TEXT, doc_number TEXT,
    addressee TEXT, issuer TEXT, date TEXT, subject TEXT, signer TEXT, contact TEXT, text TEXT NOT NULL,
    body_start INTEGER NOT NULL, body_end INTEGER NOT NULL, content_hash TEXT NOT NULL, chunk_count INTEGER NOT NULL,
    header_terms TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_by_file ON documents (file);
CREATE TABLE IF NOT EXISTS chunks (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, section TEXT NOT NULL,
    char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, text TEXT NOT NULL, context TEXT NOT NULL,
    figure_kinds INTEGER NOT NULL, text_hash TEXT NOT NULL, terms TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks (doc_id);
CREATE INDEX IF NOT EXISTS chunks_by_hash ON chunks (text_hash);
CREATE TABLE IF NOT EXISTS sentences (
    row INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
    text_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_by_doc ON sentences (doc_id, char_start);
CREATE INDEX IF NOT EXISTS sentences_by_hash ON sentences (text_hash);
CREATE TABLE IF NOT EXISTS sentence_vectors (text_hash TEXT PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS segments (name TEXT PRIMARY KEY, kind TEXT NOT NULL, vectors INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dead_rows (row INTEGER PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_fts USING fts5(terms, content='', detail=none, columnsize=0,
                                                         tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS header_fts USING fts5(terms, content='', tokenize='unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS header_names (name TEXT NOT NULL, doc_row INTEGER NOT NULL, PRIMARY KEY (name, doc_row))
    WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS header_names_by_doc ON header_names (doc_row);
CREATE TABLE IF NOT EXISTS chunk_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS header_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""
# Sentence vectors (one per distinct sentence text) are most of the database. An index records how it stores them
# (meta ``sentence_codec``): "int8", since 2026-12-02, is a float32 scale and one signed byte per dimension (388
# bytes at 384 dimensions, a quarter of float32, cosines with a question within 1e-3); indexes created before keep
# "float16" (768 bytes), the codec assumed when the key is absent.
SENTENCE_CODECS = ("int8", "float16")
NEW_SENTENCE_CODEC = "int8"


def pack_sentence_vector(vector: np.ndarray, codec: str) -> bytes:
    if codec == "float16":
        return np.asarray(vector, dtype=np.float16).tobytes()
    peak = float(np.abs(vector).max())
    scale = peak / 127 if peak > 0 else 1.0
    codes = np.clip(np.rint(np.asarray(vector, dtype=np.float32) / scale), -127, 127).astype(np.int8)
    return np.float32(scale).tobytes() + codes.tobytes()


def unpack_sentence_vectors(blobs: list[bytes], codec: str) -> np.ndarray:
    """The vectors of ``blobs`` (one codec, one dimension) as unit float32 rows."""
    if codec == "float16":
        return np.frombuffer(b"".join(blobs), np.float16).reshape(len(blobs), -1).astype(np.float32)
    layout = np.dtype([("scale", "<f4"), ("codes", "i1", (len(blobs[0]) - 4,))])
    packed = np.frombuffer(b"".join(blobs), layout)
    vectors = packed["codes"].astype(np.float32) * packed["scale"][:, None]
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
_PRIVATE_USE = 0xE000


def fts_term(term: str) -> str:
    """``term`` as one FTS5 token: characters other than letters and digits become private-use characters."""
    return "".join(ch if unicodedata.category(ch)[0] in "LN" else chr(_PRIVATE_USE + ord(ch) % 0x1900)
                   for ch in term)


def fts_text(terms: Iterable[str]) -> str:
    return " ".join(fts_term(t) for t in terms)


# Marks a repeat token (a supplementary private-use character: fts_term never writes one, FTS5 keeps it in a token).
REPEAT_MARK = "\U000F0000"


def repeat_term(term: str, occurrence: int) -> str:
    """The FTS5 token that a passage holds when ``term`` occurs in it at least ``occurrence`` times (the term's
    own token for 1)."""
    return fts_term(term) if occurrence == 1 else f"{fts_term(term)}{REPEAT_MARK}{occurrence}"


def chunk_fts_text(terms: Iterable[str]) -> str:
    """A passage's FTS5 text: each distinct term once, then one repeat token per further occurrence."""
    counts = Counter(fts_term(t) for t in terms)
    return " ".join([*counts, *(f"{t}{REPEAT_MARK}{j}" for t, n in counts.items() for j in range(2, n + 1))])


def chunk_term_count(fts: str) -> int:
    """The number of terms (repeats included) a passage's FTS5 text stands for: one token per occurrence."""
    return len(fts.split())


def fts_query(terms: Iterable[str]) -> str:
    return " OR ".join(f'"{fts_term(t)}"' for t in dict.fromkeys(terms))


def connect(path, readonly: bool = False) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None, timeout=60)
    conn.row_factory = sqlite3.Row
    if not readonly:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        # After a checkpoint the WAL file shrinks back to this size instead of keeping its largest (a bulk
        # load left 35 MiB of WAL beside a 1.3 GiB database, and 12 MiB beside a 22 MiB one).
        conn.execute("PRAGMA journal_size_limit=4194304")
    return conn


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (BEGIN IMMEDIATE): committed whole, or rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def where_documents(where: MetadataFilter | None) -> tuple[str, list]:
    """SQL selecting the ids of the documents a filter admits (all of them without one)."""
    if where is None:
        return "SELECT id FROM documents", []
    sql, params = where.to_sql()
    return f"SELECT id FROM documents WHERE {sql}", params


# -- writing -----------------------------------------------------------------------------------
@dataclass
class Change:
    """What one commit adds and removes, so that counts and document frequencies are updated by
    difference (a commit costs the same whatever the size of the index)."""

    documents: int = 0
    chunks: int = 0
    sentences: int = 0
    chunk_terms: int = 0  # terms of all passages, repeats included: BM25's average length
    chunk_df: Counter = field(default_factory=Counter)
    header_df: Counter = field(default_factory=Counter)

    def write(self, conn: sqlite3.Connection) -> dict[str, int]:
        """Apply the frequency differences; returns the new document, chunk and sentence counts."""
        for table, delta in (("chunk_df", self.chunk_df), ("header_df", self.header_df)):
            changed = [(term, n) for term, n in delta.items() if n]
            conn.executemany(f"INSERT INTO {table} (term, df) VALUES (?, ?) "
                             "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df", changed)
            conn.executemany(f"DELETE FROM {table} WHERE term = ? AND df <= 0", [(t,) for t, n in changed if n < 0])
        counts = {k: int(v) for k, v in conn.execute(
            "SELECT key, value FROM meta WHERE key IN ('documents', 'chunks', 'sentences', 'chunk_terms')")}
        return {"documents": counts.get("documents", 0) + self.documents,
                "chunks": counts.get("chunks", 0) + self.chunks,
                "sentences": counts.get("sentences", 0) + self.sentences,
                "chunk_terms": counts.get("chunk_terms", 0) + self.chunk_terms}


def _distinct(fts: str) -> set[str]:
    return set(fts.split(" ")) - {""}


def delete_documents(conn: sqlite3.Connection, doc_ids: list[str], change: Change) -> int:
    """Remove documents with their chunks (whose vectors become dead rows), sentences, postings and the
    sentence vectors no other sentence shares."""
    removed = 0
    for doc_id in doc_ids:
        doc = conn.execute("SELECT row, header_terms FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if doc is None:
            continue
        conn.execute("INSERT INTO header_fts (header_fts, rowid, terms) VALUES ('delete', ?, ?)",
                     (doc["row"], doc["header_terms"]))
        change.header_df.subtract(_distinct(doc["header_terms"]))
        conn.execute("DELETE FROM header_names WHERE doc_row = ?", (doc["row"],))
        chunks = conn.execute("SELECT row, terms FROM chunks WHERE doc_id = ?", (doc_id,)).fetchall()
        conn.executemany("INSERT INTO chunk_fts (chunk_fts, rowid, terms) VALUES ('delete', ?, ?)",
                         [(c["row"], c["terms"]) for c in chunks])
        conn.executemany("INSERT INTO dead_rows (row) VALUES (?)", [(c["row"],) for c in chunks])
        for chunk in chunks:
            change.chunk_df.subtract(_distinct(chunk["terms"]))
            change.chunk_terms -= chunk_term_count(chunk["terms"])
        hashes = {r[0] for r in conn.execute("SELECT text_hash FROM sentences WHERE doc_id = ?", (doc_id,))}
        change.sentences -= conn.execute("DELETE FROM sentences WHERE doc_id = ?", (doc_id,)).rowcount
        conn.executemany("DELETE FROM sentence_vectors WHERE text_hash = ? AND NOT EXISTS "
                         "(SELECT 1 FROM sentences WHERE text_hash = ?)", [(h, h) for h in hashes])
        conn.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        change.chunks -= len(chunks)
        change.documents -= 1
        removed += 1
    return removed


def insert_document(conn: sqlite3.Connection, prepared: PreparedDocument, first_row: int, change: Change,
                    sentence_codec: str) -> list[int]:
    """Insert a prepared document; its chunks take rows ``first_row``, ``first_row + 1``…; returns them."""
    d, h = prepared.document, prepared.document.header
    header = fts_text(prepared.header_terms)
    cursor = conn.execute(
        "INSERT INTO documents (id, file, title, doc_number, addressee, issuer, date, subject, signer, contact, text, "
        "body_start, body_end, content_hash, chunk_count, header_terms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (d.id, d.file, h.title, h.doc_number, h.addressee, h.issuer, h.date, h.subject, h.signer, h.contact, d.text,
         d.body_start,
         d.body_end, d.content_hash, len(prepared.chunks), header))
    conn.execute("INSERT INTO header_fts (rowid, terms) VALUES (?, ?)", (cursor.lastrowid, header))
    conn.executemany("INSERT OR IGNORE INTO header_names (name, doc_row) VALUES (?, ?)",
                     [(name, cursor.lastrowid) for name in prepared.header_names])
    change.header_df.update(_distinct(header))
    rows = list(range(first_row, first_row + len(prepared.chunks)))
    records = []
    for row, chunk, terms, digest, kinds in zip(rows, prepared.chunks, prepared.chunk_terms, prepared.chunk_hashes,
                                                prepared.figure_kinds, strict=True):
        text = chunk_fts_text(terms)
        change.chunk_df.update(_distinct(text))
        change.chunk_terms += len(terms)
        records.append((row, chunk.id, chunk.doc_id, json.dumps(list(chunk.section), ensure_ascii=False),
                        chunk.char_start, chunk.char_end, chunk.text, chunk.context, kinds, digest, text))
    conn.executemany(
        "INSERT INTO chunks (row, id, doc_id, section, char_start, char_end, text, context, figure_kinds, "
        "text_hash, terms) VALUES (?,?,?,?,?,?,?,?,?,?,?)", records)
    conn.executemany("INSERT INTO chunk_fts (rowid, terms) VALUES (?, ?)", [(r[0], r[-1]) for r in records])
    conn.executemany("INSERT INTO sentences (doc_id, char_start, char_end, text_hash) VALUES (?,?,?,?)",
                     [(d.id, start, end, digest)
                      for (start, end), digest in zip(prepared.sentences, prepared.sentence_hashes, strict=True)])
    conn.executemany("INSERT OR IGNORE INTO sentence_vectors (text_hash, vector) VALUES (?, ?)",
                     [(digest, pack_sentence_vector(vector, sentence_codec))
                      for digest, vector in zip(prepared.sentence_hashes, prepared.sentence_vectors, strict=True)])
    change.documents += 1
    change.chunks += len(rows)
    change.sentences += len(prepared.sentences)
    return rows
