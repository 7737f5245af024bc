"""Each side at the precision that pays: documents in bfloat16 on CPUs that compute it natively,
questions on the int8 graph of the same model (``Int8Questions``).

Embedding is nearly all of what ingest costs (98% of a bulk load). On a CPU with bfloat16
matrix instructions (AMX or AVX-512 BF16), torch's autocast runs the model's matrix products
in bfloat16 with float32 accumulation: on this project's 2-core Xeon, 125-137 passages/s
against 55-57 for ONNX Runtime in float32 (and 113 for the int8 graph), with every vector
within cosine 0.99998 of the float32 one (480 passages of the sample and varied corpora;
embeddings/ONNX.md). That is a hundred times closer than int8 (0.9946), so a bfloat16
document vector and a float32 one are the same vector for retrieval: the fingerprint stays
the float32 encoder's, and an index may hold both (``tests/test_precision.py`` keeps them
within 0.9999 on the conversion texts). Questions are never embedded in bfloat16: one short
text per call gains nothing from it and torch adds its own overhead there.

Without native bfloat16 the products are emulated and slower than float32, so ``auto`` (the
default) picks bf16 only where the CPU reports the instructions.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

from embeddings.base import Embedder, EmbedderWrapper
from embeddings.sentence_transformer import PRECISIONS, SentenceTransformerEmbedder
from rag.errors import ConfigurationError

CHOICES = ("auto", *PRECISIONS)
QUERY_CHOICES = ("fp32", "int8-mixed")
# /proc/cpuinfo flags of native bfloat16 matrix products (Sapphire Rapids' AMX, Cooper Lake's AVX-512 BF16).
_BF16_FLAGS = frozenset({"amx_bf16", "avx512_bf16"})


@lru_cache(maxsize=1)
def native_bf16() -> bool:
    """Whether this CPU computes bfloat16 products natively (Linux: its /proc/cpuinfo flags)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return any(line.startswith("flags") and not _BF16_FLAGS.isdisjoint(line.split()) for line in text.splitlines())


def resolve(choice: str) -> str:
    """``auto`` becomes bf16 where the CPU has native bfloat16, else fp32; fp32 and bf16 stay as asked."""
    if choice not in CHOICES:
        raise ConfigurationError(f"document precision must be one of {', '.join(CHOICES)}, got {choice!r}")
    if choice == "auto":
        return "bf16" if native_bf16() else "fp32"
    return choice


class Bf16Documents(EmbedderWrapper):
    """Questions on ``inner`` (the float32 ONNX encoder); documents on the same model in torch, in bfloat16.

    The torch model loads at the first document (a server that only answers never loads it)."""

    def __init__(self, inner: Embedder, model_dir: Path, batch_size: int = 32, threads: int | None = None) -> None:
        super().__init__(inner)
        self.documents = SentenceTransformerEmbedder(inner.model_name, model_dir, batch_size=batch_size,
                                                     threads=threads, document_precision="bf16")
        self._loading = threading.Lock()

    def encode_document(self, texts: list[str]) -> np.ndarray:
        with self._loading:
            self.documents.warm_up()
        return self.documents.encode_document(texts)


def check_query_precision(choice: str) -> str:
    if choice not in QUERY_CHOICES:
        raise ConfigurationError(f"query precision must be one of {', '.join(QUERY_CHOICES)}, got {choice!r}")
    return choice


class Int8Questions(EmbedderWrapper):
    """Documents on ``inner`` (the float32 encoder, or bfloat16 documents around it); questions on the same
    model's ``onnx-int8-mixed`` graph.

    A question is one short text per call, where the int8 graph is about twice as fast as float32 and the
    query encoder is most of what a question costs (issue 11). Its vectors stay within cosine 0.996 of the
    float32 ones (tests/test_precision.py asks >= 0.99 on the conversion texts), and on the 1,657 dev
    questions answers moved by 4 and hit@1 by 2 (embeddings/ONNX.md). Stored vectors stay float32 or
    bfloat16, so the index and its fingerprint are the float32 encoder's: switching questions back to
    fp32 needs no rebuild."""

    def __init__(self, inner: Embedder, model_dir: Path, threads: int | None = None) -> None:
        super().__init__(inner)
        from embeddings.onnx_encoder import OnnxEmbedder, check_threads

        self.threads = check_threads(threads, "question threads")
        # One thread per call: ONNX Runtime's pool wakes its sleeping threads at every operator, which costs a
        # short question more than the second core saves (3.8 ms on one thread, 5.3 ms on two); calls run side by
        # side instead (``encode_query``).
        self.questions = OnnxEmbedder(inner.model_name, model_dir, quantization="int8-mixed", intra_op_threads=1)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def warm_up(self) -> None:
        self.inner.warm_up()
        self.questions.warm_up()
        with self._pool_lock:
            if self.threads > 1 and self._pool is None:
                self._pool = ThreadPoolExecutor(self.threads - 1, thread_name_prefix="question-encoder")

    def encode_query(self, texts: list[str]) -> np.ndarray:
        """The texts in up to ``threads`` groups, encoded side by side, each text in a call of its own
        (``OnnxEmbedder.encode_query``): an English question and its Chinese rendering in 4.8 ms instead of 9.3-9.7
        as one call on two threads (embeddings/ONNX.md)."""
        groups = length_groups(texts, self.threads)
        if len(groups) < 2:
            return self.questions.encode_query(texts)
        if self._pool is None:
            self.warm_up()
        pending = [self._pool.submit(self.questions.encode_query, [texts[i] for i in group]) for group in groups[1:]]
        done = [self.questions.encode_query([texts[i] for i in groups[0]])] + [f.result() for f in pending]
        out = np.empty((len(texts), done[0].shape[1]), dtype=done[0].dtype)
        for group, vectors in zip(groups, done, strict=True):
            out[group] = vectors
        return out


def length_groups(texts: list[str], groups: int) -> list[list[int]]:
    """Positions of ``texts`` in at most ``groups`` groups of near-equal count and near-equal length in all: the
    texts dealt out longest first, as each runs in a call of its own and the groups run side by side."""
    order = sorted(range(len(texts)), key=lambda i: (-len(texts[i]), i))
    count = max(1, min(groups, len(texts)))
    return [order[g::count] for g in range(count) if order[g::count]]
