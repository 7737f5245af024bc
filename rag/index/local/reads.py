"""Reads of one committed SQLite snapshot of the embedded backend: chunks, sentences, lexical search.

Every method runs inside the read transaction the backend opened for one question
(rag/index/local/backend.py), so everything a question reads belongs to one version.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np

from rag.chunking import Chunk
from rag.documents import Document, DocumentHeader
from rag.index.base import ChunkFacts, SentenceRecord, StoredChunk
from rag.index.filters import MetadataFilter
from rag.index.local.bm25 import Postings
from rag.index.local.cache import RowCache
from rag.index.local.store import fts_query, fts_term, repeat_term, unpack_sentence_vectors, where_documents

# A passage's columns, without its lexical terms (longer than its text, and read by no question).
_CHUNK_SELECT = ("SELECT c.row, c.id, c.doc_id, c.section, c.char_start, c.char_end, c.text, c.context, "
                 "c.figure_kinds, d.file FROM chunks c JOIN documents d ON d.id = c.doc_id")


@lru_cache(maxsize=8192)
def _section(stored: str) -> tuple[str, ...]:
    """A stored section path (JSON), decoded once: the passages of one section share it."""
    return tuple(json.loads(stored))


def _chunk(row: sqlite3.Row) -> Chunk:
    return Chunk(id=row["id"], doc_id=row["doc_id"], file=row["file"], section=_section(row["section"]),
                 char_start=row["char_start"], char_end=row["char_end"], text=row["text"], context=row["context"])


def document_from_row(row: sqlite3.Row) -> Document:
    header = DocumentHeader(doc_number=row["doc_number"], title=row["title"], addressee=row["addressee"],
                            issuer=row["issuer"], date=row["date"], subject=row["subject"], signer=row["signer"],
                            contact=row["contact"])
    return Document(id=row["id"], file=row["file"], text=row["text"], header=header, body_start=row["body_start"],
                    body_end=row["body_end"])


# At most this many documents' first rows are remembered (about 150 bytes each).
DOCUMENTS_REMEMBERED = 1_000_000

SUMMARY_COLUMNS = "id, file, title, doc_number, addressee, issuer, date, subject, signer, contact, chunk_count"


class StoreReader:
    """Reads of one SQLite snapshot (the caller holds a read transaction on ``conn``)."""

    def __init__(self, conn: sqlite3.Connection, lexical_max_df: float, lexical_max_postings: int,
                 cache: RowCache | None = None, sentence_codec: str = "int8",
                 documents_of: dict[int, str] | None = None) -> None:
        self.conn, self.lexical_max_df, self.lexical_max_postings = conn, lexical_max_df, lexical_max_postings
        self.sentence_codec = sentence_codec
        self.cache = cache  # rows of this snapshot kept between questions (None: read every time)
        # first chunk row -> document, kept by the backend for every snapshot (``document_ids``)
        self.documents_of = {} if documents_of is None else documents_of
        self._df: dict[str, dict[str, int]] = {}
        self._counts: dict[str, int] = {}

    def _all(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, list(params)).fetchall()

    def _tuples(self, sql: str, params: Iterable = ()) -> list[tuple]:
        """Rows as plain tuples: for the reads of every candidate, where ``sqlite3.Row`` costs a third of the time."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, list(params)).fetchall()

    def allowed_rows(self, where: MetadataFilter) -> np.ndarray:
        docs, params = where_documents(where)
        rows = self._all(f"SELECT row FROM chunks WHERE doc_id IN ({docs}) ORDER BY row", params)
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def document_frequencies(self, terms: list[str], table: str = "chunk_df") -> dict[str, int]:
        """How many chunks (``chunk_df``) or document headers (``header_df``) hold each term; remembered
        for this snapshot, since one question asks for the same terms several times."""
        known = self._df.setdefault(table, {})
        mapped = {fts_term(t): t for t in terms if t not in known}
        if mapped:
            found = dict(self._all(f"SELECT term, df FROM {table} WHERE term IN ({','.join('?' * len(mapped))})",
                                   list(mapped)))
            known.update({term: found.get(key, 0) for key, term in mapped.items()})
        return {t: known[t] for t in terms}

    def count(self, what: str) -> int:
        """Documents, chunks or sentences in this snapshot (kept in ``meta`` by every commit)."""
        if what not in self._counts:
            self._counts[what] = int(self._all("SELECT value FROM meta WHERE key = ?", (what,))[0][0])
        return self._counts[what]

    def lexical_postings(self, terms: list[str], where: MetadataFilter | None) -> list[Postings]:
        """The postings BM25 ranks passages by (rag/index/local/bm25.py). Each posting costs a question time, so
        terms in more than ``lexical_max_df`` of the chunks are left out (they add little), and the rarest terms
        are taken first, up to ``lexical_max_postings`` postings: a question costs about the same at any corpus
        size."""
        total = self.count("chunks")
        if not terms or not total:
            return []
        frequencies = self.document_frequencies(terms)
        limit = max(1000, self.lexical_max_df * total)
        kept, postings = [], 0
        for term in sorted((t for t in dict.fromkeys(terms) if 0 < frequencies[t] <= limit),
                           key=lambda t: (frequencies[t], t)):
            if kept and postings + frequencies[term] > self.lexical_max_postings:
                break
            kept.append(term)
            postings += frequencies[term]
        # The rows come back as one string: thousands of one-value rows cost three times as much in Python.
        sql, extra = "SELECT group_concat(rowid, ' ') FROM chunk_fts WHERE chunk_fts MATCH ?", []
        if where is not None:
            docs, extra = where_documents(where)
            sql += f" AND rowid IN (SELECT row FROM chunks WHERE doc_id IN ({docs}))"

        def read(terms: list[str]) -> dict[str, tuple[np.ndarray, ...]]:
            out = {}
            for term in terms:
                levels = []  # rows holding the term at least once, twice, … (until none does)
                while found := self._tuples(sql, [f'"{repeat_term(term, len(levels) + 1)}"', *extra])[0][0]:
                    levels.append(np.fromstring(found, dtype=np.int64, sep=" "))
                out[term] = tuple(levels)
            return out

        if where is None and self.cache is not None:
            levels = self.cache.postings(kept, read, lambda value: sum(len(level) for level in value))
        else:
            levels = read(kept)
        return [Postings(term, frequencies[term], levels[term]) for term in kept if levels[term]]

    def header_scores(self, terms: list[str], doc_ids: list[str]) -> dict[str, float]:
        """BM25 of the given documents' headers, scaled by the best header of all documents."""
        total = self.count("documents")
        frequencies = self.document_frequencies(terms, "header_df")
        kept = [t for t in terms if 0 < frequencies[t] <= max(1000, self.lexical_max_df * total)]
        if not kept or not doc_ids:
            return {}
        # Every matching header is scored once (the best of all scales the rest); the given documents are
        # picked out by row in Python: a join of the match with ``documents`` cost twice as much.
        scores = dict(self._tuples("SELECT rowid, bm25(header_fts) FROM header_fts WHERE header_fts MATCH ?",
                                   [fts_query(kept)]))
        top = -min(scores.values(), default=0.0)
        if top <= 0:
            return {}
        found = self._tuples(f"SELECT row, id FROM documents WHERE id IN ({','.join('?' * len(doc_ids))})", doc_ids)
        return {doc_id: -scores[row] / top for row, doc_id in found if row in scores}

    def header_documents(self, names: list[str], k: int) -> list[str]:
        names = list(dict.fromkeys(names))
        # An index written before 2026-12-03 has no such table until its next write (``store.SCHEMA``).
        if not names or k <= 0 or not self._tuples("SELECT 1 FROM sqlite_master WHERE name = 'header_names'"):
            return []
        return [doc_id for (doc_id,) in self._tuples(
            f"SELECT d.id FROM header_names n JOIN documents d ON d.row = n.doc_row WHERE n.name IN "
            f"({','.join('?' * len(names))}) GROUP BY d.row ORDER BY COUNT(*) DESC, d.row LIMIT ?", [*names, k])]

    def _through(self, name: str, items: list, key, load) -> dict:
        return self.cache.through(name, items, key, load) if self.cache is not None else load(items)

    def chunk_facts(self, rows: list[int]) -> dict[int, ChunkFacts]:
        return self._through("facts", rows, int, self._read_facts)

    def _by_row(self, select: str, rows: list, read=None, column: str = "c.row") -> Iterator:
        """The result rows of ``select … WHERE column IN (rows)``, 500 rows per statement (SQLite's limit on
        parameters); ``read`` is how to run one statement (plain tuples by default)."""
        for start in range(0, len(rows), 500):
            part = rows[start : start + 500]
            yield from (read or self._tuples)(f"{select} WHERE {column} IN ({','.join('?' * len(part))})", part)

    def _read_facts(self, rows: list[int]) -> dict[int, ChunkFacts]:
        return {r[0]: ChunkFacts(*r) for r in self._by_row("SELECT row, doc_id, figure_kinds FROM chunks c", rows)}

    def document_ids(self, rows: list[int]) -> dict[int, str]:
        """The document of each of ``rows`` that is a live chunk's (the first rows of documents, which segments keep
        for every chunk). Remembered by row for the backend's life: a row never changes document."""
        known = self.documents_of  # shared by the backend's threads: read each entry once
        found = {r: doc_id for r in rows if (doc_id := known.get(r)) is not None}
        if missing := [r for r in rows if r not in found]:
            fetched = dict(self._by_row("SELECT row, doc_id FROM chunks c", missing))
            if len(known) > DOCUMENTS_REMEMBERED:
                known.clear()
            known.update(fetched)
            found |= fetched
        return found

    def chunks(self, rows: list[int]) -> dict[int, StoredChunk]:
        return self._through("chunks", rows, int, self._read_chunks)

    def _read_chunks(self, rows: list[int]) -> dict[int, StoredChunk]:
        found = self._by_row(_CHUNK_SELECT, rows, self._all)
        return {r["row"]: StoredChunk(r["row"], _chunk(r), r["figure_kinds"]) for r in found}

    def sentences(self, chunks: list[Chunk]) -> dict[str, list[SentenceRecord]]:
        """The sentences inside each chunk, in text order: one query for all the chunks' spans."""
        return self._through("sentences", chunks, lambda c: c.id, self._read_sentences)

    def _read_sentences(self, chunks: list[Chunk]) -> dict[str, list[SentenceRecord]]:
        out: dict[str, list[SentenceRecord]] = {c.id: [] for c in chunks}
        for start in range(0, len(chunks), 300):
            part = chunks[start : start + 300]
            found = self._tuples(
                f"WITH span (chunk, doc_id, a, b) AS (VALUES {','.join(['(?,?,?,?)'] * len(part))}) "
                "SELECT span.chunk, s.row, s.doc_id, s.char_start, s.char_end, v.vector FROM span "
                "JOIN sentences s ON s.doc_id = span.doc_id AND s.char_start >= span.a AND s.char_end <= span.b "
                "JOIN sentence_vectors v ON v.text_hash = s.text_hash ORDER BY span.chunk, s.char_start",
                [x for c in part for x in (c.id, c.doc_id, c.char_start, c.char_end)])
            # One conversion for all the vectors of the statement; each record holds a row of it.
            vectors = unpack_sentence_vectors([r[5] for r in found], self.sentence_codec) if found else None
            for i, (chunk, row, doc_id, char_start, char_end, _) in enumerate(found):
                out[chunk].append(SentenceRecord(row, doc_id, char_start, char_end, vectors[i]))
        return out

    def term_weights(self, terms: list[str]) -> dict[str, float]:
        total = self.count("chunks")
        return {t: (math.log(1 + (total - df + 0.5) / (df + 0.5)) if df else 0.0)
                for t, df in self.document_frequencies(terms).items()}

    def mentioned(self, terms: list[str]) -> set[str]:
        """Those of ``terms`` that some chunk or some document header contains."""
        found = {t for t, df in self.document_frequencies(terms).items() if df}
        rest = [t for t in terms if t not in found]
        return found | {t for t, df in self.document_frequencies(rest, "header_df").items() if df}

    def summaries(self, doc_ids: list[str]) -> dict[str, dict]:
        """The header fields of each document (a question asks for its candidates' documents several times)."""
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return {}
        found = self._through("summaries", ids, str, self._read_summaries)
        return {d: found[d] for d in ids if d in found}

    def _read_summaries(self, ids: list[str]) -> dict[str, dict]:
        return {r["id"]: dict(r) for r in self._by_row(f"SELECT {SUMMARY_COLUMNS} FROM documents", ids, self._all,
                                                       "id")}

    def passages(self, doc_id: str) -> list[Chunk]:
        found = self._all(f"{_CHUNK_SELECT} WHERE c.doc_id = ? ORDER BY c.char_start, c.row", (doc_id,))
        return [_chunk(r) for r in found]

    def document(self, doc_id: str) -> Document | None:
        found = self._all("SELECT * FROM documents WHERE id = ?", (doc_id,))
        return document_from_row(found[0]) if found else None
