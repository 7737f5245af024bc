"""Retrieval on an archive that holds near-copies: one text republished with other figures fills no top k."""

from __future__ import annotations

import numpy as np
import pytest

from rag.answer.span import evidence_first
from rag.config import SAMPLE_CORPUS_DIR
from rag.errors import ConfigurationError
from rag.pipeline import QAPipeline
from rag.search.retrieval import HybridRetriever, RetrievalSettings, copies_last

from .conftest import make_settings

# One work summary, issued every year with other figures: the same paragraphs, nearly the same vectors.
COPY = """某市科学技术局{year}年工作总结

某科发〔{year}〕{number}号

{year}年，市科学技术局围绕科技成果转化开展工作。

一、推进概念验证
围绕高校院所科研成果的技术可行性和商业前景，市科学技术局会同市财政局组织开展概念验证，委托专业机构对申报项目进行评审，全年支持概念验证项目{projects}项，下达概念验证资金{money}万元，其中{done}个项目完成验证并进入中试阶段，带动社会投资持续增长。

二、完善中试平台
新建中试平台{platforms}个，累计服务企业{firms}家次。
"""


def _vectors(*rows: list[float]) -> np.ndarray:
    vectors = np.array(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_copies_of_a_better_passage_of_another_document_follow_the_distinct_ones():
    vectors = _vectors([1, 0, 0], [1, 0.01, 0], [0, 1, 0], [1, 0.02, 0], [0, 0, 1])
    order = np.array([0, 1, 2, 3, 4])
    assert copies_last(order, vectors, ["a", "b", "c", "d", "e"], 0.99, 10).tolist() == [0, 2, 4, 1, 3]
    # the same document's near-identical passages keep their places (two rows of one table)
    assert copies_last(order, vectors, ["a", "a", "c", "a", "e"], 0.99, 10).tolist() == [0, 1, 2, 3, 4]
    # past the first ``limit`` kept passages the rest keep their order, after the copies found so far
    assert copies_last(order, vectors, ["a", "b", "c", "d", "e"], 0.99, 2).tolist() == [0, 2, 1, 3, 4]


def test_a_copy_with_other_figures_and_a_changed_word_is_found_by_its_text():
    """Vectors of such copies may fall below the cosine threshold (0.98 here); their masked text is the same."""
    vectors = _vectors([1, 0, 0], [1, 0.2, 0], [1, 0.21, 0])  # cosines 0.98 with the first
    texts = ["深化职务科技成果权属改革，试点单位扩大到98家，累计完成赋权9,075项。",
             "深化职务科技成果权属改革，试点单位增加到56家，累计完成赋权2,044项。",  # figures and a word changed
             "推行科研项目揭榜挂帅，发布榜单项目12项，兑现奖励资金1,200万元。"]  # another passage, as close
    order = np.array([0, 1, 2])
    assert copies_last(order, vectors, ["a", "b", "c"], 0.99, 10, texts).tolist() == [0, 2, 1]
    assert copies_last(order, vectors, ["a", "b", "c"], 0.99, 10).tolist() == [0, 1, 2]  # by vectors alone: kept


def test_copy_cosine_must_be_a_cosine():
    for bad in (0.0, 1.5, -0.2):
        with pytest.raises(ConfigurationError, match="copy_cosine must be"):
            RetrievalSettings(copy_cosine=bad)


# One notice, reposted by four offices: the same passages word for word.
REPOST = """转发市科学技术局关于组织申报概念验证项目的通知

各有关单位：
现将市科学技术局《关于组织申报概念验证项目的通知》转发给你们，请认真组织申报。

一、支持范围
支持高校院所与企业合作开展原理验证、样机制备和商业前景验证，优先支持拥有发明专利的项目。

二、支持标准
单个项目资助最高50万元，分两期拨付：立项后拨付60%，验收合格后拨付其余40%。

{office}
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory, embedder):
    """The sample reply on concept verification, six yearly copies of a city bureau's summary and four reposts
    of one notice."""
    tmp = tmp_path_factory.mktemp("copies")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "003.txt").write_bytes((SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt").read_bytes())
    for i, year in enumerate(range(2018, 2024)):
        (corpus / f"summary-{year}.txt").write_text(COPY.format(
            year=year, number=11 + 7 * i, projects=40 + 9 * i, money=310 + 45 * i, done=6 + i,
            platforms=3 + i, firms=120 + 31 * i), encoding="utf-8")
    for i, office in enumerate(["东城区科技局", "西城区科技局", "南湖区科技局", "北山区科技局"]):
        (corpus / f"repost-{i}.txt").write_text(REPOST.format(office=office), encoding="utf-8")
    pipeline = QAPipeline(make_settings(tmp / "data"), embedder=embedder)
    pipeline.index_paths([corpus])
    yield pipeline
    pipeline.close()


def _files(pipeline: QAPipeline, retriever: HybridRetriever, question: str) -> list[str]:
    vector = pipeline.embedder.encode_query([question])[0]
    with pipeline.backend.reader() as reader:
        hits = retriever.run(reader, question, vector, 5).hits
    return [h.chunk.file for h in hits]


def test_reposted_passages_take_one_place_and_leave_the_rest_to_other_passages(archive):
    question = "概念验证项目单个最高资助多少？"
    kept = _files(archive, HybridRetriever(RetrievalSettings(copy_cosine=1.0)), question)
    collapsed = _files(archive, HybridRetriever(RetrievalSettings()), question)
    assert len({f for f in kept if f.startswith("repost-")}) >= 3  # without the rule the reposts fill the top five
    # with it one repost stays (its other passages are no copies), and one of the yearly summaries
    assert {f for f in collapsed if f.startswith("repost-")} == {kept[0]} == {collapsed[0]}
    assert len({f for f in collapsed if f.startswith("summary-")}) <= 1
    answer = archive.ask(question).answer
    assert answer is not None and answer.text == "50万元"


@pytest.mark.parametrize("question", ["2021年概念验证项目下达了多少资金？",
                                      "How much concept verification funding was allocated in 2021?"])
def test_a_question_naming_a_year_gets_the_figure_of_that_years_copy(archive, question):
    """Yearly copies keep their places when the question names a year, and the figure of the summary of that
    year beats the next year's (which may review it) though no sentence names the year."""
    result = archive.ask(question, top_k=3)
    assert result.answer is not None and result.answer.text == "445万元"
    assert result.documents[result.answer.doc_id]["file"] == "summary-2021.txt"
    # the first passage shown is the one the answer is read from, whatever retrieval ranked first
    assert result.hits[0].chunk.id == result.answer.passage_id
    assert sorted(h.chunk.id for h in result.all_hits) == sorted(h.chunk.id for h in archive.ask(
        question, top_k=3).all_hits)


def test_the_answers_passage_comes_first_even_when_retrieval_did_not_return_it(archive):
    """A table cell may be read from a passage of the table that retrieval did not rank (it found the table's
    first rows): the passage is fetched and shown first, with its document's best score."""
    result = archive.ask("2021年概念验证项目下达了多少资金？")
    answer = result.answer
    hits = result.all_hits
    assert evidence_first(hits, None, None) == hits
    others = [h for h in hits if h.chunk.id != answer.passage_id]
    with archive.backend.reader() as reader:
        ordered = evidence_first(others, answer, reader)
    assert ordered[0].chunk == hits[0].chunk and ordered[1:] == others
    assert ordered[0].score == max((h.score for h in others if h.chunk.doc_id == answer.doc_id), default=answer.score)
    assert ordered[0].chunk.char_start <= answer.char_start < answer.char_end <= ordered[0].chunk.char_end


# Replies to four proposals of one session, on one subject: only the number in the title tells them apart.
REPLY = """对市政协十届三次会议第{number}号提案的答复

某科提函〔2025〕{doc}号

{member}委员：
您提出的《关于加快科技成果转化的提案》收悉，现答复如下。
一、概念验证
我局会同市财政局支持高校院所开展概念验证，今年安排资金{money}万元，支持项目{projects}项。
二、下一步工作
继续完善中试平台，推动更多成果在本地转化。
联系人：{contact}　0431-889062{doc}
"""


@pytest.fixture(scope="module")
def replies(tmp_path_factory, embedder):
    tmp = tmp_path_factory.mktemp("replies")
    corpus = tmp / "corpus"
    corpus.mkdir()
    people = [("0411", "王明", "周立新"), ("0412", "李华", "吴海燕"),
              ("0413", "赵雪", "郑晓东"), ("0414", "陈光", "孙宏宇")]
    for i, (number, member, contact) in enumerate(people):
        (corpus / f"reply-{'abcd'[i]}.txt").write_text(REPLY.format(
            number=number, doc=30 + i, member=member, contact=contact, money=200 + 35 * i, projects=11 + 2 * i),
            encoding="utf-8")
    pipeline = QAPipeline(make_settings(tmp / "data"), embedder=embedder)
    pipeline.index_paths([corpus])
    yield pipeline
    pipeline.close()


def test_the_reply_a_question_names_by_its_proposal_number_is_a_candidate(replies):
    """The reply whose title names the proposal the question names by number is searched on its own: its best
    passages join the candidates however many other documents the question's words find (on an archive of
    thousands they need not be among them; eval/bench_scale_results.md, session 16)."""
    from rag.search.names import named_filter

    question = "How much concept verification money did the reply to proposal No. 413 say was arranged?"
    assert {c.value for c in named_filter(question).conditions} == {"第413号", "第0413号"}
    assert named_filter("How much concept verification money was arranged?") is None

    class Searches:  # the real reader, noting the filters of its dense and lexical searches
        def __init__(self, reader):
            self.reader, self.filters, self.lexical_filters = reader, [], []

        def dense(self, vector, k, where=None):
            self.filters.append(where)
            return self.reader.dense(vector, k, where)

        def lexical(self, terms, k, where=None, also=()):
            self.lexical_filters.append(where)
            return self.reader.lexical(terms, k, where, also)

        def __getattr__(self, name):
            return getattr(self.reader, name)

    vector = replies.embedder.encode_query([question])[0]
    with replies.backend.reader() as reader:
        spy = Searches(reader)
        hits = HybridRetriever().run(spy, question, vector, 5).hits
        named = [rows for rows in (reader.dense(vector, 5, f) for f in spy.filters if f is not None)]
        # Its passages that write the question's words are candidates too, not only those closest to its vector.
        (where,) = [f for f in spy.lexical_filters if f is not None]
        words = reader.lexical(["概念", "验证"], 10, where)
        files = {c.chunk.file for c in reader.chunks([row for row, _ in words]).values()}
        # Inside a filter, the postings of the whole index are cut to its rows: the rows SQL finds with the filter.
        in_sql = {int(r) for p in reader._store.lexical_postings(["概念", "验证"], where) for r in p.levels[0]}
        assert in_sql == {row for row, _ in reader.lexical(["概念", "验证"], 1000, where)}
    assert len(named) == 1 and named[0]
    assert words and files == {"reply-c.txt"}
    assert hits[0].chunk.file == "reply-c.txt"
    answer = replies.ask(question).answer
    assert answer is not None and answer.text == "270万元"
    assert replies.ask("对第0412号提案的答复中，概念验证今年安排资金多少？").answer.text == "235万元"


def test_the_reply_to_a_member_an_english_question_names_in_pinyin_is_found_among_all_documents(replies):
    """The header names its member (陈光委员): the index holds the name in pinyin (py:chenguang), so the reply is
    searched on its own however few of its passages the question's other words would bring among the candidates."""
    from rag.search.names import spelled_filter
    from rag.text.romanise import header_pinyin_terms

    # The two and three characters before each level or role; 宏村 is read before 村 and before 镇.
    assert header_pinyin_terms("对第0413号提案的答复 赵雪委员 黟县宏村镇") == [
        "py:zhaoxue", "py:xianhong", "py:yixianhong", "py:hongcun", "py:xianhongcun"]
    question = "How much concept verification money did the reply to member Chen Guang say was arranged?"
    narrow = HybridRetriever(RetrievalSettings(candidates=1, rescored=4))  # as few candidates as a large archive
    vector = replies.embedder.encode_query([question])[0]
    with replies.backend.reader() as reader:
        (found,) = reader.header_documents(["py:chenguang", "py:nosuchname"], 5)
        assert spelled_filter(reader, question).conditions[0].value == found
        assert spelled_filter(reader, "How much concept verification money was arranged?") is None
        hits = narrow.run(reader, question, vector, 3).hits
    assert hits[0].chunk.doc_id == found and hits[0].chunk.file == "reply-d.txt"
    answer = replies.ask(question).answer
    assert answer is not None and answer.text == "305万元"


def test_the_reply_whose_contact_an_english_question_names_in_pinyin_is_found_among_all_documents(replies):
    """The sign-off's contact (联系人：郑晓东) is held in pinyin too (py:zhengxiaodong): on an archive of thousands,
    a question for that person's phone finds the reply by its header, though no passage writes the name."""
    from rag.search.names import spelled_filter
    from rag.text.romanise import person_pinyin_terms

    # The office written before the person is no name; neither is a bare surname left by a courtesy title.
    assert person_pinyin_terms("计划财务处　郑晓东　0431-88906152", "黄老师") == ["py:zhengxiaodong"]
    question = "What phone number is given for the contact person Zheng Xiaodong?"
    with replies.backend.reader() as reader:
        (found,) = reader.header_documents(["py:zhengxiaodong"], 5)
        assert spelled_filter(reader, question).conditions[0].value == found
        assert reader.summaries([found])[found]["file"] == "reply-c.txt"
    answer = replies.ask(question).answer
    assert answer is not None and answer.text == "0431-88906232"


def test_a_table_row_of_a_sub_place_joins_the_candidates_of_its_citys_documents():
    from types import SimpleNamespace

    from rag.chunking import Chunk
    from rag.index.base import ChunkFacts, StoredChunk
    from rag.search.names import place_rows

    texts = {1: "| 东城区 | 186.4 | 24.6 |\n| 宁安市 | 138.6 | 16.4 |",  # the city's own table
             2: "| 牡丹江市 | 3862.4 | 412.6 |\n| 宁安市 | 240.1 | 30.2 |",  # a province's table: no parent named
             3: "宁安市冰雪旅游收入16.4亿元。"}  # prose: found by the searches as it is
    docs = {1: "city", 2: "province", 3: "city"}
    reader = SimpleNamespace(
        lexical=lambda terms, k, where=None: [(r, 1.0) for r, t in texts.items() if any(n in t for n in terms)],
        chunk_facts=lambda rows: {r: ChunkFacts(r, docs[r], 0) for r in rows},
        chunks=lambda rows: {r: StoredChunk(r, Chunk(f"{docs[r]}:{r}", docs[r], "f", (), 0, 1, texts[r]), 0)
                             for r in rows})
    headers = {"city": "牡丹江市文化广电和旅游局 2024年工作总结", "province": "黑龙江省文化和旅游厅"}
    assert set(place_rows(reader, "2024年牡丹江市宁安市冰雪旅游收入是多少亿元？", lambda: headers, None)) == {1}
    assert place_rows(reader, "2024年宁安市冰雪旅游收入是多少亿元？", lambda: headers, None) == {}  # no parent place


def test_only_the_best_passages_of_an_english_question_are_read_back_through_the_dictionary():
    from rag.chunking import Chunk
    from rag.search.retrieval import _glossed_shares
    from rag.text.glosses import asked_words

    asked = asked_words("What share of the booth fee is subsidised?")
    texts = ["展位费补助比例为60%。", "海外仓租金补助比例为25%。", "展位费补助比例为50%。"]
    chunks = [Chunk(f"d:{i}", "d", "f", (), 0, len(t), t) for i, t in enumerate(texts)]
    shares = _glossed_shares(asked, np.array([0.9, 1.0, 0.1], dtype=np.float32), chunks, 2)
    assert shares[0] > shares[1] > 0 and shares[2] == 0.0  # the third is not among the best two
    with pytest.raises(ConfigurationError, match="glossed"):
        RetrievalSettings(glossed=-1)


def test_a_passage_is_told_from_its_neighbours_by_the_terms_its_documents_header_does_not_write():
    from rag.chunking import Chunk
    from rag.search.retrieval import _distinct_shares

    tokens = ["湖州", "生态", "环境", "公务", "接待"]
    weights = {"湖州": 7.0, "生态": 3.7, "环境": 4.0, "公务": 5.0, "接待": 6.0}
    texts = ["公务用车运行维护费31.26万元，主要用于生态环境执法。", "公务接待费5.56万元。"]
    chunks = [Chunk(f"d:{i}", "d", "f", (), 0, len(t), t) for i, t in enumerate(texts)]
    shares = _distinct_shares(tokens, {}, weights, chunks, {"d": "湖州市生态环境局2024年度部门决算 湖州市生态环境局"})
    assert shares[1] == pytest.approx(1.0) and shares[0] == pytest.approx(5.0 / 11.0)
    # Senses of one English phrase count once, with the weight of the strongest.
    shares = _distinct_shares(["接待", "招待"], {"接待": 0, "招待": 0}, {"接待": 6.0, "招待": 8.0}, chunks, {})
    assert shares.tolist() == [0.0, 1.0]


REPORT = """{crumb}　＞　政务公开　＞　政府工作报告

发布机构：{issuer}　　发布日期：2025-01-16

政府工作报告

各位代表：

　　过去一年，全{level}地区生产总值增长{growth}%；城镇、农村常住居民人均可支配收入分别达到{urban}元和{rural}元。

　　今年，全{level}将继续抓好产业发展和民生保障各项工作。
"""


def test_a_report_that_names_its_place_only_as_its_issuer_is_found_by_that_place(tmp_path, embedder):
    """A county's work report writes 全县 in its passages and its county only as its issuer (秭归县人民政府): the
    issuer's place is a header name (py:zigui), and a question naming the place looks among the few documents whose
    header writes it, in English or in Chinese; a place that many headers write (a city's bureaus) adds nothing."""
    from rag.search.names import SPELLED_DOCUMENTS, placed_documents_of_few

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    issuers = [("秭归县人民政府", "县")] + [(f"宜昌市第{i}区人民政府", "区") for i in range(SPELLED_DOCUMENTS + 1)]
    for i, (issuer, level) in enumerate(issuers):
        (corpus / f"report-{i}.txt").write_text(REPORT.format(
            crumb=issuer, issuer=issuer, level=level, growth=5 + i, urban=41236 + i, rural=19865 + i), encoding="utf-8")
    pipeline = QAPipeline(make_settings(tmp_path / "data"), embedder=embedder)
    pipeline.index_paths([corpus])
    try:
        with pipeline.backend.reader() as reader:
            for question in ("What was the per-capita disposable income of rural residents in Zigui County in 2024?",
                             "秭归县2024年农村居民人均可支配收入是多少？"):
                (found,) = placed_documents_of_few(reader, question)
                assert reader.summaries([found])[found]["file"] == "report-0.txt"
            assert placed_documents_of_few(reader, "宜昌市2024年农村居民人均可支配收入是多少？") == []
        answer = pipeline.ask("What was the per-capita disposable income of rural residents in Zigui County in 2024?")
        assert answer.answer is not None and answer.answer.text == "19865元"
        # A town the dictionary lacks that no header or passage found spells (Jiaxinglu subdistrict): no answer.
        other = pipeline.ask("What was the per-capita disposable income of rural residents in Jiaxinglu subdistrict "
                             "in 2024?")
        assert other.answer is None and other.no_answer_reason.reason == "other_place"
        assert "Jiaxinglu" in other.no_answer_reason.detail
    finally:
        pipeline.close()


def test_the_placed_documents_best_passages_are_read_whatever_their_rank(tmp_path, embedder):
    """The few passages of the documents whose header writes the place asked are rescored and read even below the
    ``rescored`` cut (a county's GDP sentence under other counties' bulletins): with one passage rescored, the
    county's report still answers."""
    from rag.search.retrieval import RetrievalSettings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    issuers = [("秭归县人民政府", "县")] + [(f"宜昌市第{i}区人民政府", "区") for i in range(7)]
    for i, (issuer, level) in enumerate(issuers[1:], start=1):
        (corpus / f"report-{i}.txt").write_text(REPORT.format(
            crumb=issuer, issuer=issuer, level=level, growth=5 + i, urban=41236 + i, rural=19865 + i), encoding="utf-8")
    # The county's own sentence is worded less like the question than the districts' are.
    (corpus / "report-0.txt").write_text(
        "秭归县人民政府　＞　政务公开\n\n发布机构：秭归县人民政府　　发布日期：2025-01-16\n\n"
        "政府工作报告\n\n各位代表：\n\n　　过去一年，全县经济运行稳中有进。\n\n"
        "　　农民钱袋子更鼓，全年农村常住居民收入人均19865元。\n", encoding="utf-8")
    pipeline = QAPipeline(make_settings(tmp_path / "data"), retrieval=RetrievalSettings(rescored=1), embedder=embedder)
    pipeline.index_paths([corpus])
    question = "What was the per-capita disposable income of rural residents in Zigui County in 2024?"
    try:
        with pipeline.backend.reader() as reader:
            bridged = pipeline.retriever.bridged_terms(reader, question)
            vector = pipeline._query_vector(question, bridged)
            hits = pipeline.retriever.run(reader, question, vector, 10, bridged=bridged).hits
        # the one rescored passage, and the county's own passages beside it
        assert len(hits) > 1 and any(h.chunk.text.endswith("19865元。") for h in hits)
        result = pipeline.ask(question)
        assert result.answer is not None and result.answer.text == "19865元"
    finally:
        pipeline.close()


NOTICE = """{issuer}关于2025年秋季学期学前教育资助标准的公告

发布机构：{issuer}　　发布日期：2025-09-01

　　全县家庭经济困难幼儿资助标准分为两档：一等每生每学期750元，二等每生每学期500元。
"""


def test_a_second_reading_of_the_placed_documents_answers_when_the_first_found_only_other_places(tmp_path,
                                                                                               embedder, monkeypatch):
    """When every passage the first reading found is about another place, the few documents whose header writes the
    place asked are read on their own; their answer stands only if its passage is about as close to the question as
    the first reading's best (``PLACED_COSINE_MARGIN``)."""
    from rag.index.filters import Condition, MetadataFilter

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report-zigui.txt").write_text(REPORT.format(crumb="秭归县人民政府", issuer="秭归县人民政府", level="县",
                                                           growth=6, urban=41236, rural=19865), encoding="utf-8")
    (corpus / "report-other.txt").write_text(REPORT.format(crumb="兴山县人民政府", issuer="兴山县人民政府", level="县",
                                                           growth=5, urban=40112, rural=18734), encoding="utf-8")
    (corpus / "notice-other.txt").write_text(NOTICE.format(issuer="屯昌县教育局"), encoding="utf-8")
    pipeline = QAPipeline(make_settings(tmp_path / "data"), embedder=embedder)
    pipeline.index_paths([corpus])
    try:
        ids = {d["file"]: d["id"] for d in pipeline.documents()}
        with pipeline.backend.reader() as reader:

            def first_reading(question: str, files: tuple[str, ...]):
                only = MetadataFilter(tuple(Condition("id", "is", ids[f]) for f in files), "or")
                vector = pipeline._query_vector(question, pipeline.retriever.bridged_terms(reader, question))
                return pipeline.retriever.run(reader, question, vector, 10, where=only)

            income = "What was the per-capita disposable income of rural residents in Zigui County in 2024?"
            found = pipeline._placed_reading(reader, first_reading(income, ("report-other.txt",)), 10, 5, [], True)
            assert found is not None and found[0].text == "19865元" and found[0].doc_id == ids["report-zigui.txt"]
            # 秭归县's report states no pre-school aid standard: its best passage is further from the question than
            # the other county's notice, and no answer stands.
            aid = "秭归县家庭经济困难幼儿一等资助标准是每生多少元？"
            assert pipeline._placed_reading(reader, first_reading(aid, ("notice-other.txt",)), 10, 5, [], True) is None
            monkeypatch.setattr("rag.pipeline.PLACED_COSINE_MARGIN", 1.0)  # it is the margin that refuses it
            assert pipeline._placed_reading(reader, first_reading(aid, ("notice-other.txt",)), 10, 5, [], True)
    finally:
        pipeline.close()
