"""The embedder role: what the index and the retriever need from a model."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Encodes queries and documents into L2-normalised float32 vectors."""

    model_name: str

    def warm_up(self) -> None:
        """Load the model; called once before the first encode."""

    @property
    def dimension(self) -> int: ...

    @property
    def fingerprint(self) -> str:
        """Identifies the exact weights and prompts; vectors from different fingerprints never mix."""
        ...

    def encode_query(self, texts: list[str]) -> np.ndarray: ...

    def encode_document(self, texts: list[str]) -> np.ndarray: ...


class EmbedderWrapper:
    """An embedder around another one (batching, counting, precomputed vectors): every call passes
    through unless a subclass changes it."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_name = inner.model_name

    def warm_up(self) -> None:
        self.inner.warm_up()

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def fingerprint(self) -> str:
        return self.inner.fingerprint

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return self.inner.encode_query(texts)

    def encode_document(self, texts: list[str]) -> np.ndarray:
        return self.inner.encode_document(texts)
