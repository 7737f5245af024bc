"""Which figure of the candidate sentences answers a figure question: every figure that can, scored.

A figure's score is its sentence's, the similarity of the question to its clause, the question's terms around it,
the unit and kind asked, the question's qualifiers read before it (level, year, 分别 item: rag.answer.qualifiers,
rag.answer.respective), what its clause counts (rag.answer.counted) and the label that names it in a list
(rag.answer.labels). ``FigureChooser.within_constraints`` then takes, of near ties, the first that meets the
question's year and place. rag.answer.extract decides what kind of answer a question gets; this module only
ranks figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.answer.asked_parts import (
    english_part,
    lead_english_part,
    misses_asked_part,
    names_asked_part,
    names_english_part,
    unasked_part,
    unasked_whole,
)
from rag.answer.changes import CHANGE_ASKED, change_amount
from rag.answer.constraints import unmet_constraint
from rag.answer.counted import counted_right, counted_share, counted_terms
from rag.answer.dates import asks_date_role, asks_effect, asks_monthly_day, bare_year_out_of_role, date_role
from rag.answer.document_years import without_source
from rag.answer.figure_years import figure_years, past_date
from rag.answer.labels import joined_pairs, lead_named, pairs, unasked_change
from rag.answer.parts import two_parts
from rag.answer.per_unit import asks_ratio, marked_as_asked, ratio_count, stated_ratio, total_for_rate
from rag.answer.qualifiers import alignment, figure_year_mismatch
from rag.answer.respective import respective_list, respective_match
from rag.answer.span import AnswerSettings, Ask, Sentence, clause_sides, coverage, part_terms, query_weights
from rag.answer.stated import (
    asked_years,
    band_bound,
    category_bound,
    condition_figure,
    sibling_condition,
    stated_in_question,
)
from rag.answer.totals import partition_whole, total_by_list, unasked_outcome, whole_of_outcomes
from rag.index.base import IndexReader
from rag.search.retrieval import Retrieval
from rag.text.asked_measures import unasked_measures
from rag.text.bridge import bridge_groups
from rag.text.figures import AMOUNT_KINDS, Figure, FigureKind, answers_unit, compatible, find_figures, measure_words

# A figure that opens a quoted phrase names a policy (“两个允许”, “三个一批”); it counts nothing.
_QUOTED_NAME = re.compile(r"[“「\"][^”」\"]{1,12}[”」\"]")


def _part_namer(own: list[str], senses: dict[str, int]) -> Callable[[str], set[str]]:
    """The character pairs of an English question's terms that may name a part listed after a whole, given the words
    before the whole: a phrase one of whose senses those words write names the whole, not a part by another sense
    (industry: 工业 of 规模以上工业增加值增长7.8%, not the 产业 of 其中新材料产业增长12.3%)."""
    def named(before: str) -> set[str]:
        written = {senses[t] for t in own if t in senses and t in before}
        return set().union(*(pairs(t) for t in own if t not in senses or senses[t] not in written))
    return named


# A question about a plan's figure: its target, what is planned or expected, in a later year.
_FUTURE_ASKED = re.compile(r"目标|计划|规划|力争|预计|预期|将|拟|确保|到20\d\d|十[一二三四五六]五|期间|时期|期末|五末|"
                           r"\b(?:target|goal|plan(?:s|ned|ning)?|aim(?:s|ed|ing)?|expect\w*|will|by 20\d\d|"
                           r"projected|forecast|five-year|period|to be)\b", re.I)


def _marked(question: str, sentence: str, figure: Figure) -> bool:
    """The figure is marked per every unit the question asks a rate per (rag.answer.per_unit.marked_as_asked)."""
    return marked_as_asked(question, clause_sides(sentence, figure)[0], sentence[figure.end : figure.end + 4])


def _sum(question: str, sentence: str, figure: Figure) -> bool:
    """The figure is a sum, marked per no unit, where the question asks a rate (rag.answer.per_unit.total_for_rate)."""
    return total_for_rate(question, clause_sides(sentence, figure)[0], sentence[figure.end : figure.end + 4])


def _ratio_stated(sentence: str, figure: Figure) -> bool:
    """The figure is a bare number its clause names a ratio (之比…1.94) or that is written to one (5.45∶1)."""
    return stated_ratio(clause_sides(sentence, figure)[0], figure.text, sentence[figure.end : figure.end + 4])


def _future(sentence: Sentence, figure, base: int | None) -> bool:
    """The figure's own year (到2027年…30万亩以上 in a reply of 2025) is after the document's and the next: a summary
    of 2024 with its plan for 2025 speaks of 2025 as of its present."""
    years = figure_years(sentence.text, figure.start, base)
    return base is not None and bool(years) and min(map(int, years)) > base + 1


_GROUP = re.compile(r"[一二三四五六七八九十两]+大")  # 四大主导产业: a group's name, no amount
_HOW_MUCH = re.compile(r"\bhow much\b|多少(?:资金|钱|金额|产值)|多大", re.I)


class FigureChooser:
    def __init__(self, settings: AnswerSettings) -> None:
        self.settings = settings

    def within_constraints(self, retrieval: Retrieval, scored: list[tuple], bases: dict, reader: IndexReader
                            ) -> tuple:
        """The best figure; of near ties (within ``tie_margin``), the first one whose year and place meet the
        question's (by 2018: 中试中心30个 of the 2018 reply, not a 2024 reply's figure a hair above it).
        The flag says whether the figure returned was checked and met them (so they are not read again)."""
        ranked = sorted(scored, key=lambda x: x[:3], reverse=True)
        # A figure in another unit (超过2年 for 多少人次) is no near tie of one in the unit asked for, even a first one.
        near = [x for x in ranked if x[0] >= ranked[0][0] - self.settings.tie_margin]
        unit = retrieval.unit if retrieval.unit and any(answers_unit(retrieval.unit, x[4]) for x in near) else None
        asked = set(asked_years(retrieval.question))
        for score, _, _, sentence, figure in ranked:
            if score < ranked[0][0] - self.settings.tie_margin:
                break
            if unit and not answers_unit(unit, figure):
                continue
            base = bases.get(sentence.hit.chunk.doc_id)
            own = len(asked) == 1 and figure.kind == retrieval.expected and \
                asked <= figure_years(sentence.text, figure.start, base)
            if not figure_year_mismatch(retrieval.question, sentence.text, figure.start, base) \
                    and not unmet_constraint(retrieval.question, sentence, retrieval, reader, own, figure.end):
                return sentence, figure, True
        return ranked[0][3], ranked[0][4], False

    def candidates(self, ask: Ask, sentences: list[Sentence], retrieval: Retrieval,
                    bases: dict[str, int | None]) -> list[tuple]:
        """(score, -rank, -position, sentence, figure) of every figure that can answer ``ask``."""
        counted = counted_terms(ask.question, retrieval)
        # The pairs of characters of a Chinese question; of an English one, those of the bridged terms of what it
        # counts (its scope's terms, through the companies, would name other labels).
        chinese = pairs(ask.question)
        asked = chinese or set().union(*(pairs(t) for t in counted))
        terms = self.named_terms(retrieval, ask)  # the question's (or part's) terms, once for all its figures
        named = chinese or set().union(*(pairs(t) for t in terms))
        # Of this year's funds, how much came from Changsha city level: the bridged terms of the part asked.
        part = None if chinese else english_part(ask.question)
        part_groups = bridge_groups(part, query_weights(retrieval)) if part else []
        # A question that names a measure word other than money's (多少部, how many households) is not answered
        # by an amount of money; a two-part one (投入多少资金，支持多少户) names it for one part only.
        counts_only = bool(ask.unit) and "元" not in ask.unit and two_parts(ask.question) is None
        # When in 2026: not the bare year 2026年 (of 2026年度) that the question itself writes.
        years = set(asked_years(ask.question))
        # What is the ratio of urban to rural incomes: a bare number its clause names a ratio (之比…1.94).
        ratio = ask.kind == FigureKind.PERCENT and asks_ratio(ask.question)
        changed = ratio and CHANGE_ASKED.search(ask.question) is not None  # 收入比缩小了多少: the change, 0.06
        found: list[list] = []
        qualified: dict[tuple[int, int], float] = {}  # (sentence, figure start) -> level, year, 分别 item …
        listed: dict[str, list[int]] = {}  # chunk id -> positions in found of the figures that may form lists
        for sentence in sentences:
            figures = [f for f in find_figures(sentence.text)
                       if ((compatible(ask.kind, f.kind) if ask.kind else f.kind in AMOUNT_KINDS)
                           or (ratio and _ratio_stated(sentence.text, f)))
                       and not (f.kind == FigureKind.MONEY and counts_only)
                       and (f.kind == FigureKind.DATE or not stated_in_question(ask.question, f.text))
                       and not sibling_condition(ask.question, sentence.text, f.start)
                       and not band_bound(ask.question, sentence.text, f.start, f.end)
                       and not _QUOTED_NAME.match(sentence.text, max(0, f.start - 1))
                       and not (f.kind == FigureKind.DATE and bare_year_out_of_role(ask.question, sentence.text, f))
                       and not (f.kind == FigureKind.DATE and f.text.removesuffix("年") in years)]
            at = len(found)
            base = bases.get(sentence.hit.chunk.doc_id)
            items = {f.start: respective_match(terms, sentence.text, f.start, ask.question) for f in figures}
            # The item a question names in a 分别 list (苏中、苏北地区分别为53.6%和41.5%) is not what the sentence's
            # figures outside the list are about (全省…52.4%): they count as the items it does not name.
            outside = -1.0 if any(v > 0 for v in items.values()) else 0.0
            for f in figures:  # the question's qualifiers, read once: the score and the list leads both weigh them
                listed_here = items[f.start] or (outside if outside and respective_list(sentence.text, f.start) is None
                                                 else 0.0)
                qualified[id(sentence), f.start] = alignment(
                    ask.question, sentence.text, f.start, f.end, base, sentence.hit.chunk.section) + listed_here
            # An English question's terms name a label where they meet in the sentence (运营+补助: 营补 too).
            here = named if chinese else named | joined_pairs(terms, sentence.text)
            found += [[self._figure_score(sentence, f, retrieval, ask, base, counted, terms, here,
                                          qualified[id(sentence), f.start], part_groups),
                       -sentence.rank, -sentence.start - f.start, sentence, f]
                      for f in figures]
            kind = [at + i for i, f in enumerate(figures) if f.kind == ask.kind]
            if ask.unit and any(answers_unit(ask.unit, found[i][4]) for i in kind):
                kind = [i for i in kind if answers_unit(ask.unit, found[i][4])]
            listed.setdefault(sentence.hit.chunk.id, []).extend(kind)
        # The figure the question names by its own label (中级工1,500元; …国际标准的，每项资助50万元) leads its list's
        # figures; the list itself competes with the others as before. An English question names labels through
        # the bridged terms of what it counts (in a list of one sentence) or through all its terms (clauses), and the
        # parts after 其中 through the terms of what it asks.
        every = chinese or set().union(*(pairs(t) for t in retrieval.query_tokens))
        parts_named = None
        if not chinese:  # what it asks, not the document it cites (according to the provincial …)
            parts_named = _part_namer(part_terms(without_source(ask.question), retrieval), retrieval.senses)
        for positions in listed.values():
            # (检验合格598批次 is no label's figure for how many were tested: an outcome of the whole before it)
            positions = [i for i in positions if not unasked_outcome(ask.question, found[i][3].text, found[i][4])]
            lead_named(found, positions, asked, every, ask.question,
                       lambda sentence, figure: qualified[id(sentence), figure.start], self.settings.label_margin,
                       parts_named)
            if part_groups:
                lead_english_part(found, positions, part_groups, retrieval.token_weights, self.settings.label_margin)
        if ratio and not changed:
            found = [x for x in found if _ratio_stated(x[3].text, x[4])] or found
        # 每亩赔了多少钱: not the sum 共应赔付6,083.28万元, where some money is marked per mu (每亩赔款142.8元). (A sum
        # per head is marked so: 每人共计2.4万元.)
        if ask.kind == FigureKind.MONEY and \
                any(x[4].kind == FigureKind.MONEY and _marked(ask.question, x[3].text, x[4]) for x in found):
            found = [x for x in found if not (x[4].kind == FigureKind.MONEY and _sum(ask.question, x[3].text, x[4]))]
        # How much transport subsidy: 600元, not the 不低于2,000元 of 月收入不低于2,000元的，给予… (a condition the
        # question names nothing of; 月收入标准是多少 asks the condition itself, 多少岁 asks an age).
        if ask.kind != FigureKind.DATE:
            found = [x for x in found if not category_bound(ask.question, x[3].text, x[4].start, x[4].end)] or found
            found = [x for x in found if not (condition_figure(ask.question, x[3].text, x[4].end)
                                              and not pairs(clause_sides(x[3].text, x[4])[0]) & named
                                              and not (ask.unit and answers_unit(ask.unit, x[4])))] or found
        # How many trails: 1,286个, not 482公里; how much oil was produced: 29.7万吨, not 53.8万亩.
        if unasked := unasked_measures(ask.question):
            kept = [x for x in found if not unasked & set(measure_words(x[4]))]
            found = kept if any(x[4].kind == FigureKind.COUNT for x in kept) else found
        # How many of the goods rose: a part, never the whole a partition divides (48种商品中,…上涨的17种), however
        # many of the question's words stand beside the whole.
        found = [x for x in found if not partition_whole(ask.question, x[3].text, x[4])] or found
        # How large is the area planted (no year, no target asked): what is, not what a plan sets for a later year
        # (目前…28.6万亩, not 力争到2027年…稳定在30万亩以上).
        if ask.kind != FigureKind.DATE and not years and not _FUTURE_ASKED.search(ask.question):
            present = [x for x in found if not _future(x[3], x[4], bases.get(x[3].hit.chunk.doc_id))]
            found = present or found
        # How much output: an amount, not the 四大 of 四大主导产业 (a count in words names a group, measures nothing).
        if _HOW_MUCH.search(ask.question):
            found = [x for x in found if not _GROUP.fullmatch(x[4].text)] or found
        # How many life teachers: 80名, not the 1名 of 每80名寄宿生配备1名.
        if ask.kind == FigureKind.COUNT:
            kept = [x for x in found if not ratio_count(ask.question, clause_sides(x[3].text, x[4])[0])]
            found = kept or found
        if ask.kind == FigureKind.DATE and (asks_date_role(ask.question) or asks_effect(ask.question)
                                            or asks_monthly_day(ask.question)):
            # By what date: a date in that role (8月20日前完成安装) answers; one in none (6月24日9时30分开标) does not,
            # however much better its passage ranks. From what date: the date a rule takes effect from (自…起执行).
            roles = [date_role(ask.question, x[3].text, x[4].start, x[4].end) for x in found]
            least = 0.0 if asks_date_role(ask.question) else max(roles, default=0.0)  # 施行: the date it takes effect
            if any(r > 0 for r in roles):
                found = [x for x, r in zip(found, roles, strict=True) if r >= least]
        return [tuple(x) for x in found]
    @staticmethod
    def in_unit(ask: Ask, candidates: list[tuple]) -> list[tuple]:
        if not ask.unit:
            return candidates
        return [c for c in candidates if answers_unit(ask.unit, c[4])] or candidates

    def _figure_score(self, sentence: Sentence, figure: Figure, retrieval: Retrieval, ask: Ask,
                      base: int | None, counted: dict[str, float], terms: list[str], named: set[str],
                      qualified: float, part_groups: list[tuple[str, ...]]) -> float:
        """How well a figure answers.

        Its sentence's score, the similarity of the question to the figure's clause, the question
        terms right after the figure (what it counts: 208个新产品) and before it, the unit the
        question names (多少项), an exact kind (money for a money question), how the level and
        year words before the figure meet the question's (rag.answer.qualifiers) and how much of
        what the question counts its clause names (rag.answer.counted). ``terms`` and ``named``: the question's
        index terms and their character pairs (rag.answer.labels), computed once for all its figures; ``qualified``:
        the figure's level, year and 分别-item match (rag.answer.qualifiers, rag.answer.respective); ``part_groups``:
        the bridged terms of the part an English question asks of a whole (rag.answer.asked_parts.english_part).
        """
        s = self.settings
        clause_cos = self._clause_cosine(sentence, figure, retrieval)
        left, right = clause_sides(sentence.text, figure)
        right = counted_right(right)
        covered = (2 * coverage(retrieval, right, ask.tokens) + coverage(retrieval, left, ask.tokens)) / 3
        unit = bool(ask.unit) and answers_unit(ask.unit, figure)
        exact = figure.kind == ask.kind
        # "When" is better answered by a day than by a bare year.
        precise = figure.kind == FigureKind.DATE and "月" in figure.text
        focus = retrieval.focus
        followed = focus is not None and focus.doc_id == sentence.hit.chunk.doc_id and \
            focus.char_start <= sentence.start < focus.char_end
        names_part = names_asked_part(ask.question, sentence.text, figure) or \
            (bool(part_groups) and names_english_part(part_groups, retrieval.token_weights, sentence.text, figure))
        aligned = qualified + 0.5 * names_part + \
            0.5 * total_by_list(ask.question, sentence.text, figure) - misses_asked_part(ask.question, sentence.text,
                                                                                        figure)
        past = figure.kind == FigureKind.DATE and past_date(ask.question, sentence.text, figure.start, base)
        change = unasked_change(ask.question, sentence.text, figure) - change_amount(ask.question, sentence.text,
                                                                                   figure) + \
            unasked_part(named, ask.question, sentence.text, figure) + unasked_whole(named, sentence.text, figure) + \
            unasked_outcome(ask.question, sentence.text, figure) + \
            whole_of_outcomes(ask.question, sentence.text, figure)
        return (sentence.score + s.clause_weight * clause_cos + s.term_weight * covered - s.change_penalty * change
                - s.past_penalty * past
                + s.unit_bonus * (unit or precise) + s.exact_kind_bonus * exact + s.focus_bonus * followed
                + s.align_weight * aligned
                + s.counted_weight * counted_share(retrieval, sentence.text, figure, counted))

    @staticmethod
    def named_terms(retrieval: Retrieval, ask: Ask) -> list[str]:
        """The question's (or the part's) terms that the index knows."""
        tokens = retrieval.query_tokens if ask.tokens is None else ask.tokens
        return [t for t in tokens if retrieval.token_weights.get(t, 0.0) > 0]

    def _clause_cosine(self, sentence: Sentence, figure: Figure, retrieval: Retrieval) -> float:
        """Similarity of the question to the figure's sentence (the clause's own words count through
        the term coverage of its two sides)."""
        return retrieval.sentence_scores.get(sentence.row, sentence.score)
