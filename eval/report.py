"""Human-readable output of a run: a table on stdout, a Markdown report, and run comparisons."""

from __future__ import annotations

import json
import re
from pathlib import Path

COLUMNS = ("hit@1", "hit@3", "hit@5", "hit@10", "mrr@10", "answer_accuracy", "no_answer_precision",
           "no_answer_recall", "false_abstention", "latency_p50_ms", "latency_p95_ms")


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) and value <= 1 else str(value)


def metrics_table(metrics: dict[str, dict]) -> str:
    header = ["split", "n", *COLUMNS]
    rows = [[split, str(m["questions"]), *(_fmt(m.get(c)) for c in COLUMNS)] for split, m in metrics.items()]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def write_report(results: dict, path: Path, per_question: bool = True) -> None:
    """The run's report. ``per_question=False`` (a held-out split) leaves the per-question table out, so that
    reading a test split's report shows its counts and never its questions; results.json keeps them for
    ``--compare``."""
    lines = [f"# Evaluation run `{results['name']}`", "", f"Created {results['created_at']}.", "",
             "## Metrics", "", "```", metrics_table(results["metrics"]), "```", "", *abstention_table(results),
             *miss_table(results), "## Per question", ""]
    if per_question:
        lines += ["| id | lang | rank | answer ok | no answer | answer | expected | question |",
                  "|---|---|---|---|---|---|---|---|", *(_question_row(q) for q in results["questions"])]
    else:
        lines += ["(a test split: its questions are not listed here, so that nobody tunes on them by reading)"]
    lines += ["", "## Configuration", "", "```json", json.dumps(results["config"], ensure_ascii=False, indent=2), "```"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _question_row(q: dict) -> str:
    cells = [q["id"], q["lang"], str(q["rank"] or "-"), {True: "yes", False: "no", None: "-"}[q["answer_correct"]],
             (q.get("no_answer_reason") or "yes") if q["no_answer"] else "",
             (q["answer"] or "").replace("|", "\\|")[:80], " / ".join(q["answers"]).replace("|", "\\|") or "(none)",
             q["question"].replace("|", "\\|")]
    return "| " + " | ".join(cells) + " |"


def abstention_table(results: dict) -> list[str]:
    """Markdown lines: how many questions the service abstained on, by its reason, answerable or not (counts
    only, so a test split's report shows them too)."""
    counts: dict[str, list[int]] = {}
    for q in results["questions"]:
        if q["no_answer"]:
            row = counts.setdefault(q.get("no_answer_reason") or "(not given)", [0, 0])
            row[0 if q["answers"] or q["docs"] else 1] += 1
    if not counts:
        return []
    return ["## Abstentions by reason", "", "| reason | answerable (false abstentions) | unanswerable |",
            "|---|---|---|",
            *(f"| {reason} | {a} | {u} |" for reason, (a, u) in sorted(counts.items())), ""]


MISSES = (
    ("span", "the right passage first, another figure or sentence answered"),
    ("rank 2", "the right passage second"),
    ("rank 3-10", "the right passage third to tenth"),
    ("not found", "no passage of the ten holds an accepted answer"),
    ("false abstention", "an answerable question, no answer given"),
    ("false answer", "an unanswerable question answered"),
)


def miss_class(q: dict) -> str | None:
    """Where a question was lost (one of ``MISSES``), or None if it was not: the passage it needed ranked low or
    not at all, its answer taken from the right passage but wrong, or the answer/abstention decision wrong."""
    answerable = bool(q["answers"] or q["docs"])
    if not answerable:
        return None if q["no_answer"] else "false answer"
    if q["no_answer"]:
        return "false abstention"
    if q["answer_correct"]:
        return None
    rank = q["rank"]
    return "not found" if rank is None else "span" if rank == 1 else "rank 2" if rank == 2 else "rank 3-10"


def miss_table(results: dict) -> list[str]:
    """Markdown lines: the questions lost, by where they were lost (``miss_class``) and language (counts only, as
    ``abstention_table``): what to work on next."""
    counts: dict[str, dict[str, int]] = {}
    for q in results["questions"]:
        if (found := miss_class(q)) is not None:
            row = counts.setdefault(found, {})
            row[q["lang"]] = row.get(q["lang"], 0) + 1
    if not counts:
        return []
    langs = sorted({lang for row in counts.values() for lang in row})
    return ["## Questions lost, by where", "", f"| where | {' | '.join(langs)} | all | meaning |",
            "|---|" + "---|" * (len(langs) + 2),
            *(f"| {name} | {' | '.join(str(counts[name].get(lang, 0)) for lang in langs)} | "
              f"{sum(counts[name].values())} | {meaning} |" for name, meaning in MISSES if name in counts), ""]


def _outcome(q: dict) -> tuple[bool, bool]:
    """(retrieval correct at rank 1 or correct abstention, answer correct or correct abstention)."""
    if not q["answers"] and not q["docs"]:
        return q["no_answer"], q["no_answer"]
    return q["rank"] == 1, bool(q["answer_correct"])


def compare(current: dict, previous: dict, per_question: bool = True) -> str:
    """What changed since ``previous``: wins and losses, the metrics that moved and, unless ``per_question``
    is off (a test split, which nobody may tune on), which questions moved."""
    before = {q["id"]: q for q in previous["questions"]}
    wins, losses = [], []
    for q in current["questions"]:
        old = before.get(q["id"])
        if old is None:
            continue
        now, then = _outcome(q), _outcome(old)
        if now != then:
            better = sum(now) > sum(then)
            (wins if better else losses).append(
                f"  {q['id']} [{q['lang']}] hit@1 {then[0]}→{now[0]}, answer {then[1]}→{now[1]}: {q['question'][:70]}"
            )
    lines = [f"Compared with run `{previous['name']}`: {len(wins)} wins, {len(losses)} losses."]
    for split, m in current["metrics"].items():
        old = previous["metrics"].get(split, {})
        deltas = ", ".join(f"{c} {_fmt(old.get(c))}→{_fmt(m.get(c))}" for c in COLUMNS[:9]
                           if old.get(c) != m.get(c))
        lines.append(f"  [{split}] {deltas or 'no change'}")
    if not per_question:
        lines.append("  (a test split: the questions that moved are not shown)")
    elif wins or losses:
        lines += ["Wins:", *wins] if wins else []
        lines += ["Losses:", *losses] if losses else []
    return "\n".join(lines)


def held_out(set_name: str) -> bool:
    """A question set named as a test split (varied-test, varied-test2, test.jsonl): measured, never tuned on."""
    return any(re.fullmatch(r"test\d*", part) for part in re.split(r"[-_.\s]", set_name.lower()))


def earlier_run(compare_with: str, set_name: str, several: bool) -> Path | None:
    """The results file ``--compare`` names for one question set: a run name under eval/runs, a folder or a
    results.json; with several sets, the folder's sub-folder named after the set. None when there is none."""
    base = Path(compare_with)
    base = base if base.exists() else Path("eval") / "runs" / compare_with
    if several and (base / set_name).exists():
        base = base / set_name
    results = base / "results.json" if base.is_dir() else base
    return results if results.is_file() else None


def load_run(path: Path) -> dict:
    path = Path(path)
    results = path / "results.json" if path.is_dir() else path
    return json.loads(results.read_text(encoding="utf-8"))
