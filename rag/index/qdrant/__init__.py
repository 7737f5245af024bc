"""The Qdrant backend: a Qdrant server or cluster (``RAG_QDRANT_URL``), or qdrant-client's local mode
(``RAG_QDRANT_PATH``). Needs the ``scale`` extra (``pip install '.[scale]'``)."""

from rag.index.qdrant.backend import QdrantBackend
from rag.index.qdrant.client import Location
from rag.index.qdrant.layout import drop_set, live_name, switch_aliases

__all__ = ["Location", "QdrantBackend", "drop_set", "live_name", "switch_aliases"]
