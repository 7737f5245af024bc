"""Question sets: our JSONL format and BEIR (corpus.jsonl, queries.jsonl, qrels/*.tsv)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import RagError

LANGS = ("zh", "en")


class DatasetError(RagError):
    """The question file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    lang: str
    answers: tuple[str, ...]  # empty: the corpus cannot answer it
    docs: tuple[str, ...]  # document ids (file names without suffix) that hold the answer
    note: str = ""
    all_answers: bool = False  # a two-part question: the answer must hold every one of ``answers``

    @property
    def answerable(self) -> bool:
        return bool(self.answers) or bool(self.docs)


@dataclass(frozen=True)
class Dataset:
    name: str
    questions: list[Question]
    beir_corpus: dict[str, dict] = field(default_factory=dict)  # BEIR only: doc id -> {title, text}


def _doc_id(name: str) -> str:
    """A document named by its file (any supported format) has the file's stem as its id (rag.documents)."""
    from rag.documents import doc_id_for
    from rag.documents.formats import SUPPORTED_SUFFIXES

    return doc_id_for(name) if name.lower().endswith(SUPPORTED_SUFFIXES) else name


def _guess_lang(text: str) -> str:
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def load_jsonl(path: Path) -> Dataset:
    questions: list[Question] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                q = Question(
                    id=str(row["id"]),
                    question=str(row["question"]),
                    lang=str(row.get("lang") or _guess_lang(row["question"])),
                    answers=tuple(row.get("answers", [])),
                    docs=tuple(_doc_id(d) for d in row.get("docs", [])),
                    note=str(row.get("note", "")),
                    all_answers=bool(row.get("all_answers", False)),
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise DatasetError(f"{path}:{number}: not a valid question ({exc}); expected "
                                   '{"id", "question", "lang", "answers": [...], "docs": [...]}') from exc
            if q.lang not in LANGS:
                raise DatasetError(f"{path}:{number}: lang {q.lang!r} is not one of {LANGS}")
            if q.id in seen:
                raise DatasetError(f"{path}:{number}: duplicate id {q.id!r}")
            seen.add(q.id)
            questions.append(q)
    if not questions:
        raise DatasetError(f"{path}: no questions")
    return Dataset(Path(path).stem, questions)


def load_beir(folder: Path, split: str = "test") -> Dataset:
    """BEIR: relevance is by document; there are no answer strings, so only retrieval metrics apply."""
    folder = Path(folder)
    qrels_path = folder / "qrels" / f"{split}.tsv"
    for required in (folder / "corpus.jsonl", folder / "queries.jsonl", qrels_path):
        if not required.is_file():
            raise DatasetError(f"{folder} is not a BEIR folder: {required.relative_to(folder)} is missing")
    corpus = {}
    with open(folder / "corpus.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                corpus[str(row["_id"])] = {"title": row.get("title", ""), "text": row.get("text", "")}
    relevant: dict[str, list[str]] = {}
    with open(qrels_path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if int(row.get("score", 1)) > 0:
                relevant.setdefault(str(row["query-id"]), []).append(str(row["corpus-id"]))
    questions = []
    with open(folder / "queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                qid = str(row["_id"])
                if qid in relevant:
                    questions.append(Question(qid, row["text"], _guess_lang(row["text"]), (), tuple(relevant[qid])))
    return Dataset(folder.name, questions, corpus)


def load_dataset(path: Path) -> Dataset:
    path = Path(path)
    if path.is_dir():
        return load_beir(path)
    if not path.is_file():
        raise DatasetError(f"{path}: no such question file or BEIR folder")
    return load_jsonl(path)
