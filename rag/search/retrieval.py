"""Hybrid retrieval: dense chunks + dense sentences + Chinese BM25 + the figure a question asks for.

Each signal covers a failure of the others. Whole-chunk vectors blur a single
figure among its neighbours; sentence vectors find the one sentence that holds
it (they are scored for the candidate chunks only, so a question costs the same
at any corpus size). BM25 over jieba tokens matches exact terms and figures in Chinese questions;
English questions reach it through dictionary terms (rag.text.bridge). A question that asks for an amount, a count or a
date is better served by passages that contain such a figure. Scores are mixed
with weights tuned on the dev set (``rag eval``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache

import numpy as np

from rag.chunking import Chunk
from rag.documents import DOC_NUMBER_RE, item_numbers
from rag.errors import ConfigurationError
from rag.index.base import IndexReader, SentenceRecord
from rag.index.filters import Condition, MetadataFilter
from rag.text.bridge import bridge_groups, english_names, is_english
from rag.text.figures import FigureKind, compatible, expected_kind, expected_unit, kinds_mask
from rag.text.lexical import question_tokens
from rag.text.romanise import pinyin_names, spelled_in

# Header fields that name the document's people and places (the addressee 刘某某代表, the issuer 某某镇人民政府).
_NAME_FIELDS = ("title", "issuer", "addressee", "signer", "contact")
_ADMIN_SUFFIX = re.compile(r"省|市|县|区|州|镇|乡|村|街道")
_PLACE_SUFFIXES = ("市", "县", "区", "旗", "州", "盟", "镇", "乡")


@dataclass(frozen=True)
class RetrievalSettings:
    dense_weight: float = 1.0
    sentence_weight: float = 1.0
    lexical_weight: float = 0.5
    figure_weight: float = 0.3
    header_weight: float = 0.3
    focus_weight: float = 0.5  # follow-up questions: the section the conversation is about
    candidates: int = 200
    # Best candidates (before the sentence signal) whose text and sentences are read. 60 against 100: sample
    # dev hit@1 0.823 against 0.816, dev with the varied distractors one answer fewer, varied-dev the same.
    rescored: int = 60
    english_bridge: bool = True  # English question words also search as Chinese dictionary terms
    # Share of an English question's vector taken from its bridged Chinese terms' vector (0 = off). 0.3 against
    # 0: English hit@5 0.95 / 0.89 on the sample dev set, 0.91 / 0.83 on varied-dev (retrieval alone).
    english_dense_mix: float = 0.3
    # A rescored passage whose vector has a cosine above this with a better one of another document is a near-copy
    # (the same text with other figures, a document republished), as is one whose text is that passage's with
    # other figures (``copies_last``): it follows the distinct passages, so that copies of one text do not fill the
    # top k. 1.0 keeps every passage in place. With 5,000 distractor documents (eval.distractors) sample dev hit@5
    # 0.891 with neither this nor the dense candidates' BM25, 0.912 with the vectors' rule, 0.925 with the texts'
    # too. Applied before rescoring as well, the vectors' rule cost about 3 ms a question on the copy-heavy
    # synthetic 10,000 documents.
    copy_cosine: float = 0.99

    @property
    def max_score(self) -> float:
        """The highest fused score a passage can reach (every signal at its maximum)."""
        return (self.dense_weight + self.sentence_weight + self.lexical_weight + self.figure_weight
                + self.header_weight + self.focus_weight) or 1.0

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value < 0:
                raise ConfigurationError(f"retrieval {name} must be >= 0, got {value}")
        if not 0.0 < self.copy_cosine <= 1.0:
            raise ConfigurationError(f"retrieval copy_cosine must be in (0, 1], got {self.copy_cosine}")
        if self.candidates < 1 or self.rescored < 1:
            raise ConfigurationError(f"retrieval candidates and rescored must be >= 1, got {self.candidates} and "
                                     f"{self.rescored}")


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float


@dataclass(frozen=True)
class Retrieval:
    question: str
    hits: list[Hit]
    expected: FigureKind | None
    unit: str | None
    query_tokens: list[str]
    token_weights: dict[str, float]  # idf of each query token
    focus: Chunk | None  # the passage a conversation is about, if any
    sentences: dict[str, list[SentenceRecord]]  # chunk id -> the sentences inside it, in text order
    sentence_scores: dict[int, float]  # sentence row -> cosine with the question
    query_vector: np.ndarray
    # Places an English question names in pinyin that the dictionary lacks, as candidate headers write them
    # (Menghun -> 勐混); rag.answer.context checks them as it checks the dictionary's places.
    pinyin_places: tuple[tuple[str, tuple[str, ...]], ...] = ()
    named_documents: tuple[str, ...] = ()  # documents whose header writes such a name (a deputy Liu Xiaoyan)
    # An English question's bridged terms -> the English phrase they render (money -> 资金, 金额: one phrase);
    # a Chinese question's terms are their own phrases (rag.answer.span.coverage).
    senses: dict[str, int] = field(default_factory=dict)


def _spread(values: np.ndarray) -> np.ndarray:
    """Min-max scale over the candidates, so that signals with different ranges mix fairly."""
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


def _header_text(summary: dict) -> str:
    return " ".join(summary.get(f) or "" for f in _NAME_FIELDS)


def unknown_names(reader: IndexReader, question: str, header_texts: Callable[[], dict[str, str]] | None = None
                  ) -> list[str]:
    """The names an English question writes in pinyin that the dictionary lacks, and the dictionary's places
    that no passage or header mentions (Xizhou, 溪州 in the dictionary, is 喜洲 in the index) or that no header of
    the candidates' documents (``header_texts``: document -> its header's names) writes (Liangshan, 梁山 in the
    dictionary, is 凉山州 in a table of 四川省's reply), lower case."""
    names = pinyin_names(question)
    places = english_names(question, places_only=True)
    if places:
        held = reader.mentioned([s for _, spellings in places for s in spellings])
        headers = " ".join(header_texts().values()) if header_texts else ""
        names += [key for name, spellings in places
                  if (not held.intersection(spellings) or (headers and not any(s in headers for s in spellings)))
                  and (key := name.removesuffix("'s").lower()) not in names]
    return names


def _pinyin_names(header_texts: Callable[[], dict[str, str]], names: list[str]
                  ) -> tuple[list[str], tuple[tuple[str, tuple[str, ...]], ...]]:
    """Names that an English question writes in pinyin and the dictionary lacks (deputy Liu Xiaoyan, Menghun
    Town; ``unknown_names``), found in the candidates' headers: the documents whose header writes one in
    characters (their header matches the question fully), and those names the header writes as places (勐混镇)."""
    if not names:
        return [], ()
    documents, places = [], {}
    for doc_id, header in header_texts().items():
        for name in names:
            found = spelled_in(header, name)
            if found:
                documents.append(doc_id)
            for chinese in found:
                if _ADMIN_SUFFIX.match(header, header.find(chinese) + len(chinese)):
                    places.setdefault(name.title(), {})[chinese] = None
    return documents, tuple((name, tuple(spellings)) for name, spellings in places.items())


# A question about a document's people (its contact, signer, the deputy it answers) may name one in characters.
_ABOUT_PEOPLE = re.compile(r"联系人|联系电话|电话|签发|代表|委员|提出")
_ROLE_END = re.compile(r"(?:委员|代表|同志|先生|女士)$")


def _named_people(reader: IndexReader, question: str, doc_ids: list[str]) -> list[str]:
    """The documents whose contact, signer or addressee is a person the question names in characters (联系人董宏宇的
    电话): on an archive of many replies, the header finds the one reply that no passage ranks."""
    if is_english(question) or not _ABOUT_PEOPLE.search(question) or not doc_ids:
        return []
    found = []
    for doc_id, summary in reader.summaries(doc_ids).items():
        people = (_ROLE_END.sub("", run) for f in ("contact", "signer", "addressee")
                  for run in re.findall(r"[\u4e00-\u9fff]{2,6}", summary.get(f) or ""))
        if any(2 <= len(name) <= 4 and name in question for name in people):
            found.append(doc_id)
    return found


def spelled_in_passages(reader: IndexReader, names: list[str], doc_ids: list[str], resolved: tuple
                        ) -> dict[str, list[str]]:
    """Chinese spellings, in the passages of the given documents, of the pinyin ``names`` that no header
    writes (Nangu town, Minle county: 南古镇 in a table of 民乐县's notice), by name ("Nangu")."""
    known = {name.lower() for name, _ in resolved}
    names = [n for n in names if n not in known]
    if not names or not doc_ids:
        return {}
    found: dict[str, dict[str, None]] = {}
    for doc_id in doc_ids[:_SPELLING_DOCS]:
        for chunk in reader.passages(doc_id):
            for name in names:
                for chinese in spelled_in(chunk.text, name):
                    # The index holds the place's whole word (南古镇), the tokeniser keeps it whole.
                    suffix = _ADMIN_SUFFIX.match(chunk.text, chunk.text.find(chinese) + len(chinese))
                    found.setdefault(name.title(), {}).update(
                        dict.fromkeys([chinese + suffix.group()] if suffix else [chinese]))
    return {name: list(words) for name, words in found.items()}


_SPELLING_DOCS = 2  # documents whose passages are read for a pinyin name (each read is one query)
# A passage writing a name the question gives in pinyin counts as this many header matches: it is often a bare
# table row (河田镇	3	319) that shares no other word with the question.
_SPELLED = 3.0


def _best_documents(facts: dict, dense: dict[int, float], headers: dict[str, float]) -> list[str]:
    """The candidates' documents whose header matches the question best, then whose passage is closest."""
    best: dict[str, float] = {}
    for row, fact in facts.items():
        best[fact.doc_id] = max(best.get(fact.doc_id, -1.0), dense[row])
    return sorted(best, key=lambda d: (headers.get(d, 0.0), best[d]), reverse=True)[:_SPELLING_DOCS]


_FIGURE_RUN = re.compile(r"[\d.,，、%]+")
_SIMILAR_COSINE = 0.95  # below this two passages are never copies, whatever their words
_SHARED_SHAPE = 0.6  # share of character trigrams, figures masked, that makes two similar passages copies


def _shape(text: str) -> frozenset[str]:
    """The character trigrams of a text with its figures masked: a copy with other figures has the same shape."""
    masked = _FIGURE_RUN.sub("#", text)
    return frozenset(masked[i : i + 3] for i in range(len(masked) - 2))


def copies_last(order: np.ndarray, vectors: np.ndarray, doc_ids: list[str], threshold: float, limit: int,
                texts: list[str] | None = None) -> np.ndarray:
    """``order`` (indexes into ``vectors`` and ``doc_ids``, best first) with the passages that copy a better kept
    passage of another document moved after the first ``limit`` kept ones. A copy's vector has a cosine above
    ``threshold`` with it, or (given ``texts``) above 0.95 with most of its words the same once figures are masked
    (a copy with other figures and a word changed: 加快/加速)."""
    codes: dict[str, int] = {}
    docs = np.array([codes.setdefault(d, len(codes)) for d in doc_ids], dtype=np.int64)
    kept_vectors = np.empty((min(limit, len(order)), vectors.shape[1]), dtype=np.float32)
    kept_docs = np.empty(len(kept_vectors), dtype=np.int64)
    kept: list[int] = []
    copies: list[int] = []
    shapes: dict[int, frozenset[str]] = {}

    def shape(i: int) -> frozenset[str]:
        if i not in shapes:
            shapes[i] = _shape(texts[i])
        return shapes[i]

    for position, i in enumerate(order.tolist()):
        n = len(kept)
        if n == limit:
            return np.array(kept + copies + order[position:].tolist(), dtype=order.dtype)
        cosines = kept_vectors[:n] @ vectors[i]
        other = kept_docs[:n] != docs[i]
        copy = bool(np.any((cosines > threshold) & other))
        if not copy and texts is not None:
            for k in np.flatnonzero((cosines > _SIMILAR_COSINE) & other).tolist():
                a, b = shape(i), shape(kept[k])
                if a and b and len(a & b) >= _SHARED_SHAPE * len(a | b):
                    copy = True
                    break
        if copy:
            copies.append(i)
        else:
            kept_vectors[n], kept_docs[n] = vectors[i], docs[i]
            kept.append(i)
    return np.array(kept + copies, dtype=order.dtype)


_NAMED_PASSAGES = 5  # passages of the documents a question names by number that join the candidates


def _named_filter(question: str) -> MetadataFilter | None:
    """Documents the question names by their 文号 or by the proposal number their title answers (第372号, 第0372号)."""
    numbers = [re.sub(r"\s", "", m.group()) for m in DOC_NUMBER_RE.finditer(question)]
    conditions = [Condition("doc_number", "is", n) for n in numbers]
    conditions += [Condition("title", "contains", f"第{form}号")
                   for n in sorted(item_numbers(question)) for form in dict.fromkeys((str(n), f"{n:04d}"))]
    return MetadataFilter(tuple(conditions), "or") if conditions else None


class HybridRetriever:
    def __init__(self, settings: RetrievalSettings | None = None) -> None:
        self.settings = settings or RetrievalSettings()

    def bridged_terms(self, reader: IndexReader, question: str) -> list[tuple[str, ...]]:
        """Chinese lexical terms for an English question's words (none when the bridge is off), one group of
        alternative senses per English phrase, the places it names (Chaling county -> 茶陵) included where some
        passage or header holds them."""
        if not self.settings.english_bridge:
            return []
        groups = bridge_groups(question, reader.term_weights)
        terms = {t for group in groups for t in group}
        spelled = [t for _, spellings in english_names(question, True) for t in spellings if t not in terms]
        if not spelled:
            return groups
        # The index may hold a place only with its suffix, as one word (敖汉旗 for Aohan Banner).
        found = reader.mentioned(spelled + [t + suffix for t in spelled for suffix in _PLACE_SUFFIXES])
        forms = (next((form for form in (t, *(t + x for x in _PLACE_SUFFIXES)) if form in found), None)
                 for t in spelled)
        return groups + [(form,) for form in dict.fromkeys(forms) if form is not None and form not in terms]

    def run(
        self,
        reader: IndexReader,
        question: str,
        query_vector: np.ndarray,
        top_k: int,
        where: MetadataFilter | None = None,
        focus: Chunk | None = None,
        bridged: list[tuple[str, ...]] | None = None,
        keep_copies: bool = False,
    ) -> Retrieval:
        """The ``top_k`` passages; ``focus`` (the passage a conversation was about) favours its section.
        ``bridged``: the question's bridged Chinese terms if the caller already has them (``bridged_terms``).
        ``keep_copies``: near-copies keep their places (a question that names a year or a place asks to tell
        them apart); otherwise they follow the distinct passages (``RetrievalSettings.copy_cosine``).

        Candidates are the best chunks of the dense and of the lexical search (each inside the
        filter); every signal but the sentences is computed for all of them from their vectors,
        postings and metadata. Only the ``rescored`` best of them are read whole and get the
        sentence signal: reading the text and sentences of every candidate is most of what a
        question costs on a large index. The others keep their chunk score in place of their best
        sentence's, as a chunk without sentences does, so that the scaling of the signals is unchanged.
        """
        s = self.settings
        expected = expected_kind(question)
        tokens = question_tokens(question)
        senses: dict[str, int] = {}
        if s.english_bridge:
            bridged = self.bridged_terms(reader, question) if bridged is None else bridged
            senses = {t: i for i, group in enumerate(bridged) for t in group}
            tokens += [t for t in senses if t not in tokens]
        dense = dict(reader.dense(query_vector, s.candidates, where))
        # A reply named by the number of the proposal it answers (the reply to proposal No. 372), or a notice by its
        # 文号: that document's best passages are candidates even when the question's words find other documents.
        if where is None and (named := _named_filter(question)) is not None:
            for row, score in reader.dense(query_vector, _NAMED_PASSAGES, named):
                dense.setdefault(row, score)
        lexical = dict(reader.lexical(tokens, s.candidates, where, also=list(dense)))
        facts = reader.chunk_facts(sorted(set(dense) | set(lexical)))
        rows = sorted(facts)
        missing = [r for r in rows if r not in dense]
        if missing:
            dense.update(zip(missing, (reader.chunk_vectors(missing) @ query_vector).tolist(), strict=True))

        def result(hits: list[Hit], sentences: dict, sentence_scores: dict, names: tuple = ((), ())) -> Retrieval:
            documents, places = names
            return Retrieval(question, hits, expected, expected_unit(question), tokens, reader.term_weights(tokens),
                             focus, sentences, sentence_scores, query_vector, places, tuple(documents), senses)

        if not rows:
            return result([], {}, {})
        dense_v = np.array([dense[r] for r in rows], dtype=np.float32)
        lexical_v = np.array([lexical.get(r, 0.0) for r in rows], dtype=np.float32)
        doc_ids = list(dict.fromkeys(facts[r].doc_id for r in rows))
        headers = reader.header_scores(tokens, doc_ids)
        # The candidates' headers, read once and only if a name needs them.
        header_texts = cache(lambda: {d: _header_text(v) for d, v in reader.summaries(doc_ids).items()})
        unknown = unknown_names(reader, question, header_texts) if is_english(question) else []
        names = _pinyin_names(header_texts, unknown)
        people = _named_people(reader, question, doc_ids)
        names = ([*names[0], *people], names[1])
        headers.update(dict.fromkeys(names[0], 1.0))
        # A name no header writes is looked for in the passages of the documents whose header names the question's
        # other names, else of the best candidates (Panzhou in a table of 六盘水's statistical bulletin).
        spelling_docs = names[0] or _best_documents(facts, dense, headers)
        spelled = spelled_in_passages(reader, unknown, spelling_docs, names[1])
        spelled_rows: set[int] = set()
        if spelled:  # those documents' passages that write the names join the candidates, scored on them too
            names = (names[0], names[1] + tuple((name, tuple(words)) for name, words in spelled.items()))
            terms = list(dict.fromkeys(t for words in spelled.values() for word in words
                                       for t in (word, *question_tokens(word)) if len(t) >= 2))
            tokens += [t for t in terms if t not in tokens]
            more = dict(reader.lexical(terms, s.candidates, where))
            new_facts = reader.chunk_facts(sorted(set(more) - set(facts)))
            more = {r: v for r, v in more.items() if r in facts or new_facts[r].doc_id in spelling_docs}
            spelled_rows = set(more)
            lexical = {r: lexical.get(r, 0.0) + more.get(r, 0.0) for r in set(lexical) | set(more)}
            new_rows = sorted(set(more) - set(facts))
            if new_rows:
                facts.update({r: new_facts[r] for r in new_rows})
                dense.update(zip(new_rows, (reader.chunk_vectors(new_rows) @ query_vector).tolist(), strict=True))
                rows = sorted(facts)
                dense_v = np.array([dense[r] for r in rows], dtype=np.float32)
            lexical_v = np.array([lexical.get(r, 0.0) for r in rows], dtype=np.float32)
        # A passage that writes the place the question names in pinyin (河田镇 for Hetian town) is about it, as a
        # document whose header names it is; beside its document's header, it names the place itself.
        header_v = np.array([headers.get(facts[r].doc_id, 0.0) + _SPELLED * (r in spelled_rows) for r in rows],
                            dtype=np.float32)
        wanted = kinds_mask(k for k in FigureKind if compatible(expected, k)) if expected is not None else 0
        figure_v = (np.array([facts[r].figure_kinds for r in rows], dtype=np.int64) & wanted != 0).astype(np.float32)
        combined = (
            s.dense_weight * _spread(dense_v)
            + s.lexical_weight * lexical_v
            + s.figure_weight * figure_v
            + s.header_weight * header_v
        )
        if focus is not None:
            same_doc = np.array([facts[r].doc_id == focus.doc_id for r in rows])
            same_section = same_doc & np.array([facts[r].section == focus.section for r in rows])
            combined = combined + s.focus_weight * (0.5 * same_doc + 0.5 * same_section)
        ranked = np.lexsort((np.array(rows), -(combined + s.sentence_weight * _spread(dense_v))))
        best = np.sort(ranked[:s.rescored])
        stored = reader.chunks([rows[i] for i in best])
        best = np.array([i for i in best if rows[i] in stored], dtype=np.int64)
        chunks = [stored[rows[i]].chunk for i in best]
        sentences = reader.sentences(chunks)
        records = [rec for recs in sentences.values() for rec in recs]
        cosines = (np.stack([rec.vector for rec in records]) @ query_vector).tolist() if records else []
        sentence_scores = {rec.row: cosine for rec, cosine in zip(records, cosines, strict=True)}
        sentence_v = dense_v.copy()
        for i, chunk in zip(best, chunks, strict=True):
            sentence_v[i] = max((sentence_scores[rec.row] for rec in sentences[chunk.id]), default=dense_v[i])
        combined = (combined + s.sentence_weight * _spread(sentence_v))[best]
        # Sort by score, then by row, so the same question always gives the same order.
        order = np.lexsort((np.array([rows[i] for i in best]), -combined))
        if s.copy_cosine < 1.0 and not keep_copies:
            order = copies_last(order, reader.chunk_vectors([rows[i] for i in best]), [c.doc_id for c in chunks],
                                s.copy_cosine, top_k, [c.text for c in chunks])
        order = order[:top_k]
        return result([Hit(chunks[i], float(combined[i])) for i in order], sentences, sentence_scores, names)
