"""Quality gate: the evaluation runner on the dev set, in-process; a regression below the floor fails CI."""

from __future__ import annotations

import json
import os

import pytest

from eval.dataset import Question, load_dataset, load_jsonl
from eval.metrics import judge, summarise
from eval.report import compare, held_out, load_run, metrics_table, miss_class, miss_table
from eval.runner import in_process_asker, pipeline_config, run_in_processes, run_questions, save_run
from rag.config import REPO_ROOT
from rag.errors import ConfigurationError
from tests.floors import (
    FLOOR,
    FLOOR_EN,
    SUITE_BUDGET_DOCUMENTS,
    VARIED_CORPUS,
    VARIED_FLOOR,
    floored,
    index_paths,
    mode,
)

DEV_SET = REPO_ROOT / "eval" / "data" / "dev.jsonl"


def test_dev_set_is_well_formed():
    dataset = load_jsonl(DEV_SET)
    questions = dataset.questions
    assert len(questions) >= 80
    assert sum(q.lang == "en" for q in questions) / len(questions) >= 0.30
    assert sum(not q.answerable for q in questions) >= 10
    assert any("conflict" in q.note for q in questions)


def test_quality_does_not_drop_below_the_floor(pipeline, tmp_path):
    dataset = load_dataset(DEV_SET)
    judgements = run_questions(dataset, in_process_asker(pipeline), top_k=10, progress=False)
    results = save_run(judgements, tmp_path / "run", "ci", pipeline_config(pipeline))
    metrics = results["metrics"]
    print(metrics_table(metrics))
    below = {k: (metrics["all"][k], floor) for k, floor in FLOOR.items() if metrics["all"][k] < floor}
    below |= {f"en {k}": (metrics["en"][k], floor) for k, floor in FLOOR_EN.items() if metrics["en"][k] < floor}
    assert not below, f"quality below the floor (measured, floor): {below}"
    report = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "| q001 |" in report and "## Configuration" in report and "## Abstentions by reason" in report
    assert ("## Questions lost, by where" in report) == any(miss_class(q) for q in results["questions"])
    abstained = [q for q in results["questions"] if q["no_answer"]]
    assert abstained and all(q["no_answer_reason"] for q in abstained)
    assert compare(results, load_run(tmp_path / "run")).startswith("Compared with run `ci`: 0 wins, 0 losses")


def test_worker_processes_give_the_answers_of_one_process(pipeline):
    """``rag eval --workers``: each worker opens its own pipeline on the same index, with one model thread."""
    dataset = load_dataset(DEV_SET)
    dataset = type(dataset)(dataset.name, dataset.questions[:40])
    alone = run_questions(dataset, in_process_asker(pipeline), top_k=5, progress=False)
    (workers,) = run_in_processes([dataset], pipeline.settings, top_k=5, workers=2)
    assert [j.question.id for j in workers] == [q.id for q in dataset.questions]
    assert [(j.answer_text, j.rank, j.predicted_no_answer) for j in workers] == \
        [(j.answer_text, j.rank, j.predicted_no_answer) for j in alone]


def test_lost_questions_are_counted_by_where_they_were_lost():
    def q(lang, answers, rank, correct, abstained):
        return {"lang": lang, "answers": answers, "docs": ["d"] if answers else [], "rank": rank,
                "answer_correct": correct, "no_answer": abstained}

    questions = [q("en", ["5万元"], 1, True, False),  # right: not counted
                 q("en", ["5万元"], 1, False, False), q("zh", ["5万元"], 1, False, False),  # span
                 q("en", ["5万元"], 2, False, False), q("zh", ["5万元"], 7, False, False),
                 q("zh", ["5万元"], None, False, False), q("en", ["5万元"], 1, False, True),
                 q("en", [], None, None, True),  # a right abstention: not counted
                 q("zh", [], None, None, False)]
    assert [miss_class(x) for x in questions] == [None, "span", "span", "rank 2", "rank 3-10", "not found",
                                                   "false abstention", None, "false answer"]
    table = miss_table({"questions": questions})
    assert table[:4] == ["## Questions lost, by where", "", "| where | en | zh | all | meaning |",
                         "|---|---|---|---|---|"]
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ")[1:4] for line in table[4:] if line}
    assert rows == {"span": ["1", "1", "2"], "rank 2": ["1", "0", "1"], "rank 3-10": ["0", "1", "1"],
                    "not found": ["0", "1", "1"], "false abstention": ["1", "0", "1"],
                    "false answer": ["0", "1", "1"]}
    assert miss_table({"questions": questions[:1]}) == []


