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

from dataclasses import asdict, dataclass, field
from functools import cache

import numpy as np

from rag.chunking import Chunk
from rag.errors import ConfigurationError
from rag.index.base import IndexReader, SentenceRecord
from rag.index.filters import MetadataFilter
from rag.search.copies import copies_last
from rag.search.names import (
    NAMED_HEADER,
    NAMED_PASSAGES,
    PLACE_ROW,
    PLACED_HEADER,
    SPELLED,
    best_documents,
    documents_filter,
    header_text,
    held_forms,
    named_filter,
    named_people,
    pinyin_header_names,
    place_rows,
    placed_documents,
    placed_documents_of_few,
    spelled_filter,
    spelled_in_passages,
    unknown_names,
    written_as_place,
)
from rag.text.asked import expected_kind
from rag.text.asked_measures import expected_unit
from rag.text.bridge import bridge_groups
from rag.text.english import is_english
from rag.text.figures import FigureKind, compatible, kinds_mask
from rag.text.glosses import asked_words, glossed_share
from rag.text.lexical import question_tokens
from rag.text.pinyin_names import english_names
from rag.text.romanise import pinyin_names, spellable


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
    # An English question's best passages (this many, after the sentence signal) gain this weight times the share
    # of its content words that their own Chinese words, read back through the dictionary, gloss
    # (rag.text.glosses.glossed_share): the bridge's senses miss words such as 硕士 (master's) or 展位 (booth).
    # 0.5 against 0: 30 dev splits hit@1 0.878 -> 0.882, answers 1,147 -> 1,151; 0.35 to 0.7 alike, the best 5 lose it.
    gloss_weight: float = 0.5
    glossed: int = 10
    # The rescored passages gain this weight times the share (by idf) of the question's terms that their document's
    # header does not write and they do (``_distinct_shares``): within a document, 湖州 and 生态环境 of the
    # 湖州市生态环境局 are in every passage's context, 公务接待 tells the one asked apart. 0.4 against 0 (35 dev
    # splits): answers 1,355 -> 1,361 (17 won, 11 lost), hit@1 1,266 -> 1,275; 0.2 +1, 0.6 +5, 0.8 +3, 1.2 -4.
    distinct_weight: float = 0.4

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
        if self.candidates < 1 or self.rescored < 1 or self.glossed < 0:
            raise ConfigurationError(f"retrieval candidates and rescored must be >= 1 and glossed >= 0, got "
                                     f"{self.candidates}, {self.rescored} and {self.glossed}")


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
    # Places an English question writes in pinyin (Pengdianzi town: "pengdianzi") that neither the candidates'
    # headers nor the passages read for them spell: no passage found is about them (rag.answer.extract abstains).
    unplaced: tuple[str, ...] = ()


def _spread(values: np.ndarray) -> np.ndarray:
    """Min-max scale over the candidates, so that signals with different ranges mix fairly."""
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


def _distinct_shares(tokens: list[str], senses: dict[str, int], weights: dict[str, float], chunks: list[Chunk],
                     headers: dict[str, str]) -> np.ndarray:
    """Of the question's terms that a passage's document header does not write (湖州, 生态环境 of 湖州市生态环境局),
    the share (by idf, a phrase's senses counted once) that the passage writes: what tells its passages apart."""
    groups: dict[object, list[str]] = {}
    for t in tokens:
        if weights.get(t, 0.0) > 0:
            groups.setdefault(senses.get(t, t), []).append(t)
    weighted = [(terms, max(weights[t] for t in terms)) for terms in groups.values()]
    every = [t for terms, _ in weighted for t in terms]
    unsaid: dict[str, tuple[list, float]] = {}  # document -> (its header's unwritten groups, their weight)
    shares = np.zeros(len(chunks), dtype=np.float32)
    for i, chunk in enumerate(chunks):
        if chunk.doc_id not in unsaid:
            header = headers.get(chunk.doc_id, "")
            rest = [(terms, w) for terms, w in weighted if not any(t in header for t in terms)]
            unsaid[chunk.doc_id] = (rest, sum(w for _, w in rest))
        rest, total = unsaid[chunk.doc_id]
        if total:
            written = {t for t in every if t in chunk.text}  # each term looked for once, not once per group
            shares[i] = sum(w for terms, w in rest if not written.isdisjoint(terms)) / total
    return shares


