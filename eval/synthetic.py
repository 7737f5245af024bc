"""Synthetic official documents of the sample corpus's genre, for the scale benchmark (eval.bench_scale).

A synthetic document is one of the five sample replies moved to another province, year and
person: every figure (amounts, counts, percentages, phone numbers), year and date, 文号,
proposal number, session (十三届二次会议), person name and place is changed. Its sections are
shuffled and renumbered, one may be dropped or borrowed from another sample, about a fifth of
its paragraphs are left out, and common words are swapped for synonyms, so that documents are
not near-duplicates and few of their sentences repeat (the index embeds a repeated text once,
which would flatter the ingest figures).

Document ``i`` of a seed is always the same text, whatever ``n``: ``syn-{i:06d}.txt``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eval.synthetic_names import (
    GIVEN_CHARS,
    PROVINCES,
    SOURCE_ABBREVIATION,
    SOURCE_CAPITAL,
    SOURCE_CITIES,
    SOURCE_COUNTIES,
    SOURCE_PROVINCE,
    SURNAMES,
    SYNONYMS,
)
from rag.config import SAMPLE_CORPUS_DIR
from rag.documents import BLANK, parse_document
from rag.documents.headings import heading_level

_NUMERALS = "一二三四五六七八九十"
_TOP_NUMBER = re.compile(rf"^([#{BLANK}]*)[{_NUMERALS}]+、")
# Paragraphs that close a letter rather than answer a point: thanks, contact persons.
_CLOSING = re.compile(rf"^[{BLANK}]*(?:感谢|诚恳|此复|联系人|[\u4e00-\u9fff]{{2,3}}[{BLANK}]+0\d{{2,3}}-\d)")
_CONTACT = re.compile(rf"([\u4e00-\u9fff]{{2,3}})[{BLANK}]+0\d{{2,3}}-\d{{7,8}}")
_YEAR = r"(?:19|20)\d{2}"
_FIGURES = re.compile(
    rf"(?P<issuer>[\u4e00-\u9fff]{{1,12}})(?P<open>[〔\[［(（【]\s*)(?P<wy>{_YEAR})"
    rf"(?P<close>\s*[〕\]］)）】]\s*第?\s*)(?P<wn>\d{{1,5}})(?=\s*号)"  # 吉科发高〔2024〕74号
    rf"|第(?P<py>{_YEAR})?(?P<pw>W?)(?P<pn>\d{{1,5}})(?=号)"  # proposal 第2024W298号, 第372号, 第W10号
    rf"|(?P<dy>{_YEAR})(?P<dys>\s*年\s*)(?P<dm>\d{{1,2}})(?P<dms>\s*月\s*)(?P<dd>\d{{1,2}})(?=\s*日)"
    rf"|(?P<my>{_YEAR})(?P<mys>\s*年\s*)(?P<mm>\d{{1,2}})(?=\s*月)"
    r"|(?<![\d.])(?P<om>\d{1,2})(?P<oms>\s*月\s*)(?P<od>\d{1,2})(?=\s*日)"
    rf"|(?<![\d.])(?P<year>{_YEAR})(?![\d.])"
    r"|(?<![\d.])(?P<month>\d{1,2})(?=\s*月)"
    r"|(?<![\d.])(?P<day>\d{1,2})(?=\s*日)"
    rf"|(?P<jie>[{_NUMERALS}]{{1,3}})(?=届)"
    rf"|(?P<ci>[{_NUMERALS}])(?=次会议)"
    r"|(?P<number>\d+(?:\.\d+)?)"
)
_SYNONYM_OF = {word: group for group in SYNONYMS for word in group}
_SYNONYM_RE = re.compile("|".join(sorted(_SYNONYM_OF, key=len, reverse=True)))
_PLACE_RE = re.compile("|".join(sorted({f"{SOURCE_PROVINCE}省", *SOURCE_CITIES, *SOURCE_COUNTIES, SOURCE_CAPITAL,
                                        SOURCE_PROVINCE, SOURCE_ABBREVIATION}, key=len, reverse=True)))
_DEPARTMENTS = "高政计成农基外人资规"
# Enumerations (新能源、新装备、新材料、新农业): their inner items are shuffled. The first and the last
# item are kept in place, as the pattern cannot tell where they begin or end.
_ENUMERATION = re.compile(r"(?:[^\s、，。；：！？（）《》“”]{1,10}、){3,}[^\s、，。；：！？（）《》“”]{1,10}")


@dataclass(frozen=True)
class _Source:
    head: tuple[str, ...]  # lines before the first section: header, addressee, opening paragraphs
    sections: tuple[tuple[str, ...], ...]  # each starts with its heading line (一、… or 关于…的建议)
    tail: tuple[str, ...]  # closing paragraphs and the signature block
    names: tuple[str, ...]  # the persons it names (addressee, contacts)


def _is_top_heading(line: str) -> bool:
    found = heading_level(line.strip(BLANK))
    return found is not None and found[0] == 1


def _paragraphs(lines: tuple[str, ...] | list[str]) -> list[list[str]]:
    """Lines grouped as paragraphs: a text line with the blank lines after it."""
    groups: list[list[str]] = []
    for line in lines:
        if line.strip(BLANK) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _split(path: Path) -> _Source:
    text = path.read_text(encoding="utf-8")
    doc = parse_document(text, path.name)
    body = text[doc.body_start : doc.body_end].split("\n")
    starts = [i for i, line in enumerate(body) if _is_top_heading(line)]
    sections = [body[a:b] for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]
    closing: list[str] = []
    if sections:
        last = _paragraphs(sections[-1])
        while len(last) > 1 and _CLOSING.match(last[-1][0]):
            closing[:0] = last.pop()
        sections[-1] = [line for paragraph in last for line in paragraph]
    head = text[: doc.body_start].split("\n")[:-1] + body[: starts[0] if starts else len(body)]
    tail = closing + text[doc.body_end :].split("\n")
    addressee = re.sub(r"(委员|代表)$", "", doc.header.addressee or "")
    names = tuple(dict.fromkeys(n for n in (addressee, *_CONTACT.findall(text)) if n))
    return _Source(tuple(head), tuple(map(tuple, sections)), tuple(tail), names)


@cache
def _sources() -> tuple[_Source, ...]:
    return tuple(_split(p) for p in sorted(SAMPLE_CORPUS_DIR.glob("*.txt")))


def thin(section: tuple[str, ...], rng: random.Random) -> list[str]:
    """The section without about a fifth of its paragraphs (headings always stay, and one paragraph)."""
    paragraphs = _paragraphs(section)
    kept = [p for p in paragraphs if heading_level(p[0].strip(BLANK)) or rng.random() >= 0.2]
    if all(heading_level(p[0].strip(BLANK)) for p in kept):
        kept = paragraphs
    return [line for paragraph in kept for line in paragraph]


def _renumber(lines: list[str]) -> list[str]:
    out, count = [], 0
    for line in lines:
        match = _TOP_NUMBER.match(line)
        if match and _is_top_heading(line):
            line = f"{match.group(1)}{_chinese_number(count + 1)}、{line[match.end():]}"
            count += 1
        out.append(line)
    return out


def _chinese_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else "十" if tens == 1 else _NUMERALS[tens - 1] + "十") + (
        _NUMERALS[ones - 1] if ones else "")


class Rewriter:
    """Changes the places, persons, figures and wording of one document, consistently within it."""

    def __init__(self, rng: random.Random, names: tuple[str, ...]) -> None:
        self.rng = rng
        self.province = rng.choice(PROVINCES)
        self.year_shift = rng.choice([s for s in range(-9, 2) if s])
        self.cities, self.counties = list(self.province.cities), list(self.province.counties)
        rng.shuffle(self.cities)
        rng.shuffle(self.counties)
        self.memo: dict[tuple[str, object], object] = {}
        self._names_re = re.compile("|".join(sorted(names, key=len, reverse=True))) if names else None

    def rewrite(self, text: str) -> str:
        text = _ENUMERATION.sub(self._shuffle, text)
        text = _SYNONYM_RE.sub(lambda m: self.rng.choice(_SYNONYM_OF[m.group()]), text)
        text = _PLACE_RE.sub(lambda m: self._place(m.group()), text)
        if self._names_re is not None:
            text = self._names_re.sub(lambda m: self._once(("name", m.group()), self._person), text)
        return _FIGURES.sub(self._figure, text)

    def _shuffle(self, m: re.Match) -> str:
        items = m.group().split("、")
        inner = items[1:-1]
        self.rng.shuffle(inner)
        return "、".join([items[0], *inner, items[-1]])

    def _once(self, key: tuple[str, object], make) -> str:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def _person(self) -> str:
        given = "".join(self.rng.choice(GIVEN_CHARS) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def _place(self, name: str) -> str:
        p = self.province
        fixed = {f"{SOURCE_PROVINCE}省": f"{p.name}省", SOURCE_PROVINCE: p.name, SOURCE_ABBREVIATION: p.abbreviation,
                 SOURCE_CAPITAL: p.capital}
        if name in fixed:
            return fixed[name]
        pool = self.counties if name in SOURCE_COUNTIES else self.cities
        suffix = "市" if name.endswith("市") else ""
        return self._once(("place", name), lambda: (pool.pop() if pool else self.rng.choice(p.cities)) + suffix)

    def _year(self, year: str) -> str:
        return str(int(year) + self.year_shift)

    def _digits(self, original: str) -> str:
        """A different number written like ``original``: as many digits before and after the point, a
        leading zero kept (0431, 01515)."""
        whole, _, fraction = original.partition(".")
        while True:
            lead = "0" if whole.startswith("0") and len(whole) > 1 else str(self.rng.randint(1, 9))
            new = lead + "".join(str(self.rng.randint(0, 9)) for _ in range(len(whole) - 1))
            if fraction:
                new += "." + "".join(str(self.rng.randint(0, 9)) for _ in range(len(fraction)))
            if new != original:
                return new

    def _date(self, year: str, month: str, day: str | None) -> tuple[str, str, str]:
        """A random date for (year shifted, month, day), the same for every mention of one date."""
        key = ("date", (year, int(month), int(day) if day else None))
        if key not in self.memo:
            self.memo[key] = (self.rng.randint(1, 12), self.rng.randint(1, 28))
        new_month, new_day = self.memo[key]
        return (self._year(year) if year else "", f"{new_month:0{len(month)}d}",
                f"{new_day:0{len(day)}d}" if day else "")

    def _figure(self, m: re.Match) -> str:
        g = m.groupdict()
        if g["wn"] is not None:  # a 文号: another department and number, the year shifted
            return self._once(("wenhao", m.group()), lambda: re.sub(
                "科发[\u4e00-\u9fff]$", "科发" + self.rng.choice(_DEPARTMENTS), g["issuer"]) + g["open"]
                + self._year(g["wy"]) + g["close"] + self._digits(g["wn"]))
        if g["pn"] is not None:
            return self._once(("proposal", m.group()), lambda: "第" + (self._year(g["py"]) if g["py"] else "")
                              + g["pw"] + self._digits(g["pn"]))
        if g["dd"] is not None:
            year, month, day = self._date(g["dy"], g["dm"], g["dd"])
            return f"{year}{g['dys']}{month}{g['dms']}{day}"
        if g["mm"] is not None:
            year, month, _ = self._date(g["my"], g["mm"], None)
            return f"{year}{g['mys']}{month}"
        if g["od"] is not None:
            _, month, day = self._date("", g["om"], g["od"])
            return f"{month}{g['oms']}{day}"
        if g["year"] is not None:
            return self._year(g["year"])
        if g["month"] is not None:
            return str(self.rng.randint(1, 12))
        if g["day"] is not None:
            return str(self.rng.randint(1, 28))
        if g["jie"] is not None:
            return self._once(("jie", g["jie"]), lambda: self.rng.choice(
                [n for n in ("十一", "十二", "十三", "十四") if n != g["jie"]]))
        if g["ci"] is not None:
            return self._once(("ci", g["ci"]), lambda: self.rng.choice([n for n in "一二三四五" if n != g["ci"]]))
        return self._once(("number", g["number"]), lambda: self._digits(g["number"]))


def document(index: int, seed: int = 0) -> str:
    """The text of synthetic document ``index``."""
    rng = random.Random(f"synthetic:{seed}:{index}")
    sources = _sources()
    base = rng.choice(sources)
    sections = list(base.sections)
    if len(sections) > 2 and rng.random() < 0.3:
        sections.pop(rng.randrange(len(sections)))
    if rng.random() < 0.5:
        other = rng.choice([s for s in sources if s is not base and s.sections])
        sections.append(rng.choice(other.sections))
    rng.shuffle(sections)
    body = _renumber([line for section in sections for line in thin(section, rng)])
    names = tuple(dict.fromkeys(n for s in sources for n in s.names))
    return Rewriter(rng, names).rewrite("\n".join([*base.head, *body, *base.tail]))


def file_name(index: int) -> str:
    return f"syn-{index:06d}.txt"


def generate(n: int, seed: int = 0, start: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, text) of documents ``start`` … ``start + n - 1``, one at a time."""
    for index in range(start, start + n):
        yield file_name(index), document(index, seed)


def write(folder: Path, n: int, seed: int = 0, start: int = 0) -> list[Path]:
    """Write ``n`` documents into ``folder`` (UTF-8 .txt); their paths."""
    return write_texts(folder, generate(n, seed, start))


def write_texts(folder: Path, documents: Iterable[tuple[str, str]]) -> list[Path]:
    """Write (file name, text) pairs into ``folder`` as UTF-8, one at a time; their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in documents:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
