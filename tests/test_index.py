"""The embedded backend's own internals: debris of a failed commit, dead rows and compaction, HNSW recall.

What every backend must do (add, replace, remove, refusals, rebuild, filters, ranking, kill -9) is in
test_index_contract.py, run against each backend."""

from __future__ import annotations

import numpy as np
import pytest

from rag.config import SAMPLE_CORPUS_DIR
from rag.errors import IndexCorruptError
from rag.index.local import store
from rag.index.local.cache import POSTING_ROWS_PER_CHUNK, RowCache
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


def _facts_and_answer(pipeline):
    """Every live chunk's facts as the reader gives them and as SQLite holds them, and one answer with its passages."""
    with pipeline.backend.reader() as reader:
        rows = [r for r, _ in reader.dense(np.ones(384, np.float32) / np.sqrt(384), 10_000)]
        facts = (reader.chunk_facts(rows), reader._store._read_facts(rows))
    result = pipeline.ask("概念验证中心获得了多少经费支持？", 5)
    return facts, (result.answer, [h.chunk.id for h in result.hits])


def test_segment_facts_match_the_database_and_compaction_adds_them_to_old_segments(built, tmp_path, embedder):
    """Candidates' figure kinds and documents come from the segments' facts files. A segment written before they
    existed (2026-12-06) is read from SQLite instead, with the same facts and answers, and the next compaction gives
    it its file without rewriting its vectors."""
    settings, pipeline, _ = built
    more = tmp_path / "more"
    more.mkdir()
    (more / "003.txt").write_bytes((SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt").read_bytes())
    pipeline.index_paths([more])  # a second segment, its document's first row not 0
    (from_segments, from_sql), answer = _facts_and_answer(pipeline)
    assert from_segments == from_sql and len(from_sql) == pipeline.stats().chunks
    assert len({f.doc_id for f in from_sql.values()}) == 3 and answer[0] is not None
    segments = pipeline.backend.segments_dir
    names = sorted(p.name for p in segments.glob("*.faiss"))
    pipeline.close()
    for path in segments.glob("*.facts.npy"):
        path.unlink()
    old = QAPipeline(settings, embedder=embedder)
    old.warm_up()
    try:
        assert _facts_and_answer(old) == ((from_sql, from_sql), answer)
        assert all(s.facts is None for s in old.backend._refresh().segments)
        old.compact()
        assert sorted(p.name for p in segments.glob("*.faiss")) == names  # no vector rewritten
        assert len(list(segments.glob("*.facts.npy"))) == len(names)
    finally:
        old.close()
    again = QAPipeline(settings, embedder=embedder)
    again.warm_up()
    try:
        assert all(s.facts is not None for s in again.backend._refresh().segments)
        assert _facts_and_answer(again) == ((from_sql, from_sql), answer)
    finally:
        again.close()


def test_the_remembered_documents_are_emptied_without_losing_a_candidate(built, monkeypatch):
    """Past its bound the backend's map of first rows to documents is emptied; the read that empties it still
    returns every document asked, those it had remembered included."""
    from rag.index.local import reads

    _, pipeline, _ = built
    monkeypatch.setattr(reads, "DOCUMENTS_REMEMBERED", 0)
    with pipeline.backend.reader() as reader:
        rows = sorted(r for r, _ in reader.dense(np.ones(384, np.float32) / np.sqrt(384), 10_000))
        expected = reader._store._read_facts(rows)
        one = [r for r in rows if expected[r].doc_id == expected[rows[0]].doc_id]
        assert len(one) < len(rows)  # two documents
        reader._store.documents_of.clear()
        assert reader.chunk_facts(one) == {r: expected[r] for r in one}
        assert reader.chunk_facts(rows) == expected  # the other document's read empties the map: none lost


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
    assert len(removed) == 4 and pipeline.ask("概念验证", 3).hits  # .faiss, .rows.npy, .terms.npy, .facts.npy


def _recounted(conn) -> dict:
    """Counts and document frequencies computed from scratch, to compare with the incremental ones."""
    df: dict[str, dict[str, int]] = {"chunk_df": {}, "header_df": {}}
    for table, sql in (("chunk_df", "SELECT terms FROM chunks"), ("header_df", "SELECT header_terms FROM documents")):
        for (terms,) in conn.execute(sql):
            for term in set(terms.split(" ")) - {""}:
                df[table][term] = df[table].get(term, 0) + 1
    return {"counts": {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                       for t in ("documents", "chunks", "sentences")},
            "vectors": {r[0] for r in conn.execute("SELECT DISTINCT text_hash FROM sentences")}, **df}


def _incremental(conn) -> dict:
    return {"counts": {k: int(v) for k, v in conn.execute(
                "SELECT key, value FROM meta WHERE key IN ('documents', 'chunks', 'sentences')")},
            "vectors": {r[0] for r in conn.execute("SELECT text_hash FROM sentence_vectors")},
            **{t: dict(conn.execute(f"SELECT term, df FROM {t}")) for t in ("chunk_df", "header_df")}}


def test_counts_frequencies_and_shared_vectors_are_kept_by_difference(built, tmp_path):
    """Commits update counts, document frequencies and the shared sentence vectors by difference: after
    adds, an update, a re-add of shared text and removals they equal a recount from scratch."""
    _, pipeline, _ = built
    more = tmp_path / "more"
    more.mkdir()
    for path in sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))[2:4]:
        (more / path.name).write_bytes(path.read_bytes())
    copy = (more / "copy.txt")
    copy.write_bytes(sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))[0].read_bytes())  # every sentence shared
    pipeline.index_paths([more])
    first = pipeline.documents()[0]
    pipeline.remove_document(first["id"])
    copy.write_bytes(copy.read_bytes() + "\n附件：补充说明。\n".encode())
    pipeline.index_paths([more])
    conn = store.connect(pipeline.backend.db_path, readonly=True)
    try:
        incremental, recount = _incremental(conn), _recounted(conn)
    finally:
        conn.close()
    assert incremental["counts"] == recount["counts"] == {
        "documents": 4, "chunks": pipeline.stats().chunks, "sentences": pipeline.stats().sentences}
    assert incremental["vectors"] == recount["vectors"]
    assert incremental["chunk_df"] == recount["chunk_df"] and incremental["header_df"] == recount["header_df"]


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
        f"{s.spec.name}{suffix}" for s in pipeline.backend._refresh().segments
        for suffix in (".faiss", ".rows.npy", ".terms.npy", ".facts.npy"))
    assert pipeline.ask("科技创新", 3).hits


