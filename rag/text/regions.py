"""Parts of a province as official text names them: its one-character abbreviation and a direction (粤东 for eastern
Guangdong, 苏北 for northern Jiangsu, 川西北 for northwestern Sichuan).

The dictionary knows the provinces (Guangdong -> 广东) but not these regional names, and a passage that counts
the colleges of 粤东粤西粤北 never writes 广东东部. The abbreviations are the provinces' official ones (陇 for
Gansu, whose 甘 names a prefecture's regions: 甘南 is a prefecture of its own).
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "beijing": "京", "tianjin": "津", "shanghai": "沪", "chongqing": "渝", "hebei": "冀", "shanxi": "晋",
    "liaoning": "辽", "jilin": "吉", "heilongjiang": "黑", "jiangsu": "苏", "zhejiang": "浙", "anhui": "皖",
    "fujian": "闽", "jiangxi": "赣", "shandong": "鲁", "henan": "豫", "hubei": "鄂", "hunan": "湘",
    "guangdong": "粤", "hainan": "琼", "sichuan": "川", "guizhou": "黔", "yunnan": "滇", "shaanxi": "陕",
    "gansu": "陇", "qinghai": "青", "inner mongolia": "蒙", "guangxi": "桂", "tibet": "藏", "ningxia": "宁",
    "xinjiang": "新",
}
# Chinese names a compound direction east or west first (东北, 西南), a province's part with the abbreviation first.
_SIDES = {"east": "东", "west": "西", "south": "南", "north": "北", "central": "中", "middle": "中"}
_DIRECTION = r"(?:north|south)?[- ]?(?:east|west)(?:ern)?|(?:north|south)(?:ern)?|central|middle"
_PROVINCE = "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)).replace(" ", r"\s+")
_REGIONS = re.compile(
    rf"\b((?:{_DIRECTION})(?:\s*,\s*(?:{_DIRECTION}))*(?:\s*,?\s*(?:and|or)\s+(?:{_DIRECTION}))?)\s+({_PROVINCE})\b",
    re.IGNORECASE)
_ONE_DIRECTION = re.compile(_DIRECTION, re.IGNORECASE)


def _side(direction: str) -> str:
    """东北 for northeastern, 西 for western: east or west first, then north or south."""
    word = direction.lower().replace("-", "").replace(" ", "").removesuffix("ern")
    if word in ("central", "middle"):
        return "中"
    across = next((_SIDES[w] for w in ("east", "west") if w in word), "")
    along = next((_SIDES[w] for w in ("north", "south") if word.startswith(w)), "")
    return across + along


def regional_names(question: str) -> list[tuple[str, ...]]:
    """The regional names of each run of directions before a province in an English question (eastern, western
    and northern Guangdong -> 粤东, 粤西, 粤北), one tuple per run."""
    found = []
    for match in _REGIONS.finditer(question):
        abbreviation = ABBREVIATIONS[" ".join(match.group(2).lower().split())]
        sides = [_side(d) for d in _ONE_DIRECTION.findall(match.group(1))]
        found.append(tuple(dict.fromkeys(abbreviation + side for side in sides if side)))
    return [names for names in found if names]
