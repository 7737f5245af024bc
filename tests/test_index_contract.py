"""The index role's contract, run against every backend: the embedded one and Qdrant (qdrant-client's local mode).

Add, replace, remove, reuse of stored vectors, refusal of another model or chunker, atomic switch
on rebuild, filters with every operator, hybrid ranking and the kill -9 guarantee. Backend-specific
internals (segments, compaction, HNSW) are tested in test_index.py.
"""

from __future__ import annotations

import signal
import subprocess
import time

import numpy as np
import pytest

from rag.config import SAMPLE_CORPUS_DIR
from rag.errors import IndexMismatchError, IndexNotFoundError
from rag.index import current_name, open_backend
from rag.index.filters import MetadataFilter
from rag.pipeline import QAPipeline

from .conftest import make_settings

try:
    import qdrant_client  # noqa: F401

    HAVE_QDRANT = True
except ImportError:
    HAVE_QDRANT = False

BACKENDS = [
    "local",
    pytest.param("qdrant", marks=pytest.mark.skipif(
        not HAVE_QDRANT, reason="qdrant-client is not installed (pip install '.[scale]'; make test installs it)")),
]
SAMPLE = SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt"


def backend_settings(kind: str, data_dir, **overrides):
    """Settings for ``kind``; Qdrant runs in local mode (RAG_QDRANT_PATH) in a folder of the test's own."""
    extra = {"backend": kind}
    if kind == "qdrant":
        extra["qdrant_path"] = data_dir / "qdrant"
    return make_settings(data_dir, **extra, **overrides)


def kill_when_paused(command: list[str], env: dict[str, str], stage: str) -> None:
    """Run ``command`` until it parks at the fault-injection ``stage`` (``rag.index.base.checkpoint``), then kill -9."""
    process = subprocess.Popen(command, env=env | {"RAG_INGEST_PAUSE_AT": stage}, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 300
        for line in process.stdout:
            if f"paused at {stage}" in line:
                break
            assert time.monotonic() < deadline
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def backend_env(kind: str, data_dir) -> dict[str, str]:
    from .test_cli import _env

    env = _env(data_dir) | {"RAG_BACKEND": kind}
    if kind == "qdrant":
        env["RAG_QDRANT_PATH"] = str(data_dir / "qdrant")
    return env


def small_corpus(tmp_path, files=2):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))[:files]:
        (corpus / path.name).write_bytes(path.read_bytes())
    return corpus


def chunk_ids(backend, doc_id: str | None = None) -> set[str]:
    """Ids of the chunks (of one document) that a reader sees, through the role only."""
    where = None if doc_id is None else MetadataFilter.from_dict(
        {"conditions": [{"name": "id", "comparison_operator": "is", "value": doc_id}]})
    with backend.reader() as reader:
        rows = [r for r, _ in reader.dense(np.ones(384, np.float32) / np.sqrt(384), 100_000, where)]
        return {c.chunk.id for c in reader.chunks(rows).values()}


@pytest.fixture(params=BACKENDS)
def kind(request) -> str:
    return request.param


@pytest.fixture
def built(kind, tmp_path, embedder):
    settings = backend_settings(kind, tmp_path / "data")
    pipeline = QAPipeline(settings, embedder=embedder)
    run = pipeline.index_paths([small_corpus(tmp_path)])
    yield settings, pipeline, run
    pipeline.close()


def test_manifest_records_model_chunker_and_analyser(built, kind):
    settings, pipeline, run = built
    manifest = pipeline.backend.manifest
    assert manifest.model_name == settings.embedding_model and manifest.backend == kind
    assert manifest.dimension == 384 and manifest.chunker == settings.chunker.as_dict()
    assert len(manifest.analyzer) == 16
    stats = pipeline.stats()
    assert stats.documents == 2 and stats.chunks == run.commit.chunks > 0 and stats.sentences > 0
    assert len(chunk_ids(pipeline.backend)) == stats.chunks
    doc_id = pipeline.documents()[0]["id"]
    with pipeline.backend.reader() as reader:
        passages = reader.passages(doc_id)
        document = reader.document(doc_id)
    assert {c.id for c in passages} == chunk_ids(pipeline.backend, doc_id)
    assert [c.char_start for c in passages] == sorted(c.char_start for c in passages)
    assert all(document.text[c.char_start : c.char_end] == c.text for c in passages)