def test_an_ingest_that_replaces_every_document_leaves_no_dead_segment(tmp_path, embedder):
    """Re-reading every document (newer parsing rules) puts their vectors in new flat segments and leaves the
    old HNSW segment all dead: the compaction after the ingest merges the flat ones and then drops the dead one,
    so the data dir does not keep two copies of every vector; ``rag compact --full`` shrinks the database too."""
    settings = make_settings(tmp_path / "data", flat_segment_limit=20)
    pipeline = QAPipeline(settings, embedder=embedder)
    corpus = _small_corpus(tmp_path)
    pipeline.index_paths([corpus])
    for path in corpus.iterdir():  # every passage changes: each document is written again with new rows
        path.write_text(path.read_text(encoding="utf-8").replace("。", "；", 1) + "\n", encoding="utf-8")
    try:
        pipeline.index_paths([corpus])
        conn = store.connect(pipeline.backend.db_path, readonly=True)
        try:
            assert conn.execute("SELECT COUNT(*) FROM dead_rows").fetchone()[0] == 0
            assert [tuple(r) for r in conn.execute("SELECT kind, vectors FROM segments")] == [
                ("hnsw", conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])]
            postings = conn.execute("SELECT COUNT(*) FROM chunk_fts_data").fetchone()[0]
        finally:
            conn.close()
        before = pipeline.ask("科技创新平台建设投入多少资金？", 5)
        # A full compaction also merges FTS5's postings (the delete markers of the replaced passages go) and
        # returns the free pages; no row id changes, so every question is answered as before.
        pipeline.compact(full=True)
        conn = store.connect(pipeline.backend.db_path, readonly=True)
        try:
            assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
            assert conn.execute("SELECT COUNT(*) FROM chunk_fts_data").fetchone()[0] < postings
        finally:
            conn.close()
        after = pipeline.ask("科技创新平台建设投入多少资金？", 5)
        assert [(h.chunk, h.score) for h in after.all_hits] == [(h.chunk, h.score) for h in before.all_hits]
        assert after.answer == before.answer
    finally:
        pipeline.close()


def _segment_kinds(pipeline) -> list[str]:
    return [s.spec.kind for s in pipeline.backend._refresh().segments]


