#!/usr/bin/env python3
"""Validate question files of the varied corpus (eval/data/varied-dev.jsonl, varied-test.jsonl).

Standard library only. Usage:
    python3 eval/data/check_varied.py eval/data/varied_a_dev.jsonl eval/data/varied_a_test.jsonl [...]

With no arguments both are checked.

Checks, for every file given:
  * the file name has the form varied-<dev|test>[N].jsonl (varied-dev2.jsonl is a second dev file)
  * every line is a JSON object (no blank lines, no \\u escapes) with the keys
    id, question, lang, answers, docs, note (optional: all_answers) of the right types
  * ids are unique across all files given; lang is "zh" or "en"
  * every listed doc exists under eval/corpus/varied/ and its stem matches [A-Za-z0-9._-]{1,80}
  * every answer string occurs literally in the text of at least one listed doc
    (for .html/.htm: the page text with tags, scripts and styles stripped)
  * a question is answerable iff it lists docs: answers and docs are both empty or both non-empty;
    an unanswerable question's note starts with "unanswerable:"; all_answers needs two or more answers
  * a document is not used by both the dev file and the test file (the split is by document)
Prints totals (questions, English share, unanswerable share, two-part) and per-document counts;
exits 1 on any problem.
"""
from __future__ import annotations

import collections
import glob
import html
import html.parser
import json
import os
import re
import sys

from check_dev import json_lines  # this folder is on sys.path when the script runs

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS_DIR = os.path.normpath(os.path.join(HERE, "..", "corpus", "varied"))
FILE_RE = re.compile(r"^varied-(dev|test)\d*\.jsonl$")
STEM_RE = re.compile(r"[A-Za-z0-9._-]{1,80}")
REQUIRED = {"id": str, "question": str, "lang": str, "answers": list, "docs": list, "note": str}
LANGS = ("zh", "en")