def test_a_test_split_compares_without_naming_the_questions_that_moved():
    def run(name, rank):
        question = {"id": "t1", "lang": "en", "question": "How much was spent?", "answers": ["5万元"],
                    "docs": ["d"], "rank": rank, "answer_correct": rank == 1, "no_answer": False}
        return {"name": name, "questions": [question], "metrics": {"all": {"hit@1": float(rank == 1)}}}

    before, after = run("before", 3), run("after", 1)
    assert "t1" in compare(after, before) and "Wins:" in compare(after, before)
    hidden = compare(after, before, per_question=False)
    assert hidden.startswith("Compared with run `before`: 1 wins, 0 losses") and "hit@1 0.000→1.000" in hidden
    assert "t1" not in hidden and "How much" not in hidden
    assert held_out("varied-test") and held_out("test") and not held_out("varied-dev") and not held_out("contest")
    assert held_out("varied-test2") and not held_out("varied-dev2")


def test_a_test_splits_report_counts_its_losses_without_listing_its_questions(tmp_path):
    question = Question(id="t1", question="How much was spent on the pilot?", answers=("5万元",), docs=("d",),
                        lang="en")
    judgement = judge(question, {"answer": {"text": "3万元"}, "passages": [], "no_answer": False}, 5.0)
    for per_question in (True, False):
        save_run([judgement], tmp_path / str(per_question), "run", {}, per_question=per_question)
        report = (tmp_path / str(per_question) / "report.md").read_text(encoding="utf-8")
        assert ("How much was spent" in report) == per_question and ("| t1 |" in report) == per_question
        assert "## Questions lost, by where" in report and "## Metrics" in report
    assert json.loads((tmp_path / "False" / "results.json").read_text())["questions"][0]["id"] == "t1"


@pytest.fixture(scope="session")
def varied_floor_metrics(varied_pipeline) -> dict[str, dict]:
    """Every floored split's metrics, asked at once by one worker process per core (``rag eval --workers``), as
    answering is one core's Python: about half the time of asking them in this process."""
    splits = floored(VARIED_FLOOR)
    datasets = [load_dataset(REPO_ROOT / "eval" / "data" / f"{split}.jsonl") for split in splits]
    workers = max(1, min(os.cpu_count() or 1, 4))
    answered = run_in_processes(datasets, varied_pipeline.settings, top_k=10, workers=workers)
    return {split: summarise(judgements) for split, judgements in zip(splits, answered, strict=True)}


@pytest.mark.parametrize("split", floored(VARIED_FLOOR))
def test_varied_corpus_quality_does_not_drop_below_the_floor(varied_floor_metrics, split):
    metrics = varied_floor_metrics[split]
    below = {k: (metrics[k], floor) for k, floor in VARIED_FLOOR[split].items() if metrics[k] < floor}
    assert not below, f"{split} quality below the floor (measured, floor): {below}"


def test_an_answer_does_not_change_with_how_many_passages_are_listed(varied_pipeline):
    """The answer step reads the same passages whatever ``top_k`` a client asks for (``AnswerSettings.pool``): these
    dev questions were answered from a table or a passage below the fifth, and lost their answers at top_k 5."""
    questions = ["闵行区2024年底有社区长者食堂多少家？", "2024年齐齐哈尔市改造老旧供热管网多少公里？",
                 "北碚区柳荫镇山洪灾害危险区影响人口是多少人？",
                 "What does Abaga Banner now pay herders per mu each year for keeping livestock numbers in balance "
                 "with the grassland?"]
    for question in questions:
        listed = [varied_pipeline.ask(question, top_k=k) for k in (1, 5, 10)]
        assert len({(r.answer.text, r.answer.passage_id) if r.answer else None for r in listed}) == 1, question
        assert listed[0].answer is not None, question
        assert [len(r.hits) for r in listed] == [1, 5, 10]


