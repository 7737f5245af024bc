"""Who holds a role a document lists on a line of its own (指挥部办公室主任：王立新（街道应急管理办公室主任）…).

Plans and notices name the people of a headquarters or a working group on labelled lines, often with a phone, so
the lines are contact lines, not passages: a question asking who holds the role (办公室主任是谁) is answered from
the line whose label ends with the role the question names, and from no other (no such line: the passages answer).
"""

from __future__ import annotations

import re

_TITLES = (r"主任|副主任|组长|副组长|指挥长|副指挥长|总指挥|副总指挥|负责人|局长|部长|书记|队长|站长|所长|校长|院长|"
           r"经理|联络员")
ROLE_ASKED = re.compile(rf"([\u4e00-\u9fff]{{0,12}}?(?:{_TITLES}))(?:是谁|由谁担任|是哪位|叫什么)")
_LABEL = re.compile(rf"^[\s\u3000]*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]?\s*)?"
                    rf"([\u4e00-\u9fff]{{0,16}}?(?:{_TITLES}))[\s\u3000]*[:：][\s\u3000]*"
                    r"([\u4e00-\u9fff]{2,4})(?=[（(\s\u3000，,；;。]|$)", re.M)
_SHORTEST_ROLE = 4  # characters of the asked role a label must end with (办公室主任, not 主任 alone)


def role_span(text: str, question: str) -> tuple[int, int] | None:
    """The span of the name after the label that ends with the longest tail of the role asked (at least
    ``_SHORTEST_ROLE`` characters, or the whole role when shorter), if exactly one name is so labelled."""
    asked = ROLE_ASKED.search(question)
    if asked is None:
        return None
    role = asked.group(1)
    found: list[tuple[int, tuple[int, int]]] = []
    for line in _LABEL.finditer(text):
        label = line.group(1)
        # (办公室副主任 ends with 主任 only: no tail of 办公室主任 long enough)
        shared = next((n for n in range(len(role), 0, -1) if label.endswith(role[-n:])), 0)
        if shared >= min(_SHORTEST_ROLE, len(role)):
            found.append((shared, line.span(2)))
    if not found:
        return None
    best = max(n for n, _ in found)
    names = {span for n, span in found if n == best}
    return next(iter(names)) if len(names) == 1 else None
