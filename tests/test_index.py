"""The on-disk index: manifest checks, atomic publication, cache reuse and consistency."""

from __future__ import annotations

import json

import pytest

from rag.config import SAMPLE_CORPUS_DIR
from rag.errors import IndexCorruptError, IndexMismatchError, IndexNotFoundError
from rag.index import VectorIndex, index_exists
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
    # A cache of its own, so that what gets embedded does not depend on earlier tests.
    settings = make_settings(tmp_path / "data", embedding_cache_dir=tmp_path / "cache")
    pipeline = QAPipeline(settings, embedder=embedder)
    run = pipeline.index_paths([_small_corpus(tmp_path)])
    yield settings, pipeline, run
    pipeline.close()


def test_manifest_records_model_chunker_and_corpus(built):
    settings, pipeline, run = built
    manifest = pipeline.index.manifest
    assert manifest.model_name == settings.embedding_model
    assert manifest.dimension == 384 and manifest.normalized
    assert manifest.chunker == settings.chunker.as_dict()
    assert len(manifest.corpus_hash) == 64
    assert manifest.documents == 2 and manifest.chunks == run.build.chunks > 0


def test_reindexing_unchanged_corpus_is_a_no_op(built, tmp_path):
    settings, pipeline, first = built
    assert first.build.embedded > 0 and len(first.added) == 2
    version = (settings.index_dir / "CURRENT").read_text()
    again = pipeline.index_paths([tmp_path / "corpus"])
    assert again.build is None and len(again.unchanged) == 2 and not again.added
    assert (settings.index_dir / "CURRENT").read_text() == version


def test_rebuild_reuses_cached_vectors(built, tmp_path):
    _, pipeline, first = built
    again = pipeline.index_paths([tmp_path / "corpus"], rebuild=True)
    assert again.build.embedded == 0 and again.build.chunks == first.build.chunks


def test_changed_document_only_embeds_its_new_text(built, tmp_path):
    _, pipeline, first = built
    target = sorted((tmp_path / "corpus").glob("*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n补充说明：本段为新增内容。\n", encoding="utf-8")
    old_ids = {c.id for c in pipeline.index.chunks if c.file == target.name}
    again = pipeline.index_paths([tmp_path / "corpus"])
    assert [d.file for d in again.updated] == [target.name]
    assert 0 < again.build.embedded < first.build.embedded // 4
    new_ids = {c.id for c in pipeline.index.chunks if c.file == target.name}
    assert len(old_ids & new_ids) >= len(old_ids) - 2  # unchanged chunks keep their ids


def test_index_with_other_chunker_settings_is_refused(built, embedder):
    settings, _, _ = built
    other = make_settings(settings.data_dir, chunk_max_tokens=settings.chunk_max_tokens + 64)
    with pytest.raises(IndexMismatchError) as err:
        QAPipeline(other, embedder=embedder).warm_up()
    assert "chunker settings" in str(err.value) and "rag index --rebuild" in str(err.value)


def test_index_with_other_model_is_refused(built):
    settings, _pipeline, _ = built
    with pytest.raises(IndexMismatchError) as err:
        VectorIndex.load(settings.index_dir, "intfloat/some-other-model", None, settings.chunker)
    assert "some-other-model" in str(err.value) and "rag index" in str(err.value)


def test_missing_index_is_reported(tmp_path, embedder):
    settings = make_settings(tmp_path / "empty")
    assert not index_exists(settings.index_dir)
    with pytest.raises(IndexNotFoundError, match="rag index"):
        QAPipeline(settings, embedder=embedder).warm_up()


def test_failed_build_leaves_the_live_version_untouched(built, tmp_path, monkeypatch):
    settings, pipeline, _ = built
    before = (settings.index_dir / "CURRENT").read_text()
    versions_before = sorted(p.name for p in (settings.index_dir / "versions").iterdir())

    def crash(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr("rag.index.write_store", crash)
    with pytest.raises(OSError, match="simulated"):
        pipeline.index_paths([tmp_path / "corpus"], rebuild=True)
    assert (settings.index_dir / "CURRENT").read_text() == before
    assert sorted(p.name for p in (settings.index_dir / "versions").iterdir()) == versions_before
    monkeypatch.undo()
    reloaded = QAPipeline(settings, embedder=pipeline.embedder)
    reloaded.warm_up()
    assert reloaded.ask("概念验证", 3).hits
    reloaded.close()


def test_inconsistent_index_is_refused(built):
    settings, pipeline, _ = built
    manifest_path = pipeline.index.version_dir / "manifest.json"
    data = json.loads(manifest_path.read_text())
    data["chunks"] += 1
    manifest_path.write_text(json.dumps(data))
    with pytest.raises(IndexCorruptError, match="inconsistent"):
        QAPipeline(settings, embedder=pipeline.embedder).warm_up()


def test_only_the_live_version_is_kept(built, tmp_path):
    settings, pipeline, _ = built
    pipeline.index_paths([tmp_path / "corpus"], rebuild=True)
    versions = list((settings.index_dir / "versions").iterdir())
    assert [v.name for v in versions] == [(settings.index_dir / "CURRENT").read_text()]