def test_reindexing_unchanged_corpus_is_a_no_op(built, tmp_path):
    _, pipeline, first = built
    assert first.embedded > 0 and len(first.added) == 2
    version = pipeline.stats().version
    again = pipeline.index_paths([tmp_path / "corpus"])
    assert again.commit is None and len(again.unchanged) == 2 and not again.added
    assert pipeline.stats().version == version


def test_rebuild_reuses_stored_vectors_and_switches_atomically(built, embedder):
    settings, pipeline, first = built
    before = current_name(settings)
    ids = chunk_ids(pipeline.backend)
    computed = embedder.computed
    totals, steps = [], []
    again = pipeline.index_paths([], rebuild=True, progress=steps.append, on_total=totals.append)
    assert totals == [first.commit.documents] and sum(steps) == first.commit.documents  # the progress bar moves
    assert embedder.computed == computed
    assert again.embedded == 0 < again.texts  # nothing embedded again: the old index gave every vector by hash
    assert current_name(settings) != before and pipeline.stats().chunks == first.commit.chunks
    assert pipeline.ask("概念验证", 3).hits
    # The report says what the rebuild did (it used to say "0 added … index unchanged").
    assert again.rebuilt == first.commit.documents and again.summary().startswith(f"{again.rebuilt} rebuilt, ")
    assert again.commit is not None and again.commit.chunks == first.commit.chunks
    assert chunk_ids(pipeline.backend) == ids
    old = open_backend(settings, before)
    assert not old.exists()  # the previous index is gone
    old.close()