def _glossed_shares(asked: tuple, combined: np.ndarray, chunks: list[Chunk], n: int) -> np.ndarray:
    """``glossed_share`` of the ``n`` best passages by ``combined`` (0 for the others)."""
    shares = np.zeros_like(combined)
    for i in np.argsort(-combined, kind="stable")[:n].tolist():
        shares[i] = glossed_share(asked, chunks[i].text)
    return shares


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
        forms = held_forms(reader, spelled).values()
        return groups + [(form,) for form in dict.fromkeys(forms) if form not in terms]

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
        postings and metadata. Only the ``rescored`` best of them, and the few best passages of the
        documents the question names (at most 45: by number, by a spelled name, by the place their
        header writes), are read whole and get the sentence signal: reading the text and sentences of
        every candidate is most of what a question costs on a large index. The others keep their chunk
        score in place of their best sentence's, as a chunk without sentences does, so that the scaling
        of the signals is unchanged.
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
        # So are those of the documents whose header writes a town or person an English question spells in pinyin,
        # and of the few whose header, issuer included, writes the place asked (秭归县人民政府's 政府工作报告).
        # Their best passages by the question's words too: a statistical bulletin's GDP sentence says 全县, and the
        # bulletin's notes on method are closer to the question's vector.
        placed = placed_documents_of_few(reader, question) if where is None else []
        named_rows: list[int] = []
        if where is None:
            for named in (named_filter(question), spelled_filter(reader, question), documents_filter(placed)):
                if named is None:
                    continue
                for row, score in reader.dense(query_vector, NAMED_PASSAGES, named):
                    dense.setdefault(row, score)
                    named_rows.append(row)
                named_rows += [row for row, _ in reader.lexical(tokens, 2 * NAMED_PASSAGES, named)]
        lexical = dict(reader.lexical(tokens, s.candidates, where, also=[*dense, *named_rows]))
        facts = reader.chunk_facts(sorted(set(dense) | set(lexical)))
        rows = sorted(facts)
        missing = [r for r in rows if r not in dense]
        if missing:
            dense.update(zip(missing, (reader.chunk_vectors(missing) @ query_vector).tolist(), strict=True))

        def result(hits: list[Hit], sentences: dict, sentence_scores: dict, names: tuple = ((), ()),
                   weights: dict[str, float] | None = None, unplaced: tuple[str, ...] = ()) -> Retrieval:
            documents, places = names
            weights = reader.term_weights(tokens) if weights is None else weights
            return Retrieval(question, hits, expected, expected_unit(question), tokens, weights,
                             focus, sentences, sentence_scores, query_vector, places, tuple(documents), senses,
                             unplaced)

        if not rows:
            return result([], {}, {})
        dense_v = np.array([dense[r] for r in rows], dtype=np.float32)
        lexical_v = np.array([lexical.get(r, 0.0) for r in rows], dtype=np.float32)
        doc_ids = list(dict.fromkeys(facts[r].doc_id for r in rows))
        headers = reader.header_scores(tokens, doc_ids)
        # The candidates' headers, read once and only if a name needs them.
        header_texts = cache(lambda: {d: header_text(v) for d, v in reader.summaries(doc_ids).items()})
        unknown = unknown_names(reader, question, header_texts) if is_english(question) else []
        names = pinyin_header_names(header_texts, unknown)
        people = named_people(reader, question, doc_ids)
        names = ([*names[0], *people], names[1])
        headers.update(dict.fromkeys(names[0], NAMED_HEADER))
        # A document whose header, issuer included, writes the place asked counts as one best header match (1.0; 1.5
        # and 2.0, as for a name spelled in pinyin, won more town reports and lost more other answers on dev).
        headers.update({d: max(headers.get(d, 0.0), PLACED_HEADER) for d in placed})
        # A name no header writes is looked for in the passages of the documents whose header names the question's
        # other names, else of the best candidates (Panzhou in a table of 六盘水's statistical bulletin).
        spelling_docs = (names[0] or best_documents(facts, dense, headers, placed_documents(question, header_texts))
                         if unknown else [])
        spelled = spelled_in_passages(reader, unknown, spelling_docs, names[1])
        resolved = {name.lower() for name, _ in names[1]} | {name.lower() for name in spelled}
        unplaced = tuple(name for name in pinyin_names(question) if name not in resolved and
                         spellable(name) and written_as_place(question, name)) if unknown else ()
        more: dict[int, float] = {}
        new_facts: dict = {}
        if spelled:  # those documents' passages that write the names join the candidates, scored on them too
            names = (names[0], names[1] + tuple((name, tuple(words)) for name, words in spelled.items()))
            terms = list(dict.fromkeys(t for words in spelled.values() for word in words
                                       for t in (word, *question_tokens(word)) if len(t) >= 2))
            tokens += [t for t in terms if t not in tokens]
            more = dict(reader.lexical(terms, s.candidates, where))
            new_facts = reader.chunk_facts(sorted(set(more) - set(facts)))
            more = {r: v for r, v in more.items() if r in facts or new_facts[r].doc_id in spelling_docs}
        # A table row of a candidate document that writes the place a figure question names joins them likewise.
        rows_of_place = place_rows(reader, question, header_texts, where) if expected is not None else {}
        if rows_of_place:
            new_facts |= {r: fact for r, (_, fact) in rows_of_place.items() if r not in facts}
            more = {r: max(more.get(r, 0.0), rows_of_place[r][0] if r in rows_of_place else 0.0)
                    for r in set(more) | set(rows_of_place)}
        spelled_rows = set(more) - set(rows_of_place)
        if more:
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
        header_v = np.array([headers.get(facts[r].doc_id, 0.0) + SPELLED * (r in spelled_rows)
                             + PLACE_ROW * (r in rows_of_place) for r in rows], dtype=np.float32)
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
            sections = {r: stored.chunk.section for r, stored in
                        reader.chunks([r for r, same in zip(rows, same_doc, strict=True) if same]).items()}
            same_section = np.array([sections.get(r) == focus.section for r in rows])
            combined = combined + s.focus_weight * (0.5 * same_doc + 0.5 * same_section)
        ranked = np.lexsort((np.array(rows), -(combined + s.sentence_weight * _spread(dense_v))))
        # The named documents' best passages are read whatever their rank (a county's GDP sentence below other
        # counties' bulletins): they are few, and their sentences may answer.
        named_rows = list(dict.fromkeys(named_rows))
        named_at = np.flatnonzero(np.isin(np.array(rows), named_rows)) if named_rows else np.array([], dtype=np.int64)
        best = np.union1d(ranked[:s.rescored], named_at)
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
        weights = reader.term_weights(tokens)
        if s.distinct_weight:
            headers_of = {d: header_text(v) for d, v in reader.summaries(list({c.doc_id for c in chunks})).items()}
            combined = combined + s.distinct_weight * _distinct_shares(tokens, senses, weights, chunks, headers_of)
        if s.gloss_weight and s.glossed and (asked := asked_words(question)):
            combined = combined + s.gloss_weight * _glossed_shares(asked, combined, chunks, s.glossed)
        # Sort by score, then by row, so the same question always gives the same order.
        order = np.lexsort((np.array([rows[i] for i in best]), -combined))
        if s.copy_cosine < 1.0 and not keep_copies:
            order = copies_last(order, reader.chunk_vectors([rows[i] for i in best]), [c.doc_id for c in chunks],
                                s.copy_cosine, top_k, [c.text for c in chunks])
        order = order[:top_k]
        return result([Hit(chunks[i], float(combined[i])) for i in order], sentences, sentence_scores, names, weights,
                      unplaced)
