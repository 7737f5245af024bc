"""/chat: follow-ups rewritten from history, cited replies, streaming, and the filters it shares with /ask."""

from __future__ import annotations

import json
import re

import pytest

from rag.chat import rewrite


def _chat(client, messages, **extra):
    response = client.post("/chat", json={"messages": messages, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def _converse(client, questions, top_k=3):
    messages, turns = [], []
    for question in questions:
        messages.append({"role": "user", "content": question})
        body = _chat(client, messages, top_k=top_k)
        turns.append(body)
        messages.append({"role": "assistant", "content": body["reply"]})
    return turns


def _cited(body, needle):
    """The passages that the reply cites with [n] and that contain ``needle``."""
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", body["reply"])}
    return [p for i, p in enumerate(body["passages"], 1) if i in numbers and needle in p["text"]]


def test_dialogue_concept_verification_in_english(client):
    first, second = _converse(client, ["How much was spent on concept verification?", "how many projects was that?"])
    assert first["answer"]["text"] == "近400万元" and _cited(first, "近400万元")
    assert "concept verification" in second["query"]  # the follow-up was rewritten with the topic
    assert second["answer"]["text"] in ("8个", "8个项目")
    assert _cited(second, "8个项目")


def test_dialogue_in_chinese_with_an_elliptical_follow_up(client):
    first, second = _converse(client, ["概念验证花了多少钱？", "那2022年呢？"])
    assert first["answer"]["text"] == "近400万元" and _cited(first, "近400万元")
    assert second["query"] == "2022年概念验证花了多少钱？"
    # The documents only report 2023: the honest reply is "not found", still listing the closest passages.
    assert second["no_answer"] is True and second["answer"] is None
    assert second["no_answer_reason"]["reason"] == "other_year" and "2022" in second["no_answer_reason"]["detail"]
    assert any("概念验证" in p["text"] for p in second["passages"])
    assert "未在文件中找到" in second["reply"] and "不是所问年份" in second["reply"]


def test_dialogue_unveiling_then_who_built_it(client):
    first, second = _converse(client, ["吉林大学概念验证中心是什么时候揭牌的？", "由哪些单位共建？"])
    assert first["answer"]["text"] == "2023年4月26日" and _cited(first, "2023年4月26日")
    assert "概念验证中心" in second["query"]
    assert "长春市科技局、吉林大学共建" in second["answer"]["text"]
    assert _cited(second, "长春市科技局、吉林大学共建")


def test_reply_citations_point_at_listed_passages(client):
    body = _chat(client, [{"role": "user", "content": "科学家企业家交流活动推介了多少项技术成果？"}], top_k=3)
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", body["reply"])]
    assert numbers and all(1 <= n <= len(body["passages"]) for n in numbers)
    # 000 says 235项, 001 and 003 say 247项: the disagreement is stated, each figure cited.
    figures = {body["answer"]["text"], *(c["text"] for c in body["answer"]["conflicts"])}
    assert figures == {"235项", "247项"}
    assert "235项" in body["reply"] and "247项" in body["reply"]


def test_streaming_sends_passages_then_pieces_then_done(client):
    with client.stream("POST", "/chat", json={"messages": [{"role": "user", "content": "概念验证花了多少钱？"}],
                                              "stream": True}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = "".join(response.iter_text())
    events = [(m.group(1), json.loads(m.group(2))) for m in re.finditer(r"event: (\w+)\ndata: (.*)\n\n", raw)]
    names = [name for name, _ in events]
    assert names[0] == "passages" and names[-1] == "done" and names.count("delta") >= 2
    pieces = "".join(data["text"] for name, data in events if name == "delta")
    done = events[-1][1]
    assert pieces == done["reply"] and done["answer"]["text"] == "近400万元"
    assert events[0][1]["passages"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"messages": []}, "messages"),
        ({"messages": [{"role": "assistant", "content": "hi"}]}, "last message"),
        ({"messages": [{"role": "robot", "content": "hi"}]}, "role"),
        ({"messages": [{"role": "user", "content": "   "}]}, "white space"),
        ({"messages": [{"role": "user", "content": "x" * 2001}]}, "2000"),
        ({"messages": [{"role": "user", "content": "hi"}], "stream": "yes"}, "stream"),
    ],
)
def test_bad_chat_requests_are_readable_422s(client, payload, message):
    response = client.post("/chat", json=payload)
    assert response.status_code == 422
    assert message in response.json()["message"]


