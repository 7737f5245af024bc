"""`rag index --ray`: embedding on a local Ray instance builds the index `rag index` builds alone."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.precision import resolve
from rag.config import SAMPLE_CORPUS_DIR
from rag.pipeline import QAPipeline

from .conftest import make_settings

ray = pytest.importorskip("ray", reason="ray is not installed (pip install '.[scale]'; make test installs it)")

FILES = ("000_0bd37d7d743fadf3.txt", "003_c810537c447ba574.txt")
QUESTIONS = ["概念验证花了多少钱？", "高新技术企业有多少户？", "吉科发高〔2024〕74号是哪个单位发的？", "科技成果转化"]


@pytest.fixture(scope="module")
def local_ray():
    from rag.ingest.ray_embed import connect

    connect(None, num_cpus=2)
    yield
    ray.shutdown()


def _everything(pipeline) -> dict:
    """Every chunk (id, row, vector) and sentence vector, through the index role."""
    with pipeline.backend.reader() as reader:
        rows = [r for r, _ in reader.dense(np.ones(384, np.float32) / np.sqrt(384), 100_000)]
        chunks = reader.chunks(rows)
        ordered = sorted(rows)
        vectors = reader.chunk_vectors(ordered)
        sentences = reader.sentences([chunks[r].chunk for r in ordered])
    return {"ids": [(r, chunks[r].chunk.id) for r in ordered], "vectors": vectors,
            "sentences": {k: [(s.char_start, s.char_end, s.vector) for s in v] for k, v in sentences.items()}}


def test_ray_index_equals_the_single_process_one(tmp_path, embedder, local_ray):
    from rag.ingest.ray_embed import index_on_ray

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in FILES:
        (corpus / name).write_bytes((SAMPLE_CORPUS_DIR / name).read_bytes())
    alone = QAPipeline(make_settings(tmp_path / "alone"), embedder=embedder)
    alone.index_paths([corpus])
    distributed = QAPipeline(make_settings(tmp_path / "ray"), embedder=embedder)
    computed = embedder.computed
    report, run = index_on_ray(distributed, [corpus])
    assert embedder.computed == computed  # every document vector came from the Ray actors
    assert run.actors == 2 and run.texts == report.texts == report.embedded > 0 and len(report.added) == 2

    a, b = _everything(alone), _everything(distributed)
    assert a["ids"] == b["ids"]  # the same chunk ids on the same rows
    # float32 documents agree to rounding; bfloat16 ones (RAG_DOCUMENT_PRECISION) move with the batch a text is in
    bf16 = resolve(alone.settings.document_precision) == "bf16"
    assert np.abs(a["vectors"] - b["vectors"]).max() < (2e-3 if bf16 else 1e-5)
    assert np.sum(a["vectors"] * b["vectors"], axis=1).min() > 0.9999
    assert a["sentences"].keys() == b["sentences"].keys()
    for chunk_id, records in a["sentences"].items():
        assert [r[:2] for r in records] == [r[:2] for r in b["sentences"][chunk_id]]
        for x, y in zip(records, b["sentences"][chunk_id], strict=True):
            assert float(np.dot(x[2], y[2])) > 0.999  # stored as int8 codes by the local backend
    for question in QUESTIONS:
        one, other = alone.ask(question, 5), distributed.ask(question, 5)
        assert (one.answer and one.answer.text) == (other.answer and other.answer.text)
        if not bf16:
            assert [h.chunk.id for h in one.hits] == [h.chunk.id for h in other.hits]
            continue
        # bfloat16 vectors move with their batch, so passages whose scores nearly tie may change places (in one CI run
        # another passage ranked fourth); any other difference is a real one.
        scores = {h.chunk.id: h.score for h in one.all_hits}
        for mine, theirs in zip(one.hits, other.hits, strict=True):
            assert mine.chunk.id == theirs.chunk.id or abs(mine.score - scores.get(theirs.chunk.id, -1.0)) < 0.02, \
                (question, [(h.chunk.id, round(h.score, 4)) for h in one.hits], [(h.chunk.id, round(h.score, 4))
                                                                                 for h in other.hits])

    again, second = index_on_ray(distributed, [corpus])  # nothing new: nothing goes to Ray
    assert second.texts == 0 and again.commit is None and len(again.unchanged) == 2
    alone.close()
    distributed.close()
