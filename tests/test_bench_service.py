"""eval/bench_service.py's --setting: the server settings two runs compare, parsed and checked up front."""

from __future__ import annotations

import argparse

import pytest

from eval.bench_service import _setting


def test_a_setting_is_a_rag_variable_and_its_value():
    assert _setting("RAG_QUERY_PRECISION=fp32") == ("RAG_QUERY_PRECISION", "fp32")
    assert _setting("RAG_QUERY_BATCH_WAIT_MS=0") == ("RAG_QUERY_BATCH_WAIT_MS", "0")
    assert _setting("RAG_API_KEYS=a:b=c") == ("RAG_API_KEYS", "a:b=c")  # the first = splits


@pytest.mark.parametrize("text", ["RAG_QUERY_PRECISION", "QUERY_PRECISION=fp32", "OMP_NUM_THREADS=1", "=fp32"])
def test_anything_else_is_refused_with_the_form_it_should_take(text):
    with pytest.raises(argparse.ArgumentTypeError, match=r"RAG_NAME=VALUE .*got '"):
        _setting(text)
