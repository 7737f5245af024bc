"""Concurrent questions share model calls (micro-batching), and repeated questions are answered from memory."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from embeddings.base import EmbedderWrapper
from embeddings.batching import BatchingEmbedder
from rag.errors import ConfigurationError
from rag.pipeline import QAPipeline

from .conftest import make_settings

QUESTIONS = ["概念验证花了多少钱？", "How many projects were supported?", "技术经纪人培训班有多少人参加？",
             "What is the reply's document number?", "高新技术企业有多少户？", "When was the centre unveiled?",
             "种子基金的规模是多少？", "Who proposed speeding up AI innovation?"]


class CountingEmbedder(EmbedderWrapper):
    """The real embedder, counting the model calls made for questions."""

    def __init__(self, inner) -> None:
        super().__init__(inner)
        self.calls: list[int] = []
        self.threads: set[str] = set()

    def encode_query(self, texts):
        self.calls.append(len(texts))
        self.threads.add(threading.current_thread().name)
        return self.inner.encode_query(texts)


def test_concurrent_questions_share_model_calls(st_embedder):
    counting = CountingEmbedder(st_embedder)
    batching = BatchingEmbedder(counting, max_batch=16, max_wait_ms=20)
    batching.warm_up()
    results: dict[int, np.ndarray] = {}
    start = threading.Barrier(len(QUESTIONS))

    def ask(i: int) -> None:
        start.wait()
        results[i] = batching.encode_query([QUESTIONS[i]])[0]

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(QUESTIONS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counting.calls) == len(QUESTIONS) and len(counting.calls) < len(QUESTIONS)
    direct = st_embedder.encode_query(QUESTIONS)
    for i, vector in results.items():
        assert np.allclose(vector, direct[i], atol=1e-4)


class GatedEmbedder(CountingEmbedder):
    """Its first model call waits until every other question has been queued behind it."""

    def __init__(self, inner) -> None:
        super().__init__(inner)
        self.entered, self.gate = threading.Event(), threading.Event()

    def encode_query(self, texts):
        if not self.calls:
            self.entered.set()
            self.gate.wait(10)
        return super().encode_query(texts)


def test_without_a_wait_the_questions_queued_during_a_call_share_the_next(st_embedder):
    """The default (RAG_QUERY_BATCH_WAIT_MS=0): nothing waits for a second question, yet under load the questions
    that arrive while the model runs go into one call."""
    gated = GatedEmbedder(st_embedder)
    batching = BatchingEmbedder(gated, max_batch=16, max_wait_ms=0)
    batching.warm_up()
    queued, put = [], batching._queue.put
    batching._queue.put = lambda item: (queued.append(item), put(item))
    results: dict[int, np.ndarray] = {}
    first = threading.Thread(target=lambda: results.__setitem__(0, batching.encode_query([QUESTIONS[0]])[0]))
    first.start()
    assert gated.entered.wait(10)  # the first question is in its model call, alone
    rest = [threading.Thread(target=lambda i=i: results.__setitem__(i, batching.encode_query([QUESTIONS[i]])[0]))
            for i in range(1, len(QUESTIONS))]
    for t in rest:
        t.start()
    while len(queued) < len(rest):  # the worker may hold the first of them already, waiting for the model
        threading.Event().wait(0.001)
    gated.gate.set()
    for t in [first, *rest]:
        t.join()
    assert gated.calls == [1, len(rest)]
    direct = st_embedder.encode_query(QUESTIONS)
    assert all(np.allclose(results[i], direct[i], atol=1e-4) for i in range(len(QUESTIONS)))


def test_a_lone_question_is_not_kept_waiting(st_embedder):
    counting = CountingEmbedder(st_embedder)
    batching = BatchingEmbedder(counting, max_wait_ms=0)
    vectors = batching.encode_query(QUESTIONS[:2])
    assert vectors.shape == (2, 384) and np.allclose(vectors, st_embedder.encode_query(QUESTIONS[:2]), atol=1e-4)
    for _ in range(20):  # one caller's texts (an English question and its Chinese rendering) always share a call
        batching.encode_query(QUESTIONS[2:4])
    assert counting.calls == [2] * 21
    # The model idle and nobody queued: the caller's own thread encodes, without a hop to the worker and back.
    assert counting.threads == {threading.current_thread().name}
    waiting = CountingEmbedder(st_embedder)
    BatchingEmbedder(waiting, max_wait_ms=1).encode_query(QUESTIONS[:1])  # a wait asked for: the worker gathers
    assert waiting.threads == {"query-encoder"}


@pytest.mark.parametrize("options", [{"max_batch": 0}, {"max_wait_ms": -1}, {"max_wait_ms": 100}])
def test_bad_batching_options_are_refused(st_embedder, options):
    with pytest.raises(ConfigurationError):
        BatchingEmbedder(st_embedder, **options)


def test_repeated_questions_come_from_the_answer_cache_until_the_index_changes(tmp_path, embedder, sample_files):
    pipeline = QAPipeline(make_settings(tmp_path / "data"), embedder=embedder)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / sample_files[3].name).write_bytes(sample_files[3].read_bytes())
    pipeline.index_paths([corpus])
    first = pipeline.ask("概念验证花了多少钱？", 3)
    again = pipeline.ask("  概念验证花了多少钱？ ", 3)
    assert "cached" in again.timings_ms and again.answer == first.answer and again.hits == first.hits
    assert "cached" not in pipeline.ask("概念验证花了多少钱？", 4).timings_ms  # other options, other answer
    (corpus / sample_files[0].name).write_bytes(sample_files[0].read_bytes())
    pipeline.index_paths([corpus])
    assert "cached" not in pipeline.ask("概念验证花了多少钱？", 3).timings_ms
    pipeline.close()


def test_at_most_search_threads_questions_are_searched_at_once(tmp_path, embedder, sample_files):
    """Questions are encoded together, then take turns to search and answer (RAG_SEARCH_THREADS): that work holds the
    GIL, and dozens of request threads in it at once made each slower. Every question is still answered."""
    pipeline = QAPipeline(make_settings(tmp_path / "data", search_threads=2, answer_cache_size=0), embedder=embedder)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / sample_files[3].name).write_bytes(sample_files[3].read_bytes())
    pipeline.index_paths([corpus])
    active, most, lock = 0, 0, threading.Lock()
    search = pipeline.retriever.run

    def counted(*args, **kwargs):
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
        try:
            threading.Event().wait(0.02)  # long enough for the other threads to arrive
            return search(*args, **kwargs)
        finally:
            with lock:
                active -= 1

    pipeline.retriever.run = counted
    questions = ["概念验证花了多少钱？", "How much was spent on concept verification?", "孵化器有多少家？",
                 "技术合同成交额是多少？", "What is the amount of technology contracts?", "概念验证中心有几个？"]
    answers: dict[int, object] = {}
    threads = [threading.Thread(target=lambda i=i: answers.__setitem__(i, pipeline.ask(questions[i], 3)))
               for i in range(len(questions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert most == 2
    assert sorted(answers) == list(range(len(questions))) and all(a.hits for a in answers.values())
    pipeline.close()
