"""Section-aware chunking of official documents.

The body of a document is read line by line. Heading lines (一、 （一） 1. 1、 （1） ①
第一条, Markdown ``#`` headings, unnumbered 关于…的建议 lines and short unpunctuated
heading lines: rag.documents.headings) update the section path; a numbered paragraph (1、落实预留采购份额。…)
names its own section; site chrome and sign-off lines are skipped (rag.documents.chrome);
every other line is a paragraph. Paragraphs that a PDF export broke in the
middle of a sentence are joined again. Long paragraphs are split at sentence ends
(。！？；) into chunks that fit a tiktoken budget, with a configurable sentence
overlap. Each chunk records exact character offsets into the document text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from rag.documents import BLANK, Document, Line, is_date_line, is_issuer_line, is_table_line, split_lines
from rag.documents.chrome import is_meta_key, is_non_content
from rag.documents.headings import (
    ASCII_STOP,
    CELL_GAP,
    QA_ASKER,
    QA_CHARS,
    QA_HOST,
    QA_LEVEL,
    bare_heading,
    heading_level,
    numbered_lead,
)
from rag.errors import ConfigurationError
from rag.text.tokens import DEFAULT_ENCODING, count_tokens, get_encoding

# A table row (cells split by tabs or runs of spaces, or a Markdown row) and a caption line over one.
_TABLE_ROW = re.compile(rf"\S{CELL_GAP}\S|^\|.*\|$")
_CAPTION = re.compile(r"[^。！？!?]{4,80}")
_SENTENCE_END = re.compile(rf"(?:[。！？；!?;]|{ASCII_STOP})+[”’」』）)\"']*")
_CLAUSE_END = re.compile(r"[，、,：:]")
_TERMINAL = tuple("。！？；：…」”’）)!?.;:")


@dataclass(frozen=True)
class ChunkerSettings:
    max_tokens: int = 128
    overlap_sentences: int = 1
    encoding: str = DEFAULT_ENCODING

    def __post_init__(self) -> None:
        if not 16 <= self.max_tokens <= 2048:
            raise ConfigurationError(f"chunk max_tokens must be between 16 and 2048, got {self.max_tokens}")
        if not 0 <= self.overlap_sentences <= 5:
            raise ConfigurationError(
                f"chunk overlap_sentences must be between 0 and 5, got {self.overlap_sentences}"
            )
        get_encoding(self.encoding)  # fail fast on an unknown encoding

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Chunk:
    """A passage of a document, with the offsets that cite it exactly."""

    id: str
    doc_id: str
    file: str
    section: tuple[str, ...]
    char_start: int
    char_end: int
    text: str
    context: str = field(default="", compare=False)  # document title line used for embedding

    def embedding_text(self) -> str:
        """What gets embedded: the passage with its document and section context."""
        parts = [self.context, " > ".join(self.section), self.text]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _strip_span(line: Line) -> _Span:
    left = len(line.text) - len(line.text.lstrip(BLANK))
    right = len(line.text.rstrip(BLANK))
    return _Span(line.start + left, line.start + right)


_ATTACHMENT = re.compile(r"附\s*件\s*\d*\s*[:：]")
_LISTED_FILE = re.compile(r"\d{1,2}\s*[.．、]\s*[^。；;]{2,60}")
_RULE_ROW = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?)?\s*")
# A field whose value restates the title (二、项目名称：某市…采购项目 under 某市…采购项目中标结果公告) says nothing the
# title, carried by every passage, does not; as a passage it would rank first for any question about the project.
_FIELD_VALUE = re.compile(r"[^，。；;：:,]{1,16}[：:](.{8,})")


def _paragraphs(doc: Document) -> Iterator[tuple[tuple[str, ...], _Span]]:
    """(section path, paragraph span) for every body paragraph, in order; chrome lines are skipped."""
    lines = [ln for ln in split_lines(doc.text) if doc.body_start <= ln.start < doc.body_end]
    texts = [doc.text[s.start : s.end] for s in map(_strip_span, lines)]
    section: list[tuple[int, str]] = []
    pending: _Span | None = None
    skip_value = False
    title = doc.header.title or ""
    started = False  # a paragraph or heading came: title lines (某某局 某某局 / 关于…的公告) are behind
    skipped = False  # the line before was not content
    attached = False  # within an attachment list (附件：1.…表 / 2.…表)
    asked = False  # the line before named a reporter: this paragraph is the question
    for i, line in enumerate(lines):
        span = _strip_span(line)
        text = texts[i]
        if span.end <= span.start:
            continue
        compact = re.sub(r"\s+", "", text)
        # The title's lines and the document's own 文号 standing alone above the body are header, not content.
        in_title = not started and len(text) >= 4 and (compact in title or compact == doc.header.doc_number)
        in_title = in_title or bool((value := _FIELD_VALUE.fullmatch(compact)) and value.group(1) in title)
        # The rule row of a metadata table written in Markdown (| 索引号 | … | / | --- | --- |); a sign-off inside the
        # text (a notice's issuers and date above the measures it issues); the further files of an attachment list.
        rule = skipped and _RULE_ROW.fullmatch(text) is not None
        following = next((t for t in texts[i + 1 :] if t), "")
        attached = _ATTACHMENT.match(text) is not None or (attached and _LISTED_FILE.fullmatch(text) is not None)
        rule = rule or attached or is_date_line(text) or (is_issuer_line(text) and is_date_line(following))
        started = started or not (in_title or rule or is_non_content(text) or is_table_line(line))
        skipped = skip_value or is_table_line(line) or is_non_content(text) or text == doc.header.title or \
            in_title or rule
        if skipped:
            skip_value = is_meta_key(text)  # a key alone on its line: the next line is its value
            if pending:
                yield tuple(h for _, h in section), pending
                pending = None
            continue
        if QA_ASKER.match(text):  # 重庆日报记者： — its question is the next paragraph
            asked = True
            continue
        if QA_HOST.match(text):
            section = [s for s in section if s[0] != QA_LEVEL]
        heading = heading_level(text)
        if heading is None and asked and pending is None and len(text) <= QA_CHARS:
            heading = (QA_LEVEL, text)
        asked = False
        bare = bare_heading(texts, i) if heading is None and pending is None else None
        if heading is None and bare is not None:
            heading = (bare, text)
        if heading is not None:
            if pending:
                yield tuple(h for _, h in section), pending
                pending = None
            level, name = heading
            section = [s for s in section if s[0] < level] + [(level, name)]
            continue
        lead = numbered_lead(text)
        if lead is not None and pending is not None:  # a numbered item starts a paragraph of its own
            yield tuple(h for _, h in section), pending
            pending = None
        if lead is not None:
            section = [s for s in section if s[0] < lead[0]] + [lead]
        # A paragraph that stopped mid-sentence (a broken export) continues on this line.
        pending = _Span(pending.start, span.end) if pending is not None else span
        # A table row ends no paragraph, whatever its last cell ends with (计划投资(万元)), nor does the caption over
        # a table (表1 …汇总表（单位：万元）): the table stays whole, with its caption.
        caption = _CAPTION.fullmatch(text) is not None and _TABLE_ROW.search(following) is not None
        if text.endswith(_TERMINAL) and not _TABLE_ROW.search(text) and not caption:
            yield tuple(h for _, h in section), pending
            pending = None
    if pending:
        yield tuple(h for _, h in section), pending


def _sentences(text: str, offset: int) -> list[_Span]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append(_Span(start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append(_Span(start, len(text)))
    out = []
    for s in spans:
        piece = text[s.start : s.end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            out.append(_Span(offset + s.start + left, offset + s.start + right))
    return out


def _split_long(doc_text: str, span: _Span, settings: ChunkerSettings) -> list[_Span]:
    """Break a sentence that alone exceeds the budget at clause marks, then by length. A flattened table (lines
    without a full stop) is broken between its rows, so that no passage holds half a row."""
    text = doc_text[span.start : span.end]
    if "\n" in text:
        return [piece for line in _lines_of(span, text) for piece in _split_long(doc_text, line, settings)]
    cuts = [m.end() for m in _CLAUSE_END.finditer(text)] + [len(text)]
    pieces, start, prev = [], 0, 0
    for cut in cuts:
        if count_tokens(text[start:cut], settings.encoding) > settings.max_tokens and prev > start:
            pieces.append((start, prev))
            start = prev
        prev = cut
    pieces.append((start, len(text)))
    out: list[_Span] = []
    encoding = get_encoding(settings.encoding)
    for a, b in pieces:
        tokens = encoding.encode(text[a:b], disallowed_special=())
        if len(tokens) <= settings.max_tokens:
            out.append(_Span(span.start + a, span.start + b))
            continue
        # No clause mark helps: cut by characters, proportionally to the token count.
        step = max(1, (b - a) * settings.max_tokens // len(tokens))
        for s in range(a, b, step):
            out.append(_Span(span.start + s, span.start + min(b, s + step)))
    return out


def _lines_of(span: _Span, text: str) -> list[_Span]:
    """The non-blank lines of ``text`` (which starts at ``span.start``), without their outer spaces."""
    out, at = [], 0
    for line in text.split("\n"):
        left, right = len(line) - len(line.lstrip()), len(line.rstrip())
        if right > left:
            out.append(_Span(span.start + at + left, span.start + at + right))
        at += len(line) + 1
    return out


def _pack(doc_text: str, units: list[_Span], settings: ChunkerSettings) -> list[_Span]:
    """Greedy packing of sentence units into budget-sized windows with sentence overlap."""
    sizes = [count_tokens(doc_text[u.start : u.end], settings.encoding) for u in units]
    windows: list[_Span] = []
    i = 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and (j == i or total + sizes[j] <= settings.max_tokens):
            total += sizes[j]
            j += 1
        windows.append(_Span(units[i].start, units[j - 1].end))
        if j >= len(units):
            break
        # Start the next window with the last sentences of this one, but always move forward.
        i = max(i + 1, j - settings.overlap_sentences)
    return windows


def _chunk_id(doc_id: str, section: tuple[str, ...], text: str, seen: dict[str, int]) -> str:
    digest = hashlib.sha1("\x1f".join((*section, text)).encode("utf-8")).hexdigest()[:12]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{doc_id}:{digest}" if seen[digest] == 1 else f"{doc_id}:{digest}-{seen[digest]}"


def document_context(doc: Document) -> str:
    header = doc.header
    if header.title and header.subject:
        return f"{header.title}（{header.subject}）"
    return header.title or header.subject or ""


def _paragraph_units(doc: Document, settings: ChunkerSettings) -> Iterator[tuple[tuple[str, ...], list[_Span]]]:
    """Section path and budget-sized sentence units of every paragraph."""
    for section, paragraph in _paragraphs(doc):
        units = []
        for sentence in _sentences(doc.text[paragraph.start : paragraph.end], paragraph.start):
            if count_tokens(doc.text[sentence.start : sentence.end], settings.encoding) > settings.max_tokens:
                units.extend(_split_long(doc.text, sentence, settings))
            else:
                units.append(sentence)
        yield section, units


_CLAUSE_MARK = re.compile(r"[，；,;：:、]")
_MIN_CLAUSE_CHARS = 6


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of the sentence ``text[start:end]``, cut after ，；：、 and never shorter than a few characters.

    Official sentences pack several facts (…投入8950万元，带动企业投入1.06亿元。); a clause
    vector lets a question meet the one fact it asks about.
    """
    cuts = [m.end() for m in _CLAUSE_MARK.finditer(text, start, end)]
    spans, begin = [], start
    for cut in cuts:
        if cut - begin >= _MIN_CLAUSE_CHARS and end - cut >= _MIN_CLAUSE_CHARS:
            spans.append((begin, cut))
            begin = cut
    spans.append((begin, end))
    return spans


def sentence_spans(doc: Document, settings: ChunkerSettings) -> list[tuple[int, int]]:
    """(char_start, char_end) of every sentence unit the chunks are built from."""
    return [(u.start, u.end) for _, units in _paragraph_units(doc, settings) for u in units]


def chunk_document(doc: Document, settings: ChunkerSettings) -> list[Chunk]:
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    context = document_context(doc)
    for section, units in _paragraph_units(doc, settings):
        for window in _pack(doc.text, units, settings):
            text = doc.text[window.start : window.end]
            chunks.append(
                Chunk(
                    id=_chunk_id(doc.id, section, text, seen),
                    doc_id=doc.id,
                    file=doc.file,
                    section=section,
                    char_start=window.start,
                    char_end=window.end,
                    text=text,
                    context=context,
                )
            )
    return chunks
