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
