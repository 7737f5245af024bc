"""Which place lies in which, from the dictionary's glosses, and the place check that uses it."""

from __future__ import annotations

from types import SimpleNamespace

from rag.answer.context import place_mismatch
from rag.chunking import Chunk
from rag.text.gazetteer import lies_in


def test_a_county_lies_in_its_province_and_city_and_a_province_not_in_its_capital():
    assert lies_in("泰和", "江西") and lies_in("泰和县", "江西")
    assert lies_in("龙江", "齐齐哈尔") and lies_in("龙江", "黑龙江")
    assert lies_in("沈阳", "辽宁")  # …capital of Liaoning province
    assert not lies_in("辽宁", "沈阳")  # 辽宁 /…, capital Shenyang/
    assert not lies_in("泰和", "浙江") and not lies_in("江西", "泰和") and not lies_in("江西", "江西")


def test_a_county_document_meets_the_province_a_question_names_beside_the_county():
    chunk = Chunk("d:0", "d", "d.txt", (), 0, 30, "全县城镇居民人均可支配收入43,215元。")
    summary = {"title": "泰和县2024年国民经济和社会发展统计公报", "issuer": "泰和县统计局"}
    reader = SimpleNamespace(mentioned=lambda terms: set(terms), document=lambda doc_id: None)
    question = "What was the urban per-capita disposable income in Taihe County, Jiangxi, in 2024?"
    spelled = (("Taihe", ("泰和",)),)  # as the candidates' headers spell it (rag.search.retrieval)
    assert place_mismatch(question, chunk, summary, reader, spelled) is None
    other = "What was the urban per-capita disposable income in Taihe County, Zhejiang, in 2024?"
    assert place_mismatch(other, chunk, summary, reader, spelled) == "the passage is not about Zhejiang"


def test_a_passage_of_a_table_is_about_every_row_of_its_table_for_the_answer_step():
    text = "名额如下：\n县\t设备更新（个）\t智改数转（个）\n福清市\t36\t22\n乙安县\t12\t8\n合计\t48\t30\n"
    start = text.index("县\t")
    chunk = Chunk("d:0", "d", "d.txt", (), start, text.index("福清市") - 1, text[start : text.index("福清市") - 1])
    summary = {"title": "某某市工信局关于推荐技改项目的通知", "issuer": "某某市工信局"}
    reader = SimpleNamespace(mentioned=lambda terms: set(terms), document=lambda doc_id: SimpleNamespace(text=text))
    question = "福清市智改数转项目的推荐名额是多少个？"
    assert place_mismatch(question, chunk, summary, reader) == "the passage is not about 福清市"
    assert place_mismatch(question, chunk, summary, reader, whole_tables=True) is None
