"""The HTTP contract, through FastAPI's TestClient on the real pipeline."""

from __future__ import annotations

import pytest

# Two replies report the concept-verification spending: 000 (吉科发高〔2024〕74号) and 003 (吉科发成〔2024〕87号).
TARGET_DOCS = {
    "000_0bd37d7d743fadf3": ("吉科发高〔2024〕74号", ["一、关于“加速成果落地”的建议", "（二）主要成效"]),
    "003_c810537c447ba574": ("吉科发成〔2024〕87号",
                             ["二、关于“加快概念验证中心建设，促进科研人员踏出科技成果转化的‘关键一步’”的建议。"]),
}


@pytest.mark.parametrize("question", ["How much was spent on concept verification?", "概念验证花了多少钱？"])
def test_concept_verification_question_finds_the_cited_passage(client, question):
    response = client.post("/ask", json={"question": question})
    assert response.status_code == 200
    body = response.json()
    assert body["question"] == question
    top3 = body["passages"][:3]
    match = [p for p in top3 if p["doc"]["id"] in TARGET_DOCS and "近400万元" in p["text"]]
    assert match, [(p["doc"]["id"], p["text"][:40]) for p in top3]
    passage = match[0]
    doc_number, section = TARGET_DOCS[passage["doc"]["id"]]
    assert passage["doc"]["file"] == passage["doc"]["id"] + ".txt"
    assert passage["doc"]["doc_number"] == doc_number
    assert passage["section"] == section
    assert body["answer"]["text"] == "近400万元"
    assert body["answer"]["kind"] == "money"


def test_response_shape_and_offsets(client):
    body = client.post("/ask", json={"question": "概念验证花了多少钱？", "top_k": 4}).json()
    assert set(body) >= {"question", "answer", "no_answer", "passages"}
    assert len(body["passages"]) == 4
    assert body["no_answer"] is False
    scores = [p["score"] for p in body["passages"]]
    assert scores == sorted(scores, reverse=True)
    texts = {}
    for passage in body["passages"]:
        assert set(passage) >= {"id", "text", "score", "doc", "section", "char_start", "char_end"}
        assert set(passage["doc"]) >= {"id", "file", "title", "doc_number", "date"}
        doc_id = passage["doc"]["id"]
        if doc_id not in texts:
            texts[doc_id] = client.get(f"/documents/{doc_id}").json()["text"]
        assert texts[doc_id][passage["char_start"] : passage["char_end"]] == passage["text"]
    answer = body["answer"]
    assert answer["passage_id"] in {p["id"] for p in body["passages"]}
    source = client.get(f"/documents/{answer['doc_id']}").json()["text"]
    assert source[answer["char_start"] : answer["char_end"]] == answer["text"]
    assert len(answer["text"]) < 400


@pytest.mark.parametrize("question", [
    "第2024W298号委员提案的答复文号是什么，答复的是哪位委员？",
    "Which CPPCC member made proposal 2024W298, and what is the reply's document number?",
])
def test_two_header_fields_asked_together_are_two_parts_each_cited(client, question):
    """A question asking two fields of a document's header gets both, in the order it asks them, each a part with
    its own characters."""
    answer = client.post("/ask", json={"question": question}).json()["answer"]
    asked = ["吉科发高〔2024〕74号", "孙昭艳委员"]
    texts = [p["text"] for p in answer["parts"]]
    assert texts == (asked if question.startswith("第") else asked[::-1]) and answer["text"] == "；".join(texts)
    source = client.get(f"/documents/{answer['doc_id']}").json()["text"]
    assert all(source[p["char_start"] : p["char_end"]] == p["text"] for p in answer["parts"])
    assert all(p["citation"]["doc_id"] == "000_0bd37d7d743fadf3" for p in answer["parts"])


@pytest.mark.parametrize(("question", "reason", "named"), [
    ("2024年吉林省国家高新技术企业达到了多少户？", "other_year", "2024"),  # the documents give 2023's count
    ("白城市2023年兑现了多少人才政策资金？", "no_passage", "白城"),  # no sample document mentions the city
])
def test_no_answer_says_why(client, question, reason, named):
    body = client.post("/ask", json={"question": question}).json()
    assert body["no_answer"] is True and body["answer"] is None
    assert body["no_answer_reason"]["reason"] == reason and named in body["no_answer_reason"]["detail"]
    answered = client.post("/ask", json={"question": "概念验证花了多少钱？"}).json()
    assert answered["no_answer"] is False and answered["no_answer_reason"] is None