def test_changed_document_only_embeds_its_new_text(built, tmp_path):
    _, pipeline, _ = built
    target = sorted((tmp_path / "corpus").glob("*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n补充说明：本段为新增内容。\n", encoding="utf-8")
    old_ids = chunk_ids(pipeline.backend, target.stem)
    other = sorted((tmp_path / "corpus").glob("*.txt"))[1].stem
    other_ids = chunk_ids(pipeline.backend, other)
    again = pipeline.index_paths([tmp_path / "corpus"])
    assert [d.file for d in again.updated] == [target.name]
    assert 0 < again.embedded <= 3  # the new paragraph (chunk and sentence); the rest is reused by hash
    new_ids = chunk_ids(pipeline.backend, target.stem)
    assert len(old_ids & new_ids) >= len(old_ids) - 2  # unchanged chunks keep their ids
    assert chunk_ids(pipeline.backend, other) == other_ids
    assert pipeline.stats().chunks == len(chunk_ids(pipeline.backend))  # no stale chunk left behind
    hits = pipeline.ask("本段为新增内容", 3).hits
    assert any("新增内容" in h.chunk.text for h in hits)


def test_remove_drops_the_document_everywhere(built):
    _, pipeline, _ = built
    doc_id = pipeline.documents()[0]["id"]
    before = pipeline.stats()
    pipeline.remove_document(doc_id)
    assert all(h.chunk.doc_id != doc_id for h in pipeline.ask("科技创新", 10).hits)
    assert not chunk_ids(pipeline.backend, doc_id)
    after = pipeline.stats()
    assert after.documents == before.documents - 1 and 0 < after.chunks < before.chunks
    with pipeline.backend.reader() as reader:
        assert reader.document(doc_id) is None and reader.summaries([doc_id]) == {}
    assert doc_id not in pipeline.backend.fingerprints()


def test_header_documents_are_those_whose_header_writes_a_name_of_all_documents(built):
    """The addressee 孙昭艳委员 (000) and 战滨华委员 (001) are held in pinyin; a removed document is no longer found."""
    _, pipeline, _ = built
    with pipeline.backend.reader() as reader:
        assert reader.header_documents(["py:sunzhaoyan", "py:nosuchname"], 5) == ["000_0bd37d7d743fadf3"]
        assert sorted(reader.header_documents(["py:sunzhaoyan", "py:zhanbinhua"], 5)) == [
            "000_0bd37d7d743fadf3", "001_472a90031f177f14"]
        assert len(reader.header_documents(["py:sunzhaoyan", "py:zhanbinhua"], 1)) == 1
        assert reader.header_documents(["sunzhaoyan"], 5) == [] and reader.header_documents([], 5) == []
        assert reader.header_scores(["py:sunzhaoyan"], ["000_0bd37d7d743fadf3"]) == {}  # not a header term
    pipeline.remove_document("000_0bd37d7d743fadf3")
    with pipeline.backend.reader() as reader:
        assert reader.header_documents(["py:sunzhaoyan", "py:zhanbinhua"], 5) == ["001_472a90031f177f14"]


def test_lexical_scores_the_rows_asked_for_beyond_its_top_k(built):
    """``also``: rows outside the ``k`` best get the score (scaled by the best match) a longer list gives them;
    rows that hold none of the terms are left out."""
    _, pipeline, _ = built
    terms = ["科技", "成果", "转化"]
    with pipeline.backend.reader() as reader:
        everything = dict(reader.lexical(terms, 10_000))
        best = reader.lexical(terms, 3)
        beyond = sorted(everything)[:: max(1, len(everything) // 5)]
        beyond = [r for r in beyond if r not in dict(best)][:4]
        unmatched = [r for r, _ in reader.dense(np.ones(384, np.float32) / np.sqrt(384), 10_000)
                     if r not in everything][:2]
        got = reader.lexical(terms, 3, also=beyond + unmatched + [best[0][0]])
    assert len(everything) > 10 and len(beyond) == 4
    assert got[:3] == best  # the top k first, as without ``also``
    assert [r for r, _ in got[3:]] == sorted(beyond)  # then the rows asked for that match, in row order
    assert dict(got[3:]) == pytest.approx({r: everything[r] for r in beyond}, abs=1e-6)


def test_index_with_other_chunker_settings_is_refused(built, embedder, kind):
    settings, pipeline, _ = built
    pipeline.close()  # local mode: one client per folder
    other = backend_settings(kind, settings.data_dir, chunk_max_tokens=settings.chunk_max_tokens + 64)
    with pytest.raises(IndexMismatchError) as err:
        QAPipeline(other, embedder=embedder).warm_up()
    assert "chunker settings" in str(err.value) and "rag index --rebuild" in str(err.value)
    rebuilding = QAPipeline(other, embedder=embedder)
    report = rebuilding.index_paths([], rebuild=True)  # the old index gives no vectors: its passages differ
    assert report.rebuilt == 2 and report.embedded > 0 and rebuilding.ask("概念验证", 3).hits
    rebuilding.close()


def test_index_with_other_model_is_refused(built):
    settings, pipeline, _ = built
    expected = pipeline.manifest()
    other = type(expected)(**{**expected.__dict__, "model_name": "intfloat/some-other-model"})
    backend = open_backend(settings)
    with pytest.raises(IndexMismatchError) as err:
        backend.open(other)
    backend.close()
    assert "some-other-model" in str(err.value) and "rag index" in str(err.value)


def test_missing_index_is_reported(kind, tmp_path, embedder):
    settings = backend_settings(kind, tmp_path / "empty")
    pipeline = QAPipeline(settings, embedder=embedder)
    with pytest.raises(IndexNotFoundError, match="rag index"):
        pipeline.warm_up()
    pipeline.close()


# Every operator, on the two indexed documents (000: 文号 吉科发高〔2024〕74号, no date; 001: see its header).
FILTERS = [
    ("doc_number", "contains", "吉科发"), ("doc_number", "not contains", "高"),
    ("doc_number", "start with", "吉科发高"),
    ("doc_number", "end with", "74号"), ("id", "is", "000_0bd37d7d743fadf3"), ("id", "is not", "000_0bd37d7d743fadf3"),
    ("id", "in", ["000_0bd37d7d743fadf3", "nope"]), ("id", "not in", ["000_0bd37d7d743fadf3"]), ("id", "in", []),
    ("date", "empty", None), ("date", "not empty", None), ("doc_number", ">", 0), ("doc_number", "=", 0),
    ("doc_number", "≠", 0), ("date", "≥", 2000), ("date", "<", 3000), ("date", "before", "2024-06-01"),
    ("date", "after", "2020-01-01"), ("title", "after", "2024-01-01"), ("file", "before", "2024-01-01"),
]


def _filter_outcome(pipeline, conditions, logical="and") -> tuple[set[str], list[str]]:
    where = MetadataFilter.from_dict({"logical_operator": logical, "conditions": [
        {"name": n, "comparison_operator": o, "value": v} for n, o, v in conditions]})
    docs = {h.chunk.doc_id for h in pipeline.ask("科技创新", 20, filters=where).hits}
    with pipeline.backend.reader() as reader:
        lexical = sorted({c.chunk.doc_id for c in reader.chunks([r for r, _ in reader.lexical(
            ["科技", "创新"], 200, where)]).values()})
    return docs, lexical


@pytest.fixture(scope="module")
def both(tmp_path_factory, embedder):
    """The same two documents in each backend, to compare filters and rankings."""
    if not HAVE_QDRANT:
        pytest.skip("qdrant-client is not installed (pip install '.[scale]')")
    tmp = tmp_path_factory.mktemp("both")
    corpus = small_corpus(tmp)
    pipelines = {}
    for kind in ("local", "qdrant"):
        pipelines[kind] = QAPipeline(backend_settings(kind, tmp / kind), embedder=embedder)
        pipelines[kind].index_paths([corpus])
    yield pipelines
    for p in pipelines.values():
        p.close()


@pytest.mark.parametrize("condition", FILTERS, ids=lambda c: f"{c[0]} {c[1]} {c[2]}")
def test_filters_admit_the_same_documents_on_both_backends(both, condition):
    local, qdrant = (_filter_outcome(both[k], [condition]) for k in ("local", "qdrant"))
    assert local == qdrant


def test_filters_combine_with_and_or(both):
    conditions = [("id", "is", "000_0bd37d7d743fadf3"), ("doc_number", "contains", "〔2024〕")]
    for logical in ("and", "or"):
        assert _filter_outcome(both["local"], conditions, logical) == _filter_outcome(both["qdrant"], conditions,
                                                                                      logical)
    assert _filter_outcome(both["qdrant"], [("id", "is", "nope")])[0] == set()


def test_hybrid_ranking_agrees_across_backends(both, embedder):
    """Dense search gives the same rows' chunks and cosines; BM25 the same top passages; answers agree."""
    questions = ["概念验证花了多少钱？", "高新技术企业有多少户？", "科技成果转化"]
    for question in questions:
        vector = embedder.encode_query([question])[0]
        seen = {}
        for kind, pipeline in both.items():
            with pipeline.backend.reader() as reader:
                dense = reader.dense(vector, 10)
                chunks = reader.chunks([r for r, _ in dense])
                from rag.text.lexical import tokenize

                lexical = reader.lexical(tokenize(question), 5)
                lex_chunks = reader.chunks([r for r, _ in lexical])
                seen[kind] = ([chunks[r].chunk.id for r, _ in dense], [s for _, s in dense],
                              [lex_chunks[r].chunk.id for r, _ in lexical], lexical[0][1] if lexical else None,
                              reader.term_weights(tokenize(question)))
        assert seen["local"][0] == seen["qdrant"][0]  # dense: same chunks
        assert seen["local"][1] == pytest.approx(seen["qdrant"][1], abs=1e-4)  # same cosines
        assert seen["local"][2][0] == seen["qdrant"][2][0] and seen["qdrant"][3] == 1.0  # BM25: same best match
        assert len(set(seen["local"][2][:3]) & set(seen["qdrant"][2][:3])) >= 2
        assert seen["local"][4] == pytest.approx(seen["qdrant"][4])  # the same idf
        answers = {k: p.ask(question, 3) for k, p in both.items()}
        assert [h.chunk.id for h in answers["local"].hits] == [h.chunk.id for h in answers["qdrant"].hits]
        assert (answers["local"].answer and answers["local"].answer.text) == (
            answers["qdrant"].answer and answers["qdrant"].answer.text)


def test_qdrant_fuses_dense_and_bm25_inside_qdrant(both, embedder):
    from rag.text.lexical import tokenize

    question = "概念验证花了多少钱？"
    with both["qdrant"].backend.reader() as reader:
        fused = reader.hybrid(embedder.encode_query([question])[0], tokenize(question), 5)
        chunks = reader.chunks([r for r, _ in fused])
    assert len(fused) == 5 and fused == sorted(fused, key=lambda x: -x[1])
    assert any("近400万元" in chunks[r].chunk.text for r, _ in fused[:3])


def _check_consistent(settings, manifest, allowed: list[set[str]]) -> None:
    """Open the index as a starting server would: old state or new, every live chunk with its vector."""
    backend = open_backend(settings)
    backend.recover()
    backend.open(manifest)
    with backend.reader() as reader:
        docs = set(reader.summaries(list(backend.fingerprints())))
        assert docs in allowed  # the old state or the new one, nothing in between
        stats = backend.stats()
        rows = [r for r, _ in reader.dense(np.ones(384, np.float32) / np.sqrt(384), 10_000)]
        chunks = reader.chunks(rows)
        assert len(rows) == len(chunks) == stats.chunks and {c.chunk.doc_id for c in chunks.values()} == docs
        assert sum(s["chunk_count"] for s in reader.summaries(list(docs)).values()) == stats.chunks
    backend.close()


@pytest.mark.parametrize("stage", ["embedded", "segment-written", "committed"])
def test_kill_9_mid_ingest_leaves_old_or_new_index(kind, tmp_path, embedder, stage):
    """The writer is killed after embedding, after writing the new vectors, and after the commit point."""
    from .test_cli import RAG

    settings = backend_settings(kind, tmp_path / "data")
    base = tmp_path / "base"
    base.mkdir()
    (base / "000_0bd37d7d743fadf3.txt").write_bytes((SAMPLE_CORPUS_DIR / "000_0bd37d7d743fadf3.txt").read_bytes())
    pipeline = QAPipeline(settings, embedder=embedder)
    pipeline.index_paths([base])
    manifest = pipeline.manifest()
    pipeline.close()
    old = {"000_0bd37d7d743fadf3"}
    new = old | {"003_c810537c447ba574"}

    kill_when_paused([RAG, "index", str(SAMPLE), "--quiet"], backend_env(kind, settings.data_dir), stage)

    _check_consistent(settings, manifest, [old, new])
    survivor = QAPipeline(settings, embedder=embedder)
    survivor.warm_up()
    if kind == "local":  # no segment file that no commit registered
        registered = {s.spec.name for s in survivor.backend._refresh().segments}
        assert {p.name.split(".")[0] for p in survivor.backend.segments_dir.iterdir()} == registered
    survivor.index_paths([SAMPLE])
    assert set(survivor.backend.fingerprints()) == new
    assert survivor.stats().chunks == len(chunk_ids(survivor.backend))
    survivor.close()
