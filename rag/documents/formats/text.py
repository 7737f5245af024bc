"""Decoding plain text (.txt, .md and the bytes of an HTML page) whose encoding nobody declared.

Chinese government text arrives as UTF-8 (with or without a BOM), UTF-16 with a BOM
(Windows Notepad's "Unicode"), GBK/GB18030 (older Windows tools and mainland sites) or
Big5 (Taiwan, Hong Kong). charset-normalizer picks the encoding (byte order marks, an
HTML page's own ``<meta charset>``, its mess detector), limited to those encodings:
first among Unicode and GB18030, Big5 only if none of them fits, since a short
simplified-Chinese text may also decode as Big5.

Two rules of ours stay on top of it. Its mess detector excludes some genuine GB18030 text
dense with figures and percentages (measured on the corpus: a 400-character passage of a
work report), so its threshold is raised; and since GB18030 accepts nearly any byte
string, a GB18030 reading must then look like mainland text (mostly GB2312 characters),
which refuses Shift-JIS or EUC-KR text read as GB18030. NUL bytes are binary data,
whatever the detector makes of them.
"""

from __future__ import annotations

from collections import Counter

from charset_normalizer import from_bytes

from rag.documents.formats.base import UnsupportedDocument

# Tried in this order; Python's codec names as charset-normalizer spells them.
_ENCODING_GROUPS = (("utf_8", "utf_16", "gb18030"), ("big5",))
# charset-normalizer's default (0.2) refuses figure-dense GB18030 passages; Shift-JIS read as
# GB18030 scores 0.2 too, which the GB2312 rule below refuses.
_MAX_MESS = 0.3
# Nearly every character of a mainland document lies in GB2312; text in another encoding
# read as GB18030 gives rare ideographs from GBK's extension areas instead.
_MIN_GB2312_SHARE = 0.8


def _reject(file_name: str, why: str) -> UnsupportedDocument:
    return UnsupportedDocument(
        file_name,
        f"not text in a supported encoding: {why} (supported: UTF-8, UTF-16 with a BOM, GBK/GB18030, Big5)",
    )


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _looks_like_mainland_text(text: str) -> bool:
    counts = Counter(ch for ch in text if not ch.isascii())
    in_gb2312 = sum(n for ch, n in counts.items() if _in_gb2312(ch))
    return in_gb2312 >= _MIN_GB2312_SHARE * sum(counts.values())


def _name(encoding: str, data: bytes, bom: bool) -> str:
    """The encoding as reported (``utf-8-sig``, ``utf-16-le``, ``gb18030`` ...)."""
    if encoding == "utf_8":
        return "utf-8-sig" if bom else "utf-8"
    if encoding == "utf_16":
        return "utf-16-be" if data.startswith(b"\xfe\xff") else "utf-16-le"
    return encoding.replace("_", "-")


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """(text, encoding) of ``data``, without a byte order mark; UnsupportedDocument if it is not such text."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _reject(file_name, "binary data (NUL bytes)")
    for encodings in _ENCODING_GROUPS:
        match = from_bytes(data, cp_isolation=list(encodings), threshold=_MAX_MESS).best()
        if match is None:
            continue
        text = str(match)
        if match.encoding == "gb18030" and not _looks_like_mainland_text(text):
            continue
        return text.removeprefix("\ufeff"), _name(match.encoding, data, match.bom)
    raise _reject(file_name, "not UTF-8, UTF-16, GBK/GB18030 or Big5 text (binary data or another encoding?)")