def test_many_small_commits_leave_a_bounded_number_of_segments(built):
    """Every commit writes a flat segment and a question searches every segment: 200 one-document uploads made
    ``ask`` on a 10,000-document index 1.5 times slower. Compaction after a commit merges the smallest flat segments
    into one when there are more than ``max_flat_segments`` (no graph to build), and questions find what they found."""
    _, pipeline, _ = built
    bound = pipeline.backend.max_flat_segments
    question = "关于举办第3期档案业务培训的通知的报名截止时间是哪天？"
    for i in range(bound + 1):  # one flat segment per commit, none merged yet
        notice = (f"关于举办第{i + 1}期档案业务培训的通知\n\n各有关单位：\n\n"
                  f"　　培训报名截止时间为2025年{i + 1}月{i + 10}日。\n")
        pipeline.add_files([(f"notice{i}.txt", notice.encode())])
    assert _segment_kinds(pipeline) == ["flat"] * (bound + 2)  # the first ingest's, and one per upload
    before = pipeline.ask(question, 5)
    assert before.answer is not None and before.answer.text == "2025年3月12日"
    assert pipeline.compact()
    assert _segment_kinds(pipeline) == ["flat"] * (bound // 2 + 1)
    after = pipeline.ask(question, 5)
    assert [(h.chunk.id, round(h.score, 5)) for h in after.all_hits] == [
        (h.chunk.id, round(h.score, 5)) for h in before.all_hits]
    assert after.answer == before.answer
    assert not pipeline.compact()  # nothing more is due


def test_rows_cached_between_questions_are_those_of_the_current_version(built, tmp_path, embedder):
    settings, pipeline, _ = built
    assert pipeline.backend.cache_chunks > 0
    question = "概念验证花了多少钱？"
    first = pipeline.ask(question, 5)
    assert "近400万元" in first.hits[0].chunk.text
    uncached = QAPipeline(make_settings(settings.data_dir, read_cache_chunks=0), embedder=embedder)
    uncached.warm_up()
    try:
        for result in (pipeline.ask(question, 5), uncached.ask(question, 5)):  # from the cache, and read afresh
            assert [(h.chunk, h.score) for h in result.all_hits] == [(h.chunk, h.score) for h in first.all_hits]
            assert result.answer == first.answer
    finally:
        uncached.close()
    # A changed document gets new rows (SQLite may reuse the old ones' ids): the next question reads them.
    doc_id = first.hits[0].chunk.doc_id
    source = next(p for p in SAMPLE_CORPUS_DIR.glob("*.txt") if p.name == first.hits[0].chunk.file)
    pipeline.replace_document(doc_id, source.name, source.read_text().replace("近400万元", "近900万元").encode())
    changed = pipeline.ask(question, 5)
    assert "近900万元" in changed.hits[0].chunk.text and all("近400万元" not in h.chunk.text for h in changed.all_hits)


def test_postings_are_kept_between_questions_within_a_bound_of_rows():
    cache = RowCache(1)  # a bound of POSTING_ROWS_PER_CHUNK rows
    loads: list[list[str]] = []

    def load(terms):
        loads.append(terms)
        return {t: np.arange(sizes[t]) for t in terms}

    sizes = {"资金": 40, "补贴": 50, "万元": 30, "全部": POSTING_ROWS_PER_CHUNK + 1}
    first = cache.postings(["资金", "补贴"], load, len)
    again = cache.postings(["补贴", "资金", "万元"], load, len)
    assert loads == [["资金", "补贴"], ["万元"]]  # only the term not read before is read
    assert again["资金"] is first["资金"] and len(again["万元"]) == 30
    cache.postings(["万元", "全部"], load, len)  # larger than the whole bound: returned, never kept
    cache.postings(["全部"], load, len)
    assert loads[-2:] == [["全部"], ["全部"]]
    cache.postings(["资金"], load, len)  # 120 rows would pass the bound of 100: the cache was emptied for 万元
    assert loads[-1] == ["资金"]
    sizes.update({"一": 60, "二": 60, "三": 60})
    cache.postings(["一", "二", "三"], load, len)  # never more rows kept than the bound, within one read either
    assert cache._posting_rows <= POSTING_ROWS_PER_CHUNK


def test_hnsw_segments_agree_with_exact_search(tmp_path):
    """Recall@10 of an HNSW segment (with dead rows and a filter) against exact search on the same vectors."""
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(5000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    rows = np.arange(5000, dtype=np.int64) * 3
    facts = np.zeros((len(rows), 2))
    hnsw = Segment(tmp_path, write_segment(tmp_path, "h", rows, vectors, np.ones(len(rows)), facts, "hnsw"),
                   ef_search=128)
    flat = Segment(tmp_path, write_segment(tmp_path, "f", rows, vectors, np.ones(len(rows)), facts, "flat"),
                   ef_search=128)
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


def test_lexical_search_ranks_exactly_as_fts5_bm25(built):
    """The passages' BM25 (match-only postings, term counts from the segments: rag/index/local/bm25.py) gives
    the rows and scores of FTS5's own bm25() over a table of the same terms with sizes and positions."""
    import sqlite3

    from rag.text.lexical import tokenize

    _, pipeline, _ = built
    pipeline.remove_document(pipeline.documents()[0]["id"])  # removals must leave the counts right
    pipeline.index_paths([SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt"])
    conn = store.connect(pipeline.backend.db_path, readonly=True)
    reference = sqlite3.connect(":memory:")
    reference.execute("CREATE VIRTUAL TABLE ref USING fts5(terms, tokenize='unicode61 remove_diacritics 0')")
    stored = conn.execute("SELECT row, terms FROM chunks").fetchall()
    assert sum(store.REPEAT_MARK in terms for _, terms in stored) > 10  # terms occurring twice or more are tested
    for row, terms in stored:  # a repeat token stands for one more occurrence of its term
        reference.execute("INSERT INTO ref (rowid, terms) VALUES (?, ?)",
                          (row, " ".join(t.split(store.REPEAT_MARK)[0] for t in terms.split())))
    conn.close()
    assert reference.execute("SELECT count(*) FROM ref").fetchone()[0] == pipeline.stats().chunks
    for question in ["概念验证花了多少钱？", "科技成果转化 科技成果", "高新技术企业有多少户？", "科学技术厅 答复"]:
        terms = tokenize(question)
        with pipeline.backend.reader() as reader:
            ours = reader.lexical(terms, 15)
        theirs = reference.execute("SELECT rowid, bm25(ref) AS s FROM ref WHERE ref MATCH ? ORDER BY s, rowid LIMIT 15",
                                   [store.fts_query(terms)]).fetchall()
        assert ours and [r for r, _ in ours] == [r for r, _ in theirs], question
        assert [s for _, s in ours] == pytest.approx([s / theirs[0][1] for _, s in theirs], rel=1e-9), question


def _sentence_blobs(pipeline) -> list[bytes]:
    conn = store.connect(pipeline.backend.db_path, readonly=True)
    try:
        return [r[0] for r in conn.execute("SELECT vector FROM sentence_vectors")]
    finally:
        conn.close()


def test_sentence_vectors_are_int8_codes_with_the_cosines_of_the_float_vectors(built, embedder):
    _, pipeline, _ = built
    assert pipeline.backend.sentence_codec == "int8"
    assert {len(b) for b in _sentence_blobs(pipeline)} == {384 + 4}  # a float32 scale, a byte per dimension
    texts = ["全年支持概念验证项目146项，下达资金4,380万元。", "高新技术企业达到3,000户以上。",
             "本通知自印发之日起施行。"]
    vectors = embedder.encode_document(texts)
    query = embedder.encode_query(["概念验证花了多少钱？"])[0]
    for codec in store.SENTENCE_CODECS:
        decoded = store.unpack_sentence_vectors([store.pack_sentence_vector(v, codec) for v in vectors], codec)
        assert np.sum(decoded * vectors, axis=1).min() > 0.9995
        assert np.abs(decoded @ query - vectors @ query).max() < 1e-3


def test_an_index_of_float16_sentence_vectors_is_read_and_grown_in_its_own_codec(tmp_path, embedder):
    """Indexes created before the int8 codec record none: they keep float16, with no rebuild."""
    settings = make_settings(tmp_path / "data")
    pipeline = QAPipeline(settings, embedder=embedder)
    pipeline.index_paths([_small_corpus(tmp_path)])
    pipeline.close()
    conn = store.connect(pipeline.backend.db_path)
    with conn:  # what an older version wrote: float16 vectors, no codec key
        rows = conn.execute("SELECT text_hash, vector FROM sentence_vectors").fetchall()
        floats = store.unpack_sentence_vectors([r[1] for r in rows], "int8")
        conn.executemany("UPDATE sentence_vectors SET vector = ? WHERE text_hash = ?",
                         [(store.pack_sentence_vector(v, "float16"), r[0]) for r, v in zip(rows, floats, strict=True)])
        conn.execute("DELETE FROM meta WHERE key = 'sentence_codec'")
    conn.close()
    reopened = QAPipeline(settings, embedder=embedder)
    reopened.warm_up()
    assert reopened.backend.sentence_codec == "float16"
    reopened.add_files([("003.txt", (SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt").read_bytes())])
    assert {len(b) for b in _sentence_blobs(reopened)} == {384 * 2}
    result = reopened.ask("概念验证花了多少钱？")
    assert result.answer is not None and "近400万元" in result.answer.text
    reopened.close()


def _closed_and_changed(pipeline, sql: str) -> None:
    """Close the pipeline and run ``sql`` on its database (what another version wrote)."""
    pipeline.close()
    conn = store.connect(pipeline.backend.db_path)
    with conn:
        conn.execute(sql)
    conn.close()


def test_an_unknown_sentence_codec_is_refused_with_the_rebuild_hint(built):
    settings, pipeline, _ = built
    _closed_and_changed(pipeline, "UPDATE meta SET value = 'pq4' WHERE key = 'sentence_codec'")
    with pytest.raises(IndexCorruptError, match=r"'pq4'.*rebuild"):
        QAPipeline(settings, embedder=pipeline.embedder).warm_up()


def test_an_index_without_the_header_names_table_is_read_and_gains_it_at_its_next_write(built, embedder):
    """Indexes created before the pinyin header names (2026-12-03) have no header_names table: English questions
    naming a person still get answers, and the next write adds the table (no rebuild)."""
    settings, pipeline, _ = built
    _closed_and_changed(pipeline, "DROP TABLE header_names")
    reopened = QAPipeline(settings, embedder=embedder)
    reopened.warm_up()
    with reopened.backend.reader() as reader:
        assert reader.header_documents(["py:sunzhaoyan"], 5) == []
    assert reopened.ask("What did CPPCC member Sun Zhaoyan propose?").hits
    reopened.add_files([("003.txt", (SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt").read_bytes())])
    with reopened.backend.reader() as reader:  # 孙俊奇委员 of the document just written; 000 was written before
        assert reader.header_documents(["py:sunjunqi", "py:sunzhaoyan"], 5) == ["003"]
    reopened.remove_document("003")  # a removal deletes from the table it now has
    with reopened.backend.reader() as reader:
        assert reader.header_documents(["py:sunjunqi"], 5) == []
    reopened.close()


@pytest.mark.parametrize("stage", ["compaction-segment-written", "compaction-committed"])
def test_kill_9_mid_compaction_leaves_every_passage_once(tmp_path, embedder, stage):
    """``rag compact`` killed after writing the merged segment (before the commit that swaps it in) and after that
    commit (before the merged segments' files are removed): the index answers as before, every passage once, and the
    next start removes the files no commit registers."""
    from .test_cli import RAG, _env
    from .test_index_contract import _check_consistent, kill_when_paused

    settings = make_settings(tmp_path / "data")
    pipeline = QAPipeline(settings, embedder=embedder)
    for path in sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))[:3]:  # one commit each: three flat segments
        pipeline.index_paths([path])
    question = "概念验证花了多少钱？"
    before = pipeline.ask(question)
    chunks, manifest, documents = pipeline.stats().chunks, pipeline.manifest(), set(pipeline.backend.fingerprints())
    assert len(pipeline.backend._refresh().segments) == 3
    pipeline.close()

    kill_when_paused([RAG, "compact", "--full"], _env(settings.data_dir), stage)
    files = {p.name.split(".")[0] for p in settings.data_dir.rglob("segments/*")}
    assert len(files) == 4  # the three merged and the merged one: the kill left one side's files behind

    survivor = QAPipeline(settings, embedder=embedder)
    survivor.warm_up()  # removes the leftovers
    registered = {s.spec.name for s in survivor.backend._refresh().segments}
    assert {p.name.split(".")[0] for p in survivor.backend.segments_dir.iterdir()} == registered
    assert len(registered) == (3 if stage == "compaction-segment-written" else 1)
    _check_consistent(settings, manifest, [documents])  # every live passage once, with its vector
    assert survivor.stats().chunks == chunks
    after = survivor.ask(question)
    assert after.answer.text == before.answer.text and [h.chunk.id for h in after.hits] == [h.chunk.id for h in
                                                                                              before.hits]
    assert survivor.compact(full=True) is True and len(survivor.backend._refresh().segments) == 1
    survivor.close()
