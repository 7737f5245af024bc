"""The embedded index backend: manifest checks, incremental atomic commits, reuse of vectors, compaction, ANN."""

from __future__ import annotations

import numpy as np
import pytest

from rag.config import SAMPLE_CORPUS_DIR
from rag.errors import IndexMismatchError, IndexNotFoundError
from rag.index import live_name, open_backend
from rag.index.filters import MetadataFilter
from rag.index.local import store
from rag.index.local.segments import Segment, SegmentSpec, search_segments, write_segment
from rag.pipeline import QAPipeline

from .conftest import make_settings


def _small_corpus(tmp_path, files=2):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))[:files]:
        (corpus / path.name).write_bytes(path.read_bytes())
    return corpus


@pytest.fixture
def built(tmp_path, embedder):
    settings = make_settings(tmp_path / "data")
    pipeline = QAPipeline(settings, embedder=embedder)
    run = pipeline.index_paths([_small_corpus(tmp_path)])
    yield settings, pipeline, run
    pipeline.close()


def _chunk_ids(pipeline, doc_id: str) -> set[str]:
    conn = store.connect(pipeline.backend.db_path, readonly=True)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM chunks WHERE doc_id = ?", (doc_id,))}
    finally:
        conn.close()


def test_manifest_records_model_chunker_and_analyser(built):
    settings, pipeline, run = built
    manifest = pipeline.backend.manifest
    assert manifest.model_name == settings.embedding_model and manifest.backend == "local"
    assert manifest.dimension == 384 and manifest.chunker == settings.chunker.as_dict()
    assert len(manifest.analyzer) == 16
    stats = pipeline.stats()
    assert stats.documents == 2 and stats.chunks == run.commit.chunks > 0 and stats.sentences > 0


def test_reindexing_unchanged_corpus_is_a_no_op(built, tmp_path):
    _, pipeline, first = built
    assert first.embedded > 0 and len(first.added) == 2
    version = pipeline.stats().version
    again = pipeline.index_paths([tmp_path / "corpus"])
    assert again.commit is None and len(again.unchanged) == 2 and not again.added
    assert pipeline.stats().version == version


def test_rebuild_reuses_stored_vectors_and_switches_atomically(built, embedder, tmp_path):
    settings, pipeline, first = built
    before = live_name(settings.index_dir)
    computed = embedder.computed
    again = pipeline.index_paths([], rebuild=True)
    assert embedder.computed == computed  # nothing embedded again: identical texts found by hash
    assert live_name(settings.index_dir) != before and pipeline.stats().chunks == first.commit.chunks
    assert [p.name for p in settings.index_dir.iterdir() if p.is_dir()] == [live_name(settings.index_dir)]
    assert again.commit is None and pipeline.ask("概念验证", 3).hits


