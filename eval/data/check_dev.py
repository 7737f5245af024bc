#!/usr/bin/env python3
"""Validate the RAG QA dev set (dev.jsonl) against the sample corpus.

Standard library only. Usage:
    python3 check_dev.py [path/to/dev.jsonl]

Checks:
  * every line is valid JSON with the required keys and types
  * ids are unique and follow q001, q002, ... in order
  * lang is "zh" or "en"; question text is unique
  * every listed doc exists in ../../rag/sample_corpus (relative to this script)
  * every answer string occurs literally in at least one listed doc
  * answers and docs are either both empty (unanswerable) or both non-empty
  * totals: >= 80 questions, English share >= 0.30, >= 10 unanswerable,
    >= 2 "conflict" questions, >= 3 "two-doc" questions,
    >= 10 questions per corpus document
Prints a summary and exits 1 on any problem.
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "rag", "sample_corpus"))
DEV_PATH = os.path.join(HERE, "dev.jsonl")

REQUIRED = {"id": str, "question": str, "lang": str, "answers": list, "docs": list}
MIN_TOTAL = 80
MIN_EN_SHARE = 0.30
MIN_UNANSWERABLE = 10
MIN_CONFLICT = 2
MIN_TWO_DOC = 3
MIN_PER_DOC = 10


def load_corpus():
    docs = {}
    if not os.path.isdir(CORPUS_DIR):
        return docs
    for name in sorted(os.listdir(CORPUS_DIR)):
        if name.endswith(".txt"):
            with open(os.path.join(CORPUS_DIR, name), encoding="utf-8") as f:
                docs[name] = f.read()
    return docs


def json_lines(path, where, errors):
    """The JSON objects of a question file, with their line numbers. Blank lines, invalid JSON, values that
    are not objects and ``\\u`` escapes are reported in ``errors``, each after ``where(line number)``.
    Raises OSError if the file cannot be read. (check_varied.py reads its files with it too.)"""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f"{where(lineno)}: blank line")
                continue
            if "\\u" in line:
                errors.append(f"{where(lineno)}: contains \\u escapes (write with ensure_ascii=False)")
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where(lineno)}: invalid JSON ({e})")
                continue
            if not isinstance(obj, dict):
                errors.append(f"{where(lineno)}: not a JSON object")
                continue
            rows.append((lineno, obj))
    return rows


def main(argv):
    path = argv[1] if len(argv) > 1 else DEV_PATH
    errors = []
    corpus = load_corpus()
    if not corpus:
        errors.append(f"no corpus documents found in {CORPUS_DIR}")

    try:
        rows = json_lines(path, lambda lineno: f"line {lineno}", errors)
    except OSError as e:
        print(f"FAIL: cannot open {path}: {e}")
        return 1

    seen_ids = set()
    seen_questions = {}
    per_doc = collections.Counter()
    n_en = n_unans = n_conflict = n_two_doc = 0

    for idx, (lineno, obj) in enumerate(rows, 1):
        where = f"line {lineno} ({obj.get('id', '?')})"
        bad = False
        for key, typ in REQUIRED.items():
            if key not in obj:
                errors.append(f"{where}: missing key '{key}'")
                bad = True
            elif not isinstance(obj[key], typ):
                errors.append(f"{where}: '{key}' should be {typ.__name__}")
                bad = True
        if "note" in obj and not isinstance(obj["note"], str):
            errors.append(f"{where}: 'note' should be str")
        if bad:
            continue

        qid = obj["id"]
        if qid in seen_ids:
            errors.append(f"{where}: duplicate id {qid}")
        seen_ids.add(qid)
        expected = f"q{idx:03d}"
        if qid != expected:
            errors.append(f"{where}: id {qid} out of order, expected {expected}")

        q = obj["question"].strip()
        if not q:
            errors.append(f"{where}: empty question")
        norm = re.sub(r"\s+", " ", q).lower()
        if norm in seen_questions:
            errors.append(f"{where}: duplicate question (same as {seen_questions[norm]})")
        seen_questions[norm] = qid

        lang = obj["lang"]
        if lang not in ("zh", "en"):
            errors.append(f"{where}: lang must be 'zh' or 'en', got {lang!r}")
        elif lang == "en":
            n_en += 1
            if re.search(r"[\u4e00-\u9fff]", q) and not re.search(r"[A-Za-z]{3,}", q):
                errors.append(f"{where}: lang 'en' but question looks Chinese")
        elif lang == "zh" and not re.search(r"[\u4e00-\u9fff]", q):
            errors.append(f"{where}: lang 'zh' but question has no Chinese characters")

        answers, docs = obj["answers"], obj["docs"]
        if any(not isinstance(a, str) or not a for a in answers):
            errors.append(f"{where}: answers must be non-empty strings")
            continue
        if any(not isinstance(d, str) for d in docs):
            errors.append(f"{where}: docs must be strings")
            continue
        if len(set(docs)) != len(docs):
            errors.append(f"{where}: duplicate doc in docs")
        if bool(answers) != bool(docs):
            errors.append(f"{where}: answers and docs must both be empty or both non-empty")
        if not answers and not docs:
            n_unans += 1

        missing = [d for d in docs if d not in corpus]
        for d in missing:
            errors.append(f"{where}: doc not found: {d}")
        for d in docs:
            per_doc[d] += 1
        for a in answers:
            if not any(a in corpus[d] for d in docs if d in corpus):
                errors.append(f"{where}: answer {a!r} not found literally in {docs}")

        note = obj.get("note", "") or ""
        if "conflict" in note:
            n_conflict += 1
            if len(docs) < 2 or len(answers) < 2:
                errors.append(f"{where}: conflict question needs >=2 answers and >=2 docs")
        if "two-doc" in note:
            n_two_doc += 1
            if len(docs) < 2:
                errors.append(f"{where}: two-doc question lists fewer than 2 docs")
            else:
                # each listed doc must contribute at least one answer
                for d in docs:
                    if d in corpus and not any(a in corpus[d] for a in answers):
                        errors.append(f"{where}: two-doc: no answer found in {d}")

    total = len(rows)
    en_share = n_en / total if total else 0.0
    if total < MIN_TOTAL:
        errors.append(f"total {total} < {MIN_TOTAL}")
    if en_share < MIN_EN_SHARE:
        errors.append(f"English share {en_share:.2f} < {MIN_EN_SHARE}")
    if n_unans < MIN_UNANSWERABLE:
        errors.append(f"unanswerable {n_unans} < {MIN_UNANSWERABLE}")
    if n_conflict < MIN_CONFLICT:
        errors.append(f"conflict questions {n_conflict} < {MIN_CONFLICT}")
    if n_two_doc < MIN_TWO_DOC:
        errors.append(f"two-doc questions {n_two_doc} < {MIN_TWO_DOC}")
    for d in corpus:
        if per_doc[d] < MIN_PER_DOC:
            errors.append(f"doc {d} covered by {per_doc[d]} questions < {MIN_PER_DOC}")

    print(f"file: {path}")
    print(f"corpus: {CORPUS_DIR} ({len(corpus)} docs)")
    print(f"questions: {total}  (zh {total - n_en}, en {n_en}, English share {en_share:.1%})")
    print(f"answerable: {total - n_unans}  unanswerable: {n_unans}")
    print(f"conflict: {n_conflict}  two-doc: {n_two_doc}")
    print("questions per doc:")
    for d in sorted(corpus):
        print(f"  {d}: {per_doc[d]}")
    if errors:
        print(f"FAIL: {len(errors)} problem(s)")
        for e in errors:
            print(f"  - {e}")
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
