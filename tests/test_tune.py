"""The sensitivity sweep (eval.tune) on the sample index: the defaults row is the pipeline's own answers, a setting
that changes answers shows as won and lost, the pipeline is left as it was, and held-out splits are refused."""

from __future__ import annotations

import pytest

from eval.dataset import load_dataset
from eval.tune import load_questions, parse_setting, scaled_settings, sweep, table
from rag.config import REPO_ROOT

DEV = REPO_ROOT / "eval" / "data" / "dev.jsonl"


def test_a_sweep_starts_from_the_defaults_and_restores_them(pipeline):
    questions = load_dataset(DEV).questions[:24]
    before = (pipeline.retriever.settings, pipeline.answer_settings, [pipeline.ask(q.question, 10).answer
                                                                       for q in questions[:3]])
    # One passage read for the answer and no sentence or lexical signal: answers must move.
    outcomes = sweep(pipeline, questions, [("answer", "passages", 1), ("retrieval", "lexical_weight", 0.0),
                                           ("retrieval", "copy_cosine", 2.0)])
    assert [o.setting for o in outcomes] == ["defaults", "answer.passages=1", "retrieval.lexical_weight=0.0"]
    assert set(outcomes[0].right) == {q.id for q in questions}
    assert sum(outcomes[0].right.values()) >= 20  # the defaults answer the sample dev set well
    assert any(o.right != outcomes[0].right for o in outcomes[1:])
    assert (pipeline.retriever.settings, pipeline.answer_settings,
            [pipeline.ask(q.question, 10).answer for q in questions[:3]]) == before
    assert "_query_vector" not in vars(pipeline)
    rows = table(outcomes, questions).splitlines()
    assert rows[0].startswith("| setting | right | won | lost | en right | zh right | hit@1")
    assert rows[2].startswith(f"| defaults | {sum(outcomes[0].right.values())} / 24 | 0 | 0 |")


def test_settings_are_named_and_checked():
    assert parse_setting("answer.passages=4,5") == [("answer", "passages", 4), ("answer", "passages", 5)]
    assert parse_setting("retrieval.dense_weight=0.8") == [("retrieval", "dense_weight", 0.8)]
    for bad, says in (("ranking.dense_weight=1", "group must be one of"), ("answer.colour=1", "no numeric setting"),
                      ("answer.passages=four", "must be ints")):
        with pytest.raises(SystemExit, match=says):
            parse_setting(bad)
    scaled = scaled_settings([0.5])
    assert ("retrieval", "dense_weight", 0.5) in scaled and ("answer", "term_weight", 0.15) in scaled
    assert not any(name in ("candidates", "passages", "min_score") for _, name, _ in scaled)  # ints and zeros


def test_held_out_splits_are_never_tuned_on():
    with pytest.raises(SystemExit, match="held-out split"):
        load_questions([DEV, REPO_ROOT / "eval" / "data" / "varied-test.jsonl"])
