"""Grid search of the fusion and answer weights on a question set (``python -m eval.tune QUESTIONS``).

Question vectors are computed once; each setting then costs only retrieval and answer
extraction, so hundreds of settings take a minute. It prints the best settings; the
defaults in rag/search/retrieval.py and rag/answer/extract.py are set from its output.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import replace

import numpy as np

from eval.dataset import load_dataset
from eval.metrics import passage_answers
from rag.answer.extract import AnswerExtractor, AnswerSettings
from rag.config import Settings
from rag.pipeline import QAPipeline
from rag.search.retrieval import HybridRetriever, RetrievalSettings

RETRIEVAL_GRID = {
    "dense_weight": [0.5, 1.0],
    "sentence_weight": [0.5, 1.0, 1.5],
    "lexical_weight": [0.25, 0.5, 0.75],
    "figure_weight": [0.15, 0.3, 0.5],
    "header_weight": [0.0, 0.15, 0.3],
}
ANSWER_GRID = {
    "lexical_weight": [0.0, 0.15, 0.3],
    "clause_weight": [0.5, 1.0, 1.5],
    "term_weight": [0.15, 0.3, 0.6],
    "unit_bonus": [0.05, 0.1, 0.2],
}


def _grid(base, grid: dict):
    keys = list(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        yield replace(base, **dict(zip(keys, values, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()

    dataset = load_dataset(args.questions)
    pipeline = QAPipeline(Settings())
    pipeline.warm_up()
    questions = [q for q in dataset.questions if q.answerable]
    vectors = pipeline.embedder.encode_query([q.question for q in questions])

    def retrieval_score(settings: RetrievalSettings) -> tuple[float, float, float]:
        retriever = HybridRetriever(settings)
        ranks = []
        with pipeline.backend.reader() as reader:
            for q, v in zip(questions, vectors, strict=True):
                hits = retriever.run(reader, q.question, v, 10).hits
                headers = reader.summaries([h.chunk.doc_id for h in hits])
                ranks.append(next((i + 1 for i, h in enumerate(hits)
                                   if passage_answers(q, h.chunk.doc_id, h.chunk.text, headers.get(h.chunk.doc_id))),
                                  99))
        ranks = np.array(ranks)
        en = np.array([q.lang == "en" for q in questions])
        return float(np.mean(ranks <= 1)), float(np.mean(ranks <= 5)), float(np.mean(ranks[en] <= 5))

    scored = sorted(((retrieval_score(s), s) for s in _grid(RetrievalSettings(), RETRIEVAL_GRID)),
                    key=lambda x: (-(x[0][0] + x[0][1]), -x[0][2]))
    print("retrieval (hit@1, hit@5, en hit@5):")
    for score, settings in scored[: args.top]:
        print(f"  {tuple(round(x, 3) for x in score)}  {settings}")
    best_retrieval = scored[0][1]

    retriever = HybridRetriever(best_retrieval)
    with pipeline.backend.reader() as reader:
        retrievals = [retriever.run(reader, q.question, v, 10) for q, v in zip(questions, vectors, strict=True)]
    with_answers = [(q, r) for q, r in zip(questions, retrievals, strict=True) if q.answers]

    def answer_score(settings: AnswerSettings) -> float:
        extractor = AnswerExtractor(settings)
        correct = 0
        with pipeline.backend.reader() as reader:
            for q, r in with_answers:
                answer = extractor.run(r, reader)
                correct += bool(answer and any(a in answer.text for a in q.answers))
        return correct / len(with_answers)

    answers = sorted(((answer_score(s), s) for s in _grid(AnswerSettings(), ANSWER_GRID)), key=lambda x: -x[0])
    print("answers (accuracy):")
    for score, settings in answers[: args.top]:
        print(f"  {score:.3f}  {settings}")


if __name__ == "__main__":
    main()
