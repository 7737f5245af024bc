"""Ingestion: files → documents → chunks, terms and vectors → one atomic commit of the index backend."""

from rag.ingest.bulk import index_folder, write_refusals
from rag.ingest.ingestor import IngestError, Ingestor, IngestReport

__all__ = ["IngestError", "IngestReport", "Ingestor", "index_folder", "write_refusals"]
