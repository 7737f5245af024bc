"""Optional replies written by an OpenAI-compatible LLM from the retrieved passages.

Off unless ``RAG_LLM_BASE_URL`` is set; the extractive reply is the default and
works offline. The LLM sees numbered passages within a tiktoken budget and a
prompt that demands [n] citations; any [n] it invents (a number that was not
given) is removed from the reply before it reaches the user.
"""

from __future__ import annotations

import logging
import re

import httpx

from rag.search.retrieval import Hit
from rag.text.tokens import count_tokens

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You answer questions about official Chinese government documents using ONLY the numbered passages "
    "provided. After every claim, cite the passage it comes from as [n]. Quote figures exactly as written "
    "(with units such as 万元, 亿元, 项, %). If the passages do not answer the question, say so. "
    "Answer in the language of the question."
)
_CITATION = re.compile(r"\[(\d{1,3})\]")


class GenerationError(RuntimeError):
    """The LLM could not be reached or answered with something unusable."""


def passages_block(passages: list[Hit], documents: dict[str, dict], budget_tokens: int) -> tuple[str, int]:
    """Numbered passages that fit the budget, and how many of them were included."""
    lines, used, included = [], 0, 0
    for n, hit in enumerate(passages, 1):
        doc = documents.get(hit.chunk.doc_id, {})
        label = " ".join(x for x in (doc.get("title"), doc.get("doc_number"), " > ".join(hit.chunk.section)) if x)
        block = f"[{n}] ({label})\n{hit.chunk.text}\n"
        cost = count_tokens(block)
        if included and used + cost > budget_tokens:
            break
        lines.append(block)
        used += cost
        included = n
    return "\n".join(lines), included


def drop_invented_citations(reply: str, valid: int) -> str:
    """Remove [n] markers that do not point at one of the ``valid`` passages given to the model."""
    cleaned = _CITATION.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= valid else "", reply)
    return re.sub(r"[ \t]+([。，.,;；])", r"\1", cleaned).strip()


class LLMWriter:
    def __init__(self, base_url: str, model: str, api_key: str | None, context_tokens: int = 3000,
                 timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.context_tokens = context_tokens
        self.timeout = timeout

    def write(self, question: str, passages: list[Hit], documents: dict[str, dict]) -> str:
        block, included = passages_block(passages, documents, self.context_tokens)
        if not included:
            raise GenerationError("no passage fits the LLM context budget")
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        payload = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": f"Passages:\n{block}\nQuestion: {question}"},
            ],
        }
        try:
            response = httpx.post(f"{self.base_url}/chat/completions", json=payload, headers=headers,
                                  timeout=self.timeout)
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise GenerationError(f"the LLM at {self.base_url} failed: {exc}") from exc
        if not isinstance(content, str) or not content.strip():
            raise GenerationError("the LLM returned an empty reply")
        return drop_invented_citations(content, included)


def llm_writer(settings) -> LLMWriter | None:
    """The writer the settings ask for, or None for extractive replies."""
    if not settings.llm_base_url:
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return LLMWriter(settings.llm_base_url, settings.llm_model, key, settings.llm_context_tokens,
                     settings.llm_timeout_seconds)
