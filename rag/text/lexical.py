"""Lexical retrieval: jieba tokens with figures kept whole, scored by BM25 (bm25s).

Figures and document numbers are cut out *before* jieba runs, so 吉科发高〔2024〕74号,
第2024W298号, 400万元, 15.36% and 2023年 survive as single tokens (plus the bare
number, so that "400万" still meets "400万元"). A domain dictionary teaches jieba
government vocabulary; the stop list drops function words only (第, 规定 and 要求
carry meaning in official text and stay).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba

from rag.documents import DOC_NUMBER_RE
from rag.text.figures import find_figures

_RESOURCES = Path(__file__).parent / "resources"
_PROPOSAL_NUMBER = re.compile(r"第\s*[A-Za-z]?\d+[A-Za-z]?\d*\s*号")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_QUALIFIER = re.compile(r"^(?:将近|接近|近|约|超过|超|逾|达到|高达|不到|不足|不少于|累计|共计|共)")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'-]*|\d+(?:\.\d+)?|[\u3400-\u9fff\uf900-\ufaff]+")

# Bump when tokenize() changes its output: indexes built with another analyser are refused (rebuild).
_ANALYZER_VERSION = 2


def analyzer_fingerprint() -> str:
    """Identifies what tokenize() produces: its version, the domain dictionary and the stop list."""
    digest = hashlib.sha256(str(_ANALYZER_VERSION).encode())
    for name in ("domain_dict.txt", "stop_words.txt"):
        digest.update((_RESOURCES / name).read_bytes())
    return digest.hexdigest()[:16]


STOP_WORDS = frozenset(
    line.strip() for line in (_RESOURCES / "stop_words.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

_jieba_lock = threading.Lock()


@lru_cache(maxsize=1)
def _segmenter() -> jieba.Tokenizer:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(_RESOURCES / "domain_dict.txt"))
    return tokenizer


@lru_cache(maxsize=1)
def _tagger():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_segmenter())


def warm_up() -> None:
    """Load jieba's dictionary and tagger now rather than in the first question (about half a second)."""
    _tagger().lcut("北京")


def words(text: str) -> list[str]:
    """jieba's words of ``text`` (accurate mode, not the search mode of the BM25 tokens)."""
    with _jieba_lock:
        return _segmenter().lcut(text)


def tagged(text: str) -> list[tuple[str, str]]:
    """jieba's words of ``text`` with their part-of-speech tags (nr: a person, nt: an organisation …)."""
    with _jieba_lock:
        return [(w, f) for w, f in _tagger().lcut(text)]


def places(text: str) -> list[str]:
    """Place names (jieba's ``ns`` tag) in Chinese text."""
    return list(_places(text))


@lru_cache(maxsize=4096)
def _places(text: str) -> tuple[str, ...]:
    """Remembered, as ``_tokens``: the answer check tags the same passages question after question."""
    if not re.search(r"[\u4e00-\u9fff]", text):
        return ()
    with _jieba_lock:
        words = _tagger().lcut(text)
    found, at = [], 0
    for word, flag in words:
        # A word right after 多少/几 or a number is a measure word that jieba may tag as a place (多少台套).
        if flag == "ns" and len(word) >= 2 and not _MEASURE_SLOT.search(text[max(0, at - 2) : at]):
            found.append(word)
        at += len(word)
    return tuple(found)


_MEASURE_SLOT = re.compile(r"(?:多少|几|\d)$")


def _protected_spans(text: str) -> list[tuple[int, int]]:
    spans = [(f.start, f.end) for f in find_figures(text)]
    spans += [m.span() for m in DOC_NUMBER_RE.finditer(text)]
    spans += [m.span() for m in _PROPOSAL_NUMBER.finditer(text)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _figure_tokens(figure: str) -> list[str]:
    """The figure as written, without its qualifier (近, 约 …), and its bare numbers."""
    compact = re.sub(r"\s+", "", figure)
    tokens = [compact]
    unqualified = _QUALIFIER.sub("", compact)
    if unqualified != compact:
        tokens.append(unqualified)
    tokens += [n for n in _NUMBER.findall(compact) if n not in tokens]
    return tokens


def tokenize(text: str) -> list[str]:
    """BM25 tokens of ``text``: protected figures, jieba words, lower-cased English words."""
    return list(_tokens(text))


# A period a question asks about (公示期到哪天结束, 申报期从何时开始) is written as its 时间 in the text
# (公示时间：8月12日至8月18日), and jieba cuts the 期 off into the next word (期到).
_PERIOD_ASKED = re.compile(r"[\u4e00-\u9fff]{2}期(?=到|至|从|自|截止|结束|开始|起止|是|为|有多|哪|几|多长)")


def question_tokens(question: str) -> list[str]:
    """BM25 tokens of a question: its ``tokenize`` tokens, and 时间 when it asks about a period."""
    tokens = tokenize(question)
    if _PERIOD_ASKED.search(question) and "时间" not in tokens:
        tokens.append("时间")
    return tokens


@lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[str, ...]:
    """Remembered: answering tokenises the sentences of the best passages, and popular passages come back
    question after question (jieba is most of the answer stage's time)."""
    tokens: list[str] = []
    cursor = 0
    segmenter = _segmenter()
    for start, end in [*_protected_spans(text), (len(text), len(text))]:
        plain = text[cursor:start]
        for run in _WORD.findall(plain):
            if run[0].isascii():
                tokens.append(run.lower())
            else:
                with _jieba_lock:
                    tokens.extend(segmenter.lcut_for_search(run, HMM=True))
        if end > start:
            tokens.extend(_figure_tokens(text[start:end]))
        cursor = end
    return tuple(t for t in tokens if t and t not in STOP_WORDS)
