"""The Qdrant layout of one index: its four collections and their aliases, the document points' ids, and what a
document's payload holds (written by rag.index.qdrant.backend, read by rag.index.qdrant.reader)."""

from __future__ import annotations

import uuid

from qdrant_client import models

from rag.documents import Document, DocumentHeader
from rag.index.base import PreparedDocument
from rag.index.qdrant.filters import filter_payload

KINDS = ("meta", "documents", "chunks", "sentences")
_NAMESPACE = uuid.UUID("6f1d3c52-8f43-4a55-9d8e-2b7f0c1e9a10")
HEADER_FIELDS = ("title", "doc_number", "addressee", "issuer", "date", "subject")


def doc_point_id(doc_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, doc_id))


def collection(prefix: str, name: str, kind: str) -> str:
    return f"{prefix}_{name}_{kind}"


def alias(prefix: str, kind: str) -> str:
    return f"{prefix}_{kind}"


def live_name(client, prefix: str) -> str:
    """The name of the set the ``<prefix>_meta`` alias points at ("live" before any alias exists)."""
    for a in client.get_aliases().aliases:
        if a.alias_name == alias(prefix, "meta"):
            return a.collection_name.removeprefix(f"{prefix}_").removesuffix("_meta")
    return "live"


def switch_aliases(client, prefix: str, name: str) -> None:
    """Point the four aliases at the set ``name`` in one atomic request, then drop the other sets."""
    current = {a.alias_name for a in client.get_aliases().aliases}
    operations: list = []
    for kind in KINDS:
        if alias(prefix, kind) in current:
            operations.append(models.DeleteAliasOperation(delete_alias=models.DeleteAlias(
                alias_name=alias(prefix, kind))))
        operations.append(models.CreateAliasOperation(create_alias=models.CreateAlias(
            collection_name=collection(prefix, name, kind), alias_name=alias(prefix, kind))))
    client.update_collection_aliases(change_aliases_operations=operations)
    keep = {collection(prefix, name, kind) for kind in KINDS}
    for c in client.get_collections().collections:
        if c.name.startswith(f"{prefix}_") and c.name.endswith(tuple(f"_{k}" for k in KINDS)) and c.name not in keep:
            client.delete_collection(c.name)


def drop_set(client, prefix: str, name: str) -> None:
    for kind in KINDS:
        if client.collection_exists(collection(prefix, name, kind)):
            client.delete_collection(collection(prefix, name, kind))


def header_dict(doc: Document) -> dict:
    return {name: getattr(doc.header, name) for name in HEADER_FIELDS}


def document_payload(prepared: PreparedDocument, generation: int) -> dict:
    d = prepared.document
    return {"doc_id": d.id, "file": d.file, **header_dict(d), "text": d.text, "body_start": d.body_start,
            "body_end": d.body_end, "content_hash": d.content_hash, "chunk_count": len(prepared.chunks),
            "sentence_count": len(prepared.sentences), "header_terms": sorted(set(prepared.header_terms)),
            "header_names": sorted(set(prepared.header_names)), "gen": generation,
            **filter_payload({**header_dict(d), "file": d.file, "id": d.id})}


def document_from_payload(payload: dict) -> Document:
    header = DocumentHeader(**{name: payload.get(name) for name in HEADER_FIELDS})
    return Document(id=payload["doc_id"], file=payload["file"], text=payload["text"], header=header,
                    body_start=payload["body_start"], body_end=payload["body_end"])


def summary(payload: dict) -> dict:
    return {"id": payload["doc_id"], "file": payload["file"], **{n: payload.get(n) for n in HEADER_FIELDS},
            "chunk_count": payload["chunk_count"]}
