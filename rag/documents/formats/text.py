"""Decoding plain text (.txt, .md and the bytes of an HTML page) whose encoding nobody declared.

Chinese government text arrives as UTF-8 (with or without a BOM), UTF-16 with a BOM
(Windows Notepad's "Unicode") or GBK/GB18030 (older Windows tools and sites). Tried in
that order: a BOM settles it, strict UTF-8 almost never accepts anything else, and GB18030
last because it accepts nearly any byte string, so its result must look like Chinese text.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter

from rag.documents.formats.base import UnsupportedDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0/C1 controls other than whitespace, private-use characters and decoding replacements.
_NOT_TEXT_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
_MAX_NOT_TEXT = 0.01
# Nearly every character of a mainland document lies in GB2312; text in another encoding
# read as GB18030 gives rare ideographs from GBK's extension areas instead.
_MIN_GB2312_SHARE = 0.8
_GB_ALIASES = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn"}


def _reject(file_name: str, why: str) -> UnsupportedDocument:
    return UnsupportedDocument(
        file_name, f"not text in a supported encoding: {why} (supported: UTF-8, UTF-16 with a BOM, GBK/GB18030)"
    )


def _codec(label: str) -> str | None:
    """Python's codec for a declared charset; GB2312 and GBK pages are read as their superset GB18030."""
    label = label.strip().lower()
    if label in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _looks_like_text(text: str) -> bool:
    return len(_NOT_TEXT_RE.findall(text)) <= _MAX_NOT_TEXT * len(text)


def _looks_like_chinese(text: str) -> bool:
    counts = Counter(ch for ch in text if not ch.isascii())
    in_gb2312 = sum(n for ch, n in counts.items() if _in_gb2312(ch))
    return in_gb2312 >= _MIN_GB2312_SHARE * sum(counts.values())


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def decode_text(data: bytes, file_name: str, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of ``data``; ``declared`` is a charset the file names itself (HTML's meta)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.removesuffix("-sig"))
            except UnicodeDecodeError as exc:
                raise _reject(file_name, f"invalid {encoding} at byte {exc.start + len(bom)}") from exc
            if not _looks_like_text(text):
                raise _reject(file_name, f"binary data behind a {encoding} byte order mark")
            return text, encoding
    if b"\x00" in data:
        raise _reject(file_name, "binary data (NUL bytes)")

    candidates = ["utf-8"]
    declared_codec = _codec(declared) if declared else None
    if declared_codec and declared_codec not in candidates:
        candidates.append(declared_codec)
    if "gb18030" not in candidates:
        candidates.append("gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text) and (encoding != "gb18030" or _looks_like_chinese(text)):
            return text, encoding
    raise _reject(file_name, "neither UTF-8 nor Chinese GBK/GB18030 text (binary data or another encoding?)")
