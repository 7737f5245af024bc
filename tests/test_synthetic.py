"""The synthetic documents of the scale benchmark: deterministic, really changed, and parsed like the real ones."""

from __future__ import annotations

import json
import re
import statistics

from eval.synthetic import document, file_name, generate, write
from rag.chunking import ChunkerSettings, chunk_document
from rag.config import REPO_ROOT, SAMPLE_CORPUS_DIR
from rag.documents import DOC_NUMBER_RE, parse_document
from rag.documents.corpus import read_document

SOURCES = {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))}
SOURCE_HEADERS = [parse_document(text, name).header for name, text in SOURCES.items()]
DOCS = list(generate(24, seed=7))


def _shingles(text: str, size: int = 8) -> set[str]:
    return {text[i : i + size] for i in range(len(text) - size)}


def test_deterministic_per_seed_and_index():
    assert document(3, seed=7) == DOCS[3][1]
    assert list(generate(2, seed=7, start=5)) == DOCS[5:7]
    assert document(3, seed=8) != DOCS[3][1]
    assert [name for name, _ in DOCS[:2]] == ["syn-000000.txt", "syn-000001.txt"] == [file_name(0), file_name(1)]


def test_write_streams_files(tmp_path):
    paths = write(tmp_path / "corpus", 3, seed=7, start=10)
    assert [p.name for p in paths] == ["syn-000010.txt", "syn-000011.txt", "syn-000012.txt"]
    assert paths[1].read_text(encoding="utf-8") == document(11, seed=7)


def test_identifying_details_are_changed():
    source_numbers = {h.doc_number for h in SOURCE_HEADERS} | {"2024W298", "2024W218", "第372号", "第1020号", "第W10号"}
    persons = {re.sub("(委员|代表)$", "", h.addressee) for h in SOURCE_HEADERS} | {"陈兴波", "董宏宇"}
    for _, text in DOCS:
        assert "吉林" not in text and "长春" not in text and "吉科发" not in text
        assert not any(n in text for n in source_numbers | persons)
        assert "0431-88975536" not in text


def test_figures_are_changed():
    """Amounts, counts and percentages take other values (a few coincide by chance)."""
    figure = re.compile(r"\d+(?:\.\d+)?(?=万元|亿元|个|项|家|名|人|户|%)")
    source = {f for text in SOURCES.values() for f in figure.findall(text) if len(f) >= 3}
    found = [[f for f in figure.findall(text) if len(f) >= 3] for _, text in DOCS]
    assert sum(map(len, found)) >= 5 * len(DOCS)
    assert sum(f in source for fs in found for f in fs) / sum(map(len, found)) < 0.1


def test_headers_parse_like_the_real_documents():
    for name, text in DOCS:
        header = parse_document(text, name).header
        assert DOC_NUMBER_RE.fullmatch(header.doc_number)
        assert header.title and header.title.endswith("的答复")
        assert header.addressee and header.addressee.endswith(("委员", "代表"))
        assert header.issuer and header.issuer.endswith("省科学技术厅")
        assert header.subject
        if header.date:  # the 文号 and the signature date move by the same number of years
            assert header.date[:4] in header.doc_number


def test_documents_chunk_like_the_samples():
    counts = [len(chunk_document(parse_document(text, name), ChunkerSettings())) for name, text in DOCS]
    assert min(counts) >= 15 and max(counts) <= 150
    assert 30 <= statistics.mean(counts) <= 80


def test_documents_are_not_near_duplicates():
    shingles = [_shingles(text) for _, text in DOCS]
    for i, a in enumerate(shingles):
        for b in shingles[i + 1 :]:
            assert len(a & b) / len(a | b) < 0.7


# Distractors (eval.distractors): varied dev documents with other figures, never a test document.

def test_distractor_templates_are_dev_documents_only():
    from eval.distractors import templates

    asked = {"dev": set(), "test": set()}
    for split in (REPO_ROOT / "eval" / "data").glob("varied-*.jsonl"):
        kind = "test" if split.name.startswith("varied-test") else "dev"
        for line in split.read_text(encoding="utf-8").splitlines():
            asked[kind].update(json.loads(line)["docs"] if line.strip() else [])
    names = {p.name for p in templates()}
    assert len(names) >= 40 and names <= asked["dev"]
    assert not names & asked["test"]
    assert all(p.suffix in (".txt", ".md") for p in templates())


def test_distractors_are_deterministic_and_change_the_figures(tmp_path):
    from eval.distractors import document, templates, write

    paths = write(tmp_path, 12, seed=3)
    assert [p.name for p in paths][:1] == [document(0, seed=3)[0]] and paths[0].name.startswith("dis-000000-v")
    assert paths[5].read_text(encoding="utf-8") == document(5, seed=3)[1] != document(5, seed=4)[1]
    figure = re.compile(r"\d+(?:\.\d+)?(?=万元|亿元|个|项|家|名|人|户|%)")
    by_name = {p.name: p for p in templates()}
    kept = found = 0
    for path in paths:  # the figures of a distractor against those of the template it names
        source = set(figure.findall(by_name[path.name.split("-", 2)[2]].read_text(encoding="utf-8")))
        figures = [f for f in figure.findall(path.read_text(encoding="utf-8")) if len(f) >= 3]
        kept, found = kept + sum(f in source for f in figures), found + len(figures)
    assert found >= 24 and kept / found < 0.1
    for path in paths:  # still documents of the genre: a header and passages, read as ingest reads them
        doc = read_document(path)
        assert doc.header.title and len(chunk_document(doc, ChunkerSettings())) >= 2
    # Every template keeps its title, also one broken over two lines or written both in a 标题： row and on its own,
    # read as ingest reads it (a Markdown page's links and breadcrumb through its format's reader).
    titled = [read_document(p).header.title for p in write(tmp_path / "all", 300)]
    assert all(titled)
