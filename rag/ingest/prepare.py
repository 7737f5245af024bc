"""From parsed documents to what a backend stores: chunks, sentences, lexical terms and vectors.

Only text the index does not already hold is embedded: every vector is looked up first by the
hash of what was embedded, so an unchanged passage of a replaced document, or a whole document
re-read by ``rag index --rebuild``, costs no model time. The texts still to embed are sorted by
length, so that a batch pads little.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embeddings.base import Embedder
from rag.chunking import ChunkerSettings, chunk_document, sentence_spans
from rag.documents import Document
from rag.index.base import IndexBackend, PreparedDocument, text_hash
from rag.text.figures import find_figures, kinds_mask
from rag.text.lexical import tokenize
from rag.text.romanise import header_pinyin_terms, person_pinyin_terms

# The signer and the contacts are searched too: a question may name them (联系人董宏宇的电话).
HEADER_FIELDS = ("title", "doc_number", "addressee", "subject", "date", "signer", "contact")


@dataclass(frozen=True)
class Prepared:
    documents: list[PreparedDocument]
    embedded: int  # texts the model had to embed (the others came from the index)
    texts: int


def header_text(doc: Document) -> str:
    return " ".join(str(getattr(doc.header, name) or "") for name in HEADER_FIELDS)


def embed_sorted(embedder: Embedder, texts: list[str], batch_size: int) -> np.ndarray:
    """Document vectors of ``texts`` in their order, embedded in batches of similar length."""
    if not texts:
        return np.zeros((0, embedder.dimension), np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), embedder.dimension), np.float32)
    for start in range(0, len(order), batch_size):
        part = order[start : start + batch_size]
        out[part] = embedder.encode_document([texts[i] for i in part])
    return out


def prepare(documents: list[Document], embedder: Embedder, chunker: ChunkerSettings, backend: IndexBackend,
            batch_size: int = 64, donor: IndexBackend | None = None) -> Prepared:
    """Chunk, analyse and embed ``documents``, reusing the vectors the index already has and those of ``donor``
    (on a rebuild, the index being replaced, when it was built with the same model)."""
    plans = []
    for doc in documents:
        chunks = chunk_document(doc, chunker)
        sentences = sentence_spans(doc, chunker)
        chunk_texts = [c.embedding_text() for c in chunks]
        sentence_texts = [doc.text[a:b] for a, b in sentences]
        plans.append((doc, chunks, sentences, chunk_texts, sentence_texts))
    chunk_hashes = [[text_hash("passage\x1f" + t) for t in p[3]] for p in plans]
    sentence_hashes = [[text_hash("sentence\x1f" + t) for t in p[4]] for p in plans]
    known = backend.known_vectors([h for hs in chunk_hashes for h in hs], [h for hs in sentence_hashes for h in hs])
    if donor is not None:
        known |= donor.known_vectors([h for hs in chunk_hashes for h in hs if h not in known],
                                     [h for hs in sentence_hashes for h in hs if h not in known])

    missing: dict[str, str] = {}
    for plan, c_hashes, s_hashes in zip(plans, chunk_hashes, sentence_hashes, strict=True):
        for digest, text in zip([*c_hashes, *s_hashes], [*plan[3], *plan[4]], strict=True):
            if digest not in known:
                missing[digest] = text
    vectors = embed_sorted(embedder, list(missing.values()), batch_size)
    known.update(zip(missing, vectors, strict=True))

    out = []
    for (doc, chunks, sentences, _, _), c_hashes, s_hashes in zip(plans, chunk_hashes, sentence_hashes, strict=True):
        header = header_text(doc)
        out.append(PreparedDocument(
            document=doc,
            chunks=tuple(chunks),
            chunk_vectors=_stack([known[h] for h in c_hashes], embedder.dimension),
            chunk_terms=tuple(tuple(tokenize(c.text)) for c in chunks),
            chunk_hashes=tuple(c_hashes),
            figure_kinds=tuple(kinds_mask(f.kind for f in find_figures(c.text)) for c in chunks),
            sentences=tuple(sentences),
            sentence_vectors=_stack([known[h] for h in s_hashes], embedder.dimension),
            sentence_hashes=tuple(s_hashes),
            header_terms=tuple(tokenize(header)),
            header_names=tuple(dict.fromkeys(header_pinyin_terms(f"{header} {doc.header.issuer or ''}")
                                              + person_pinyin_terms(doc.header.signer, doc.header.contact))),
        ))
    total = sum(len(h) for h in chunk_hashes) + sum(len(h) for h in sentence_hashes)
    return Prepared(out, len(missing), total)


def _stack(vectors: list[np.ndarray], dimension: int) -> np.ndarray:
    return np.stack(vectors).astype(np.float32) if vectors else np.zeros((0, dimension), np.float32)
