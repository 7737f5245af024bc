"""Distractor documents for issue 8's quality check: documents of the genre that answer none of the dev questions.

The scale generator (eval.synthetic) rewrites the five sample documents, so each of its documents answers the
sample dev set's generic questions ("How much was spent on concept verification?") with a figure of its own:
those are rival answers, not distractors. A distractor here is one of the varied corpus's documents (many
issuers, layouts and topics; none of them a sample) with its figures, dates, 文号 and proposal numbers changed,
about a fifth of its body paragraphs left out and its enumerations shuffled (``eval.synthetic.Rewriter``).

Templates are only the documents that the varied *dev* splits ask about, read from the question files, so the
held-out test documents are never copied. Only plain-text and Markdown templates are used (rewriting figures
inside HTML would rewrite its markup). Document ``i`` of a seed is always the same text.

    python -m eval.distractors --n 5000 --out /tmp/distractors
"""

from __future__ import annotations

import argparse
import json
import random
from functools import cache
from pathlib import Path

from eval.synthetic import Rewriter, thin, write_texts
from rag.config import REPO_ROOT
from rag.documents import parse_document

VARIED_DIR = REPO_ROOT / "eval" / "corpus" / "varied"
QUESTIONS_DIR = REPO_ROOT / "eval" / "data"
_TEXT_SUFFIXES = (".txt", ".md")


@cache
def templates() -> tuple[Path, ...]:
    """The varied documents named by the questions of the dev splits (varied-dev*.jsonl), text formats only."""
    names: set[str] = set()
    for split in sorted(QUESTIONS_DIR.glob("varied-dev*.jsonl")):
        for line in split.read_text(encoding="utf-8").splitlines():
            if line.strip():
                names.update(json.loads(line).get("docs", []))
    found = tuple(sorted(VARIED_DIR / n for n in names if n.endswith(_TEXT_SUFFIXES) and (VARIED_DIR / n).is_file()))
    if not found:
        raise FileNotFoundError(f"no text templates named by {QUESTIONS_DIR}/varied-dev*.jsonl in {VARIED_DIR}")
    return found


_TITLE_LINES = 12  # lines from the body's start where the title may still stand
_FULL_WIDTH = str.maketrans("():;,", "（）：；，")


def document(index: int, seed: int = 0) -> tuple[str, str]:
    """(file name, text) of distractor ``index``: its template rewritten, the header kept in place. The file is
    named after its template (dis-000007-v45_….md), so a report can tell which document it copies."""
    rng = random.Random(f"distractor:{seed}:{index}")
    template = rng.choice(templates())
    text = template.read_text(encoding="utf-8")
    doc = parse_document(text, template.name)
    start = doc.body_start
    # A title that follows a site's metadata line may stand inside the body's span: it stays, as the header does
    # (found by its end, since a title broken over two lines is read joined: 某局 某局 / 关于…的公示; the last of
    # the first lines that end so, since a 标题： row may write it above the title line itself).
    if doc.header.title:
        first = text[start : doc.body_end].split("\n")[:_TITLE_LINES]
        window = min(start + sum(len(line) + 1 for line in first), doc.body_end)
        # The header writes the title's brackets as ASCII ((征求意见稿)); the page may write them full-width.
        ends = {doc.header.title[-8:], doc.header.title[-8:].translate(_FULL_WIDTH)}
        if (at := max(text.rfind(end, start, window) for end in ends)) >= 0:
            start = min(text.find("\n", at) + 1 or doc.body_end, doc.body_end)
    body = text[start : doc.body_end].split("\n")
    head = text[:start] if not start or text[start - 1] == "\n" else text[:start] + "\n"  # no blank line after it
    kept = head + "\n".join(thin(tuple(body), rng)) + text[doc.body_end :]
    return f"dis-{index:06d}-{template.name}", Rewriter(rng, ()).rewrite(kept)


def write(folder: Path, n: int, seed: int = 0, start: int = 0) -> list[Path]:
    """Write distractors ``start`` … ``start + n - 1`` into ``folder``; their paths."""
    return write_texts(folder, (document(index, seed) for index in range(start, start + n)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="how many documents")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error(f"--n must be at least 1, got {args.n}")
    paths = write(args.out, args.n, args.seed)
    print(f"{len(paths)} distractors from {len(templates())} templates in {args.out}")


if __name__ == "__main__":
    main()
