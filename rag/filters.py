"""Metadata filters on document fields, with Dify's comparison operators.

The same filter serves Dify's ``metadata_condition`` and the optional ``filters`` of
/ask and /chat: ``{"logical_operator": "and", "conditions": [{"name": "doc_number",
"comparison_operator": "contains", "value": "吉科发"}]}``.
"""

from __future__ import annotations

from collections.abc import Callable
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


def _numeric(compare: Callable[[float, float], bool]) -> Callable[[object, object], bool]:
    def check(field, value) -> bool:
        if field in (None, ""):
            return False
        return compare(_number(field), _number(value))

    return check


_OPERATORS: dict[str, Callable[[object, object], bool]] = {
    "contains": lambda f, v: _text(v) in _text(f),
    "not contains": lambda f, v: _text(v) not in _text(f),
    "start with": lambda f, v: _text(f).startswith(_text(v)),
    "end with": lambda f, v: _text(f).endswith(_text(v)),
    "is": lambda f, v: _text(f) == _text(v),
    "is not": lambda f, v: _text(f) != _text(v),
    "in": lambda f, v: _text(f) in _as_list(v),
    "not in": lambda f, v: _text(f) not in _as_list(v),
    "empty": lambda f, v: _text(f) == "",
    "not empty": lambda f, v: _text(f) != "",
    "=": _numeric(lambda a, b: a == b),
    "≠": _numeric(lambda a, b: a != b),
    ">": _numeric(lambda a, b: a > b),
    "<": _numeric(lambda a, b: a < b),
    "≥": _numeric(lambda a, b: a >= b),
    "≤": _numeric(lambda a, b: a <= b),
    "before": lambda f, v: bool(f) and _date(f) < _date(v),
    "after": lambda f, v: bool(f) and _date(f) > _date(v),
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

    def matches(self, document: dict) -> bool:
        return _OPERATORS[self.operator](document.get(self.name), self.value)


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

    def matches(self, document: dict) -> bool:
        if not self.conditions:
            return True
        results = (c.matches(document) for c in self.conditions)
        return all(results) if self.logical_operator == "and" else any(results)