@pytest.mark.parametrize(("question", "figures", "passages"), [
    # The mu in one paragraph, the money three passages down: each figure cited to its own passage.
    ("In 2024, how many mu of black soil protection did Suihua complete, and how much central and provincial "
     "funding did it receive for black soil protection?", ["1,024万亩", "3.86亿元"], 2),
    # A table of the county figures ranks above the sentence that states both; one cell would be half the answer.
    ("How many key ice-and-snow tourism projects did Mudanjiang carry out in 2024, and what was their total "
     "investment?", ["18个", "46.8亿元"], 1),
    ("In the first half of 2025, how much typhoon safety equipment subsidy did Yangjiang pay out, and to how many "
     "fishing boats?", ["642万元", "1,286艘"], 1),
])
def test_a_two_part_question_gets_both_figures_each_cited(varied_pipeline, question, figures, passages):
    result = varied_pipeline.ask(question, top_k=5)
    parts = result.answer.parts
    assert sorted(p.text for p in parts) == sorted(figures), result.answer.text
    assert len({p.passage_id for p in parts}) == passages
    listed = [h.chunk.id for h in result.hits]
    assert all(p.passage_id in listed for p in parts)  # both passages are shown, first
    texts = {h.chunk.id: h.chunk for h in result.hits}
    assert all(p.char_start >= texts[p.passage_id].char_start and p.char_end <= texts[p.passage_id].char_end
               for p in parts)


def test_a_shorter_answer_counts_only_when_it_is_no_part_of_another_number():
    def correct(answer: str, accepted: str) -> bool:
        question = Question("q", "How much?", "en", (accepted,), ("d",))
        return judge(question, {"answer": {"text": answer}, "passages": []}, 0.0).answer_correct

    assert correct("236.8", "236.8万元") and correct("近400万元", "400万元")
    assert not correct("600元", "2,600元") and not correct("26", "6.26万人次") and not correct("400", "1400")
    assert correct("补助资金60万元", "60万元") and not correct("共113.60万元", "60万元")


def test_beir_folder_is_read(tmp_path):
    folder = tmp_path / "beir"
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(json.dumps({"_id": "d1", "title": "t", "text": "概念验证"}) + "\n")
    (folder / "queries.jsonl").write_text(json.dumps({"_id": "q1", "text": "概念验证是什么"}) + "\n"
                                          + json.dumps({"_id": "q2", "text": "unjudged"}) + "\n")
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\n")
    dataset = load_dataset(folder)
    assert [q.id for q in dataset.questions] == ["q1"]
    assert dataset.questions[0].docs == ("d1",) and dataset.questions[0].lang == "zh"
    assert dataset.beir_corpus["d1"]["text"] == "概念验证"


def test_compare_finds_each_sets_earlier_run_or_none(tmp_path):
    from eval.report import earlier_run

    (tmp_path / "run" / "dev").mkdir(parents=True)
    (tmp_path / "run" / "dev" / "results.json").write_text("{}", encoding="utf-8")
    assert earlier_run(str(tmp_path / "run"), "dev", several=True) == tmp_path / "run" / "dev" / "results.json"
    assert earlier_run(str(tmp_path / "run"), "varied-dev2", several=True) is None  # a set the run did not have
    assert earlier_run(str(tmp_path / "run" / "dev"), "dev", several=False) == tmp_path / "run" / "dev" / "results.json"


@pytest.mark.parametrize(("question", "answer"), [
    # The dictionary's bare 于都 is no term of the index, which keeps 于都县 whole: the county is still mentioned.
    ("How many rural passenger bus routes does Yudu County have?", "61"),
    # A town the dictionary lacks, named by the question's first word, is found in pinyin in its report's header.
    ("Haomen Town's 2025 target for tourist visits?", "60万人次"),
])
def test_a_place_named_in_pinyin_is_found_as_the_index_holds_it(varied_pipeline, question, answer):
    result = varied_pipeline.ask(question, top_k=5)
    assert result.answer is not None and answer in result.answer.text, result.no_answer_reason


def test_the_suite_floors_every_held_out_set_within_its_document_budget(monkeypatch):
    """`make test` indexes only the documents of the sets it floors; `make quality` (RAG_TEST_FLOORS=all) every set."""
    monkeypatch.setenv("RAG_TEST_FLOORS", "suite")
    sets = floored(VARIED_FLOOR)
    assert {s for s in VARIED_FLOOR if held_out(s)} <= set(sets) < set(VARIED_FLOOR)
    paths = index_paths(VARIED_FLOOR)
    assert all(p.is_file() for p in paths) and len(paths) <= SUITE_BUDGET_DOCUMENTS
    monkeypatch.setenv("RAG_TEST_FLOORS", "all")
    assert floored(VARIED_FLOOR) == sorted(VARIED_FLOOR) and index_paths(VARIED_FLOOR) == [VARIED_CORPUS]
    monkeypatch.setenv("RAG_TEST_FLOORS", "most")
    with pytest.raises(ConfigurationError, match="suite, all, got 'most'"):
        mode()
