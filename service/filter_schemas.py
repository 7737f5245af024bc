"""Document filters as the HTTP API accepts them (/ask, /chat, /v1/chat/completions, Dify's /retrieval)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from rag.index.filters import FIELDS, OPERATORS, MetadataFilter


class ConditionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Literal[FIELDS]  # type: ignore[valid-type]
    comparison_operator: Literal[OPERATORS]  # type: ignore[valid-type]
    value: StrictStr | float | list[StrictStr] | None = None


class FiltersIn(BaseModel):
    """Restrict the search to documents whose header fields match (Dify's metadata_condition)."""

    model_config = ConfigDict(extra="forbid")

    logical_operator: Literal["and", "or"] = "and"
    conditions: list[ConditionIn] = Field(min_length=1, max_length=20)

    def to_filter(self) -> MetadataFilter:
        return MetadataFilter.from_dict(self.model_dump())