def test_no_answer_reasons_are_a_closed_set():
    from types import SimpleNamespace

    from rag.answer.constraints import why_unmet
    from rag.answer.span import NO_ANSWER_REASONS, NoAnswer, Sentence
    from rag.chunking import Chunk
    from rag.search.retrieval import Hit

    chunk = Chunk("d:1", "d", "d.txt", ("一、工作成效",), 0, 20, "全市新增高新技术企业300家。")
    best = Sentence(Hit(chunk, 1.0), 0, 0, 0, 15, chunk.text, 1.0)
    reader = SimpleNamespace(summaries=lambda ids: {"d": {"title": "某江市科技局2024年工作总结", "date": "2024-01-05",
                                                        "issuer": "某江市科技局"}},
                             mentioned=lambda terms: set(terms), document=lambda doc_id: None)
    retrieval = SimpleNamespace(sentences={}, expected=None, pinyin_places=())
    why = lambda question: why_unmet(question, best, retrieval, reader)  # noqa: E731
    assert why("2020年新增多少家高新技术企业？").reason == "other_year"
    assert why("杭州市新增多少家高新技术企业？").reason == "other_place"
    assert why("谁负责新增高新技术企业？").reason == "not_stated"
    assert why("某江市新增多少家高新技术企业？") is None
    assert {"other_year", "other_place", "not_stated", "no_passage"} <= set(NO_ANSWER_REASONS)
    with pytest.raises(ValueError, match="'maybe' is not one of no_passage, other_place"):
        NoAnswer("maybe", "")


def test_same_question_same_order(client):
    first = client.post("/ask", json={"question": "高新技术企业数量", "top_k": 10}).json()
    second = client.post("/ask", json={"question": "高新技术企业数量", "top_k": 10}).json()
    assert [p["id"] for p in first["passages"]] == [p["id"] for p in second["passages"]]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "question"),
        ({"question": ""}, "question"),
        ({"question": "   \n\t"}, "question"),
        ({"question": "x" * 2001}, "question"),
        ({"question": 42}, "question"),
        ({"question": ["a"]}, "question"),
        ({"question": "ok", "top_k": 0}, "top_k"),
        ({"question": "ok", "top_k": 51}, "top_k"),
        ({"question": "ok", "top_k": "5"}, "top_k"),
        ({"question": "ok", "top_k": 2.5}, "top_k"),
        ({"question": "ok", "topk": 3}, "topk"),
    ],
)
def test_bad_input_is_a_readable_422(client, payload, field):
    response = client.post("/ask", json=payload)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_request"
    assert field in body["message"]
    assert "Traceback" not in response.text


def test_malformed_json_is_a_422(client):
    response = client.post("/ask", content=b'{"question": ', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


def test_question_of_exactly_2000_characters_is_accepted(client):
    assert client.post("/ask", json={"question": "科" * 2000, "top_k": 1}).status_code == 200


def test_documents_listing(client):
    docs = client.get("/documents").json()
    assert len(docs) == 5
    by_file = {d["file"]: d for d in docs}
    doc = by_file["003_c810537c447ba574.txt"]
    assert doc["doc_number"] == "吉科发成〔2024〕87号"
    assert doc["date"] == "2024-05-29"
    assert doc["chunk_count"] > 5
    assert all({"id", "file", "title", "doc_number", "date", "chunk_count"} <= set(d) for d in docs)


@pytest.mark.parametrize("offset", [str(2**63), "-1", "1e3"])
def test_listing_offset_outside_sqlite_integers_is_a_422(client, offset):
    """Found by schemathesis in CI: an offset past SQLite's 64-bit integers used to be a 500."""
    response = client.get("/documents", params={"offset": offset})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", "offset"]


def test_document_detail_returns_source_text(client, sample_files):
    path = next(p for p in sample_files if p.name.startswith("001_"))
    body = client.get("/documents/001_472a90031f177f14").json()
    assert body["text"] == path.read_text(encoding="utf-8")
    assert body["title"] == "对省政协十三届二次会议第372号委员提案的答复"


def test_unknown_document_is_a_json_404(client):
    response = client.get("/documents/nope")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found" and "nope" in response.json()["message"]


def test_unknown_route_and_method_are_json(client):
    assert client.get("/nowhere").json()["error"] == "not_found"
    response = client.get("/ask")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"


def test_healthz(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["documents"] == 5 and body["chunks"] > 100


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/ask", "/documents", "/documents/{doc_id}", "/healthz"} <= set(spec["paths"])


def test_internal_errors_do_not_leak_stack_traces(client, pipeline, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret internal path /root/x.py")

    monkeypatch.setattr(pipeline, "ask", boom)
    response = client.post("/ask", json={"question": "test"})
    assert response.status_code == 500
    assert response.json() == {"error": "internal_error", "message": "internal server error; the incident was logged"}