class _TextOnly(html.parser.HTMLParser):
    """Collects a page's text, leaving out tags, scripts, styles and comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        elif tag in ("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "td", "th"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def doc_text(path: str) -> str:
    with open(path, encoding="utf-8-sig") as fh:
        raw = fh.read()
    if path.lower().endswith((".html", ".htm")):
        parser = _TextOnly()
        parser.feed(raw)
        parser.close()
        return html.unescape("".join(parser.parts))
    return raw


def occurs(answer: str, text: str) -> bool:
    if answer in text:
        return True
    # A page's source may break a line inside a sentence; compare with runs of whitespace removed.
    squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    return squeeze(answer) in squeeze(text)


def main(argv: list[str]) -> int:
    paths = argv[1:] or sorted(glob.glob(os.path.join(HERE, "varied-*.jsonl")))
    if not paths:
        print("FAIL: no question files given or found")
        return 1
    errors: list[str] = []
    texts: dict[str, str | None] = {}
    seen_ids: dict[str, str] = {}
    rows: list[tuple[str, dict]] = []
    doc_splits: dict[str, set[str]] = collections.defaultdict(set)
    per_doc: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    per_file: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)

    def text_of(name: str) -> str | None:
        if name not in texts:
            path = os.path.join(CORPUS_DIR, name)
            texts[name] = doc_text(path) if os.path.isfile(path) else None
        return texts[name]

    for path in paths:
        base = os.path.basename(path)
        match = FILE_RE.match(base)
        if not match:
            errors.append(f"{base}: file name is not varied-<dev|test>[N].jsonl")
        split = match.group(1) if match else "?"
        try:
            lines = json_lines(path, lambda lineno, base=base: f"{base}:{lineno}", errors)
        except OSError as exc:
            errors.append(f"{base}: cannot open ({exc})")
            continue
        for lineno, obj in lines:
            where = f"{base}:{lineno}"
            bad = False
            for key, typ in REQUIRED.items():
                if key not in obj:
                    errors.append(f"{where}: missing key {key!r}")
                    bad = True
                elif not isinstance(obj[key], typ):
                    errors.append(f"{where}: {key!r} is not a {typ.__name__}")
                    bad = True
            extra = set(obj) - set(REQUIRED) - {"all_answers"}
            if extra:
                errors.append(f"{where}: unknown keys {sorted(extra)}")
            if bad:
                continue
            qid = obj["id"]
            where = f"{base}:{lineno} ({qid})"
            if qid in seen_ids:
                errors.append(f"{where}: duplicate id (also in {seen_ids[qid]})")
            seen_ids[qid] = base
            if obj["lang"] not in LANGS:
                errors.append(f"{where}: lang {obj['lang']!r} is not one of {LANGS}")
            if not obj["question"].strip():
                errors.append(f"{where}: empty question")
            answers, docs = obj["answers"], obj["docs"]
            if any(not isinstance(a, str) or not a.strip() for a in answers):
                errors.append(f"{where}: answers must be non-empty strings")
                answers = [a for a in answers if isinstance(a, str) and a.strip()]
            if any(not isinstance(d, str) for d in docs):
                errors.append(f"{where}: docs must be strings")
                docs = [d for d in docs if isinstance(d, str)]
            if len(set(docs)) != len(docs):
                errors.append(f"{where}: a doc is listed twice")
            if bool(answers) != bool(docs):
                errors.append(f"{where}: answers and docs must be both empty (unanswerable) or both non-empty")
            if not answers and not obj["note"].startswith("unanswerable:"):
                errors.append(f"{where}: unanswerable question's note must start with 'unanswerable:'")
            if "all_answers" in obj:
                if obj["all_answers"] is not True:
                    errors.append(f"{where}: all_answers must be true when present")
                elif len(answers) < 2:
                    errors.append(f"{where}: all_answers needs two or more answers")
            doc_texts = []
            for name in docs:
                if not STEM_RE.fullmatch(os.path.splitext(name)[0]):
                    errors.append(f"{where}: doc file stem {name!r} does not match [A-Za-z0-9._-]{{1,80}}")
                text = text_of(name)
                if text is None:
                    errors.append(f"{where}: doc {name!r} not found in {CORPUS_DIR}")
                    continue
                doc_texts.append(text)
                doc_splits[name].add(split)
                per_doc[name]["questions"] += 1
                per_doc[name][obj["lang"]] += 1
            if doc_texts:
                for answer in answers:
                    if not any(occurs(answer, t) for t in doc_texts):
                        errors.append(f"{where}: answer {answer!r} not found literally in {docs}")
            per_file[base]["questions"] += 1
            per_file[base]["en"] += obj["lang"] == "en"
            per_file[base]["unanswerable"] += not answers
            per_file[base]["two-part"] += bool(obj.get("all_answers"))
            rows.append((base, obj))

    for name, splits in sorted(doc_splits.items()):
        if "dev" in splits and "test" in splits:
            errors.append(f"{name}: used by both a dev and a test file; the split must be by document")

    total = len(rows)
    en = sum(1 for _, o in rows if o.get("lang") == "en")
    unans = sum(1 for _, o in rows if not o.get("answers"))
    two = sum(1 for _, o in rows if o.get("all_answers"))
    print(f"files: {len(paths)}; questions: {total}")
    if total:
        print(f"English: {en} ({en / total:.0%}); unanswerable: {unans} ({unans / total:.0%}); two-part: {two}")
    for base, c in per_file.items():
        n = c["questions"]
        print(f"  {base}: {n} questions, English {c['en']} ({c['en'] / n:.0%}), "
              f"unanswerable {c['unanswerable']} ({c['unanswerable'] / n:.0%}), two-part {c['two-part']}")
    print("per document (answerable questions citing it):")
    for name in sorted(per_doc):
        c = per_doc[name]
        print(f"  {name}: {c['questions']} (zh {c['zh']}, en {c['en']}) [{'/'.join(sorted(doc_splits[name]))}]")
    if errors:
        print(f"\nFAIL: {len(errors)} problem(s)")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