def test_filters_restrict_documents_for_ask_and_chat(client):
    only_003 = {"conditions": [{"name": "doc_number", "comparison_operator": "is", "value": "吉科发成〔2024〕87号"}]}
    body = client.post("/ask", json={"question": "概念验证花了多少钱？", "filters": only_003}).json()
    assert body["passages"] and {p["doc"]["id"] for p in body["passages"]} == {"003_c810537c447ba574"}
    body = _chat(client, [{"role": "user", "content": "高新技术企业有多少户？"}],
                 filters={"logical_operator": "or", "conditions": [
                     {"name": "date", "comparison_operator": "before", "value": "2019-01-01"},
                     {"name": "title", "comparison_operator": "contains", "value": "第372号"}]})
    assert {p["doc"]["id"] for p in body["passages"]} <= {"002_f5f5194419157145", "001_472a90031f177f14"}


@pytest.mark.parametrize(
    "condition",
    [
        {"name": "colour", "comparison_operator": "is", "value": "x"},
        {"name": "date", "comparison_operator": "resembles", "value": "x"},
        {"name": "date", "comparison_operator": "before", "value": "not a date"},
        {"name": "title", "comparison_operator": "in", "value": "not a list"},
        {"name": "title", "comparison_operator": "contains"},
    ],
)
def test_bad_filters_are_422(client, condition):
    response = client.post("/ask", json={"question": "概念验证", "filters": {"conditions": [condition]}})
    assert response.status_code == 422, response.text


@pytest.mark.parametrize(
    ("question", "previous", "expected"),
    [
        ("那2022年呢？", "2023年概念验证花了多少钱？", "2022年概念验证花了多少钱？"),
        ("what about 2022?", "How much was spent on concept verification in 2023?",
         "How much was spent on concept verification in 2022?"),
        ("吉林省有多少家高新技术企业？", "概念验证花了多少钱？", "吉林省有多少家高新技术企业？"),
        ("How many high-tech enterprises does Jilin have in total?", "How much was spent on concept verification?",
         "How many high-tech enterprises does Jilin have in total?"),
    ],
)
def test_rewrite(question, previous, expected):
    assert rewrite(question, previous) == expected


def _hit(n: int, doc: str, start: int, end: int, score: float):
    from rag.chunking import Chunk
    from rag.search.retrieval import Hit

    return Hit(Chunk(id=f"{doc}#{n}", doc_id=doc, file=f"{doc}.txt", section=("一、",), char_start=start,
                     char_end=end, text="x" * (end - start)), score)


def test_sources_leave_out_overlapping_chunks_of_one_paragraph():
    """Issue 12: the widget listed four near-identical sources cut from one passage by overlapping chunks."""
    from rag.answer.extract import Answer
    from rag.chat import cited_passages
    from rag.pipeline import AskResult

    hits = [_hit(1, "a", 0, 200, 3.0), _hit(2, "a", 120, 320, 2.9), _hit(3, "a", 150, 300, 2.8),
            _hit(4, "b", 0, 200, 2.5), _hit(5, "a", 330, 500, 2.4), _hit(6, "c", 0, 100, 2.0)]
    result = AskResult(question="q", answer=None, hits=hits[:3], documents={}, all_hits=hits)
    # a#3 lies inside a#2; a#2 shares less than half of itself with a#1, so it is a source of its own.
    assert [h.chunk.id for h in cited_passages(result, 3)] == ["a#1", "a#2", "b#4"]
    assert [h.chunk.id for h in cited_passages(result, 5)] == ["a#1", "a#2", "b#4", "a#5", "c#6"]
    # The passage the answer cites is always listed, and its near-duplicate gives way to it.
    answer = Answer(text="1", kind="amount", passage_id="a#3", doc_id="a", char_start=160, char_end=161, score=1.0,
                    sentence_start=150, sentence_end=200, citations=())
    cited = AskResult(question="q", answer=answer, hits=hits[:3], documents={}, all_hits=hits)
    assert [h.chunk.id for h in cited_passages(cited, 3)] == ["a#1", "a#3", "b#4"]


def test_every_no_answer_reason_is_said_in_chinese():
    from rag.answer.span import NO_ANSWER_REASONS
    from rag.chat import _WHY_ZH

    assert set(_WHY_ZH) == set(NO_ANSWER_REASONS)