def test_changed_document_only_embeds_its_new_text(built, embedder, tmp_path):
    _, pipeline, _ = built
    target = sorted((tmp_path / "corpus").glob("*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n补充说明：本段为新增内容。\n", encoding="utf-8")
    old_ids = _chunk_ids(pipeline, target.stem)
    again = pipeline.index_paths([tmp_path / "corpus"])
    assert [d.file for d in again.updated] == [target.name]
    assert 0 < again.embedded <= 3  # the new paragraph (chunk and sentence); the rest is reused by hash
    new_ids = _chunk_ids(pipeline, target.stem)
    assert len(old_ids & new_ids) >= len(old_ids) - 2  # unchanged chunks keep their ids


def test_index_with_other_chunker_settings_is_refused(built, embedder):
    settings, _, _ = built
    other = make_settings(settings.data_dir, chunk_max_tokens=settings.chunk_max_tokens + 64)
    with pytest.raises(IndexMismatchError) as err:
        QAPipeline(other, embedder=embedder).warm_up()
    assert "chunker settings" in str(err.value) and "rag index --rebuild" in str(err.value)


def test_index_with_other_model_is_refused(built, embedder):
    settings, pipeline, _ = built
    expected = pipeline.manifest()
    other = type(expected)(**{**expected.__dict__, "model_name": "intfloat/some-other-model"})
    backend = open_backend(settings)
    with pytest.raises(IndexMismatchError) as err:
        backend.open(other)
    assert "some-other-model" in str(err.value) and "rag index" in str(err.value)


def test_missing_index_is_reported(tmp_path, embedder):
    settings = make_settings(tmp_path / "empty")
    with pytest.raises(IndexNotFoundError, match="rag index"):
        QAPipeline(settings, embedder=embedder).warm_up()


def test_failed_commit_leaves_the_index_untouched(built, tmp_path, monkeypatch):
    _, pipeline, _ = built
    version, documents = pipeline.stats().version, pipeline.documents()

    def crash(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(store, "insert_document", crash)
    new = tmp_path / "new"
    new.mkdir()
    (new / "003.txt").write_bytes((SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt").read_bytes())
    with pytest.raises(OSError, match="simulated"):
        pipeline.index_paths([new])
    monkeypatch.undo()
    assert pipeline.stats().version == version and pipeline.documents() == documents
    removed = pipeline.backend.recover()  # the segment written before the failed commit is debris
    assert len(removed) == 2 and pipeline.ask("概念验证", 3).hits


def test_removal_leaves_dead_vectors_that_compaction_drops(built):
    _, pipeline, _ = built
    doc_id = pipeline.documents()[0]["id"]
    pipeline.remove_document(doc_id)
    assert all(h.chunk.doc_id != doc_id for h in pipeline.ask("科技创新", 10).hits)
    conn = store.connect(pipeline.backend.db_path, readonly=True)
    dead = conn.execute("SELECT COUNT(*) FROM dead_rows").fetchone()[0]
    conn.close()
    assert dead > 0
    assert pipeline.compact(full=True)
    conn = store.connect(pipeline.backend.db_path, readonly=True)
    assert conn.execute("SELECT COUNT(*) FROM dead_rows").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM segments").fetchone()[0] == 1
    conn.close()
    assert sorted(p.name for p in pipeline.backend.segments_dir.iterdir()) == sorted(
        f"{s.spec.name}{suffix}" for s in pipeline.backend._refresh().segments for suffix in (".faiss", ".rows.npy"))
    assert pipeline.ask("科技创新", 3).hits


def test_filters_apply_inside_the_search(built):
    _, pipeline, _ = built
    doc_id = pipeline.documents()[1]["id"]
    only = MetadataFilter.from_dict({"conditions": [{"name": "id", "comparison_operator": "is", "value": doc_id}]})
    hits = pipeline.ask("科技创新", 10, filters=only).hits
    assert hits and {h.chunk.doc_id for h in hits} == {doc_id}
    none = MetadataFilter.from_dict({"conditions": [{"name": "id", "comparison_operator": "is", "value": "nope"}]})
    assert pipeline.ask("科技创新", 10, filters=none).hits == []


def test_hnsw_segments_agree_with_exact_search(tmp_path):
    """Recall@10 of an HNSW segment (with dead rows and a filter) against exact search on the same vectors."""
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(5000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    rows = np.arange(5000, dtype=np.int64) * 3
    hnsw = Segment(tmp_path, write_segment(tmp_path, "h", rows, vectors, "hnsw"), ef_search=128)
    flat = Segment(tmp_path, write_segment(tmp_path, "f", rows, vectors, "flat"), ef_search=128)
    assert hnsw.spec == SegmentSpec("h", "hnsw", 5000)
    dead = rows[::7]
    allowed = rows[rows % 2 == 0]
    recalls = []
    for query in vectors[rng.choice(5000, 50, replace=False)]:
        for admitted in (None, allowed):
            exact = {r for r, _ in search_segments([flat], query, 10, admitted, dead)}
            approx = {r for r, _ in search_segments([hnsw], query, 10, admitted, dead)}
            assert not approx & set(dead.tolist())
            if admitted is not None:
                assert approx <= set(allowed.tolist())
            recalls.append(len(exact & approx) / 10)
    assert np.mean(recalls) >= 0.98
