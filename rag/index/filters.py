"""Metadata filters on document fields, with Dify's comparison operators.

The same filter serves Dify's ``metadata_condition`` and the optional ``filters`` of
/ask and /chat: ``{"logical_operator": "and", "conditions": [{"name": "doc_number",
"comparison_operator": "contains", "value": "吉科发"}]}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.documents import iso_date
from rag.errors import RagError

FIELDS = ("doc_number", "title", "date", "file", "issuer", "addressee", "subject", "id")


class FilterError(RagError):
    """A filter names an unknown field or operator, or has a value of the wrong type."""


def _text(value) -> str:
    return "" if value is None else str(value)


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise FilterError(f"value {value!r} is not a number") from exc


def _date(value) -> str:
    parsed = iso_date(_text(value))
    if parsed is None:
        raise FilterError(f"value {value!r} is not a date (use YYYY-MM-DD)")
    return parsed


def _as_list(value) -> list[str]:
    if not isinstance(value, list):
        raise FilterError(f"value {value!r} must be a list for 'in' and 'not in'")
    return [_text(v) for v in value]


# Each operator as SQL over a documents table whose columns are FIELDS; ``{f}`` is the column with NULL as ''.
_OPERATORS: dict[str, str] = {
    "contains": "instr({f}, ?) > 0",
    "not contains": "instr({f}, ?) = 0",
    "start with": "substr({f}, 1, length(?)) = ?",
    "end with": "(? = '' OR substr({f}, -length(?)) = ?)",
    "is": "{f} = ?",
    "is not": "{f} != ?",
    "in": "{f} IN ({values})",
    "not in": "{f} NOT IN ({values})",
    "empty": "{f} = ''",
    "not empty": "{f} != ''",
    "=": "({f} != '' AND CAST({f} AS REAL) = ?)",
    "≠": "({f} != '' AND CAST({f} AS REAL) != ?)",
    ">": "({f} != '' AND CAST({f} AS REAL) > ?)",
    "<": "({f} != '' AND CAST({f} AS REAL) < ?)",
    "≥": "({f} != '' AND CAST({f} AS REAL) >= ?)",
    "≤": "({f} != '' AND CAST({f} AS REAL) <= ?)",
    "before": "({f} != '' AND {f} < ?)",
    "after": "({f} != '' AND {f} > ?)",
}
OPERATORS = tuple(_OPERATORS)
_NEEDS_NO_VALUE = {"empty", "not empty"}


@dataclass(frozen=True)
class Condition:
    name: str
    operator: str
    value: object = None

    def __post_init__(self) -> None:
        if self.name not in FIELDS:
            raise FilterError(f"unknown filter field {self.name!r}; valid fields: {', '.join(FIELDS)}")
        if self.operator not in _OPERATORS:
            raise FilterError(f"unknown comparison operator {self.operator!r}; valid: {', '.join(OPERATORS)}")
        if self.value is None and self.operator not in _NEEDS_NO_VALUE:
            raise FilterError(f"operator {self.operator!r} on {self.name!r} needs a value")
        if self.operator in ("=", "≠", ">", "<", "≥", "≤"):
            _number(self.value)
        elif self.operator in ("before", "after"):
            _date(self.value)
        elif self.operator in ("in", "not in"):
            _as_list(self.value)

    def to_sql(self) -> tuple[str, list]:
        """This condition as an SQL expression over the documents table, and its parameters."""
        column = f"COALESCE({self.name}, '')"
        template = _OPERATORS[self.operator]
        if self.operator in ("in", "not in"):
            values = _as_list(self.value)
            if not values:
                return ("0" if self.operator == "in" else "1"), []
            return template.format(f=column, values=",".join("?" * len(values))), values
        if self.operator in _NEEDS_NO_VALUE:
            return template.format(f=column), []
        if self.operator in ("before", "after"):
            value: object = _date(self.value)
        elif self.operator in ("=", "≠", ">", "<", "≥", "≤"):
            value = _number(self.value)
        else:
            value = _text(self.value)
        sql = template.format(f=column)
        return sql, [value] * sql.count("?")  # start/end with use the value more than once


@dataclass(frozen=True)
class MetadataFilter:
    conditions: tuple[Condition, ...]
    logical_operator: str = "and"

    def __post_init__(self) -> None:
        if self.logical_operator not in ("and", "or"):
            raise FilterError(f"logical_operator must be 'and' or 'or', got {self.logical_operator!r}")

    @classmethod
    def from_dict(cls, data: dict | None) -> MetadataFilter | None:
        if not data:
            return None
        conditions = data.get("conditions") or []
        if not isinstance(conditions, list):
            raise FilterError("conditions must be a list")
        parsed = []
        for c in conditions:
            if not isinstance(c, dict):
                raise FilterError(f"each condition must be an object, got {c!r}")
            names = c.get("name")
            # Dify's older docs allow a list of field names: one condition per field.
            for name in names if isinstance(names, list) else [names]:
                parsed.append(Condition(str(name), str(c.get("comparison_operator")), c.get("value")))
        return cls(tuple(parsed), str(data.get("logical_operator") or "and"))

    def to_sql(self) -> tuple[str, list]:
        """The filter as one SQL boolean expression over the documents table, and its parameters in order."""
        if not self.conditions:
            return "1", []
        parts, params = [], []
        for condition in self.conditions:
            sql, values = condition.to_sql()
            parts.append(f"({sql})")
            params.extend(values)
        return f" {self.logical_operator.upper()} ".join(parts), params
