"""Which place lies in which, as the CC-CEDICT glosses say (泰和县 /Taihe county, Jiangxi/).

A county's document rarely names its province, and a question may name both (Taihe County, Jiangxi).
The dictionary's gloss of a county or city names the prefecture and province it lies in, so the
province is met by a document about the county without a list of places.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.text.cedict import cedict_entries
from rag.text.stored import stored

_SUFFIXES = ("", "县", "市", "区", "旗")
_LEAD_NAME = re.compile(r"^([A-Z][A-Za-z']+)")
# 辽宁 /…, capital Shenyang/: the capital lies in the province, not the province in it (沈阳 /capital of Liaoning/).
_CAPITAL = re.compile(r"\bcapital\b(?!\s+of\b)[^/;]*")


@stored
def _glosses() -> dict[str, str]:
    """Simplified proper name (capitalised pinyin, two characters or more) -> its glosses."""
    found: dict[str, str] = {}
    for parts, glosses in cedict_entries():
        if len(parts) >= 3 and len(parts[1]) >= 2 and parts[2][1:2].isupper():
            found[parts[1]] = found.get(parts[1], "") + glosses
    return found


@lru_cache(maxsize=4096)
def lies_in(inner: str, outer: str) -> bool:
    """Whether the dictionary places ``inner`` (泰和, 龙江县) inside ``outer`` (江西, 齐齐哈尔): a gloss of inner,
    or of inner with an administrative suffix, names outer in characters or by its English name."""
    table = _glosses()
    glosses = _CAPITAL.sub("", " ".join(table.get(inner + suffix, "") for suffix in _SUFFIXES))
    if not glosses.strip() or inner == outer:
        return False
    names = {outer} | {m.group(1) for m in (_LEAD_NAME.match(table.get(outer + s, "")) for s in _SUFFIXES) if m}
    return any(re.search(rf"\b{re.escape(name)}\b", glosses) if name.isascii() else name in glosses
               for name in names)


_PLACE_GLOSS = re.compile(r"\b(?:city|county|district|province|prefecture|capital|municipality|town|banner)\b", re.I)


def known_place(name: str) -> bool:
    """Whether the dictionary glosses ``name`` (银川, 合肥), or it with an administrative suffix, as a place: a city,
    county, province … (not 中国 /China/, a country, nor 华为 /Huawei (brand)/)."""
    table = _glosses()
    return any(_PLACE_GLOSS.search(table.get(name + suffix, "")) for suffix in _SUFFIXES)


def warm_up() -> None:
    """Read the glosses now (0.3 s) rather than in the first question that names a county and its province."""
    _glosses()
