"""MetadataFilter (Dify's operators) as Qdrant payload filters.

Every chunk and document point carries the filter fields twice: ``f_<field>`` as text (``""``
for a missing value, as the local backend's ``COALESCE(field, '')``) and, where the text reads as
a number, ``n_<field>`` as a float (SQLite's ``CAST(field AS REAL)``: the leading number, else 0).
The date is also ``d_date``, the ISO date as the integer YYYYMMDD, so before/after are ranges.

Mapped onto Qdrant conditions (and onto its payload indexes on a server):
``is``/``is not``/``in``/``not in``/``empty``/``not empty`` (keyword match), the numeric
operators (float ranges on ``n_<field>``) and ``before``/``after`` on the date (integer ranges).

Qdrant has no substring match on keywords (its full-text match is token-based), so
``contains``, ``not contains``, ``start with`` and ``end with`` — and ``before``/``after`` on
fields other than the date — are resolved on the documents collection: its filter fields are
scrolled and the condition is evaluated with the very SQL the local backend runs
(:meth:`Condition.to_sql`, on an in-memory SQLite table), which gives the admitted doc ids;
the query then filters by ``doc_id`` with ``MatchAny``. This costs one scroll of the documents'
filter fields per question that uses such an operator.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable

from qdrant_client import models

from rag.index.filters import FIELDS, Condition, MetadataFilter, _as_list, _date, _number, _text

_LEADING_NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NUMERIC = {"=", "≠", ">", "<", "≥", "≤"}
_RESOLVED = {"contains", "not contains", "start with", "end with"}
_NOTHING = models.FieldCondition(key="doc_id", match=models.MatchValue(value="\x00no-document"))


def sqlite_real(text: str) -> float:
    """SQLite's CAST(text AS REAL): the leading number of ``text``, 0.0 if it has none."""
    match = _LEADING_NUMBER.match(text)
    if not match:
        return 0.0
    try:
        return float(match.group())
    except ValueError:
        return 0.0


def filter_payload(fields: dict[str, str | None]) -> dict:
    """The filter fields of a point: ``f_`` (text), ``n_`` (number) and ``d_date``."""
    payload: dict = {}
    for name in FIELDS:
        text = _text(fields.get(name))
        payload[f"f_{name}"] = text
        if text:
            payload[f"n_{name}"] = sqlite_real(text)
    date = payload["f_date"]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        payload["d_date"] = int(date.replace("-", ""))
    return payload


def _keyword(name: str, value: str) -> models.FieldCondition:
    return models.FieldCondition(key=f"f_{name}", match=models.MatchValue(value=value))


def _filter(must=(), must_not=()) -> models.Filter:
    return models.Filter(must=list(must) or None, must_not=list(must_not) or None)


def _needs_documents(condition: Condition) -> bool:
    return condition.operator in _RESOLVED or (condition.operator in ("before", "after") and condition.name != "date")


def _condition(c: Condition, resolve: Callable[[Condition], list[str]]) -> models.Filter | models.FieldCondition:
    op, name = c.operator, c.name
    if _needs_documents(c):
        return models.FieldCondition(key="doc_id", match=models.MatchAny(any=resolve(c))) if resolve(c) else _NOTHING
    if op == "is":
        return _keyword(name, _text(c.value))
    if op == "is not":
        return _filter(must_not=[_keyword(name, _text(c.value))])
    if op in ("in", "not in"):
        values = _as_list(c.value)
        if not values:
            return _NOTHING if op == "in" else _filter()
        match = models.FieldCondition(key=f"f_{name}", match=models.MatchAny(any=values))
        return match if op == "in" else _filter(must_not=[match])
    if op == "empty":
        return _keyword(name, "")
    if op == "not empty":
        return _filter(must_not=[_keyword(name, "")])
    if op in _NUMERIC:
        value = _number(c.value)
        key = f"n_{name}"
        ranges = {"=": models.Range(gte=value, lte=value), ">": models.Range(gt=value), "<": models.Range(lt=value),
                  "≥": models.Range(gte=value), "≤": models.Range(lte=value)}
        if op == "≠":  # a value (not '') that is not the number
            return _filter(must_not=[models.IsEmptyCondition(is_empty=models.PayloadField(key=key)),
                                     models.FieldCondition(key=key, range=models.Range(gte=value, lte=value))])
        return models.FieldCondition(key=key, range=ranges[op])
    if op in ("before", "after"):  # the date: YYYYMMDD integers
        value = int(_date(c.value).replace("-", ""))
        bound = models.Range(lt=value) if op == "before" else models.Range(gt=value)
        return models.FieldCondition(key="d_date", range=bound)
    raise AssertionError(f"unmapped operator {op!r}")


def to_qdrant(where: MetadataFilter | None, documents: Callable[[], Iterable[dict]]) -> models.Filter | None:
    """``where`` as a Qdrant filter over points with filter fields; ``documents`` yields the filter
    fields (``f_*``) and ``doc_id`` of every document, read only if a condition needs them."""
    if where is None or not where.conditions:
        return None
    cache: dict[str, list[str]] = {}  # by repr: values may be lists
    table: list[sqlite3.Connection] = []

    def resolve(condition: Condition) -> list[str]:
        key = repr(condition)
        if key not in cache:
            if not table:
                conn = sqlite3.connect(":memory:")
                conn.execute(f"CREATE TABLE documents (doc_id TEXT, {', '.join(f'{f} TEXT' for f in FIELDS)})")
                conn.executemany(f"INSERT INTO documents VALUES ({', '.join('?' * (len(FIELDS) + 1))})",
                                 ([d["doc_id"], *(d.get(f"f_{f}", "") for f in FIELDS)] for d in documents()))
                table.append(conn)
            sql, params = condition.to_sql()
            cache[key] = [r[0] for r in table[0].execute(f"SELECT doc_id FROM documents WHERE {sql}", params)]
        return cache[key]

    parts = [_condition(c, resolve) for c in where.conditions]
    for conn in table:
        conn.close()
    return models.Filter(must=parts) if where.logical_operator == "and" else models.Filter(should=parts)
