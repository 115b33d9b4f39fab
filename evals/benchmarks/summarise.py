"""A 100k-word extractive summary end to end through the gateway: seconds, words/s, and where the time goes.

The document is real prose (SciFact abstracts, or the repo's docs repeated when ../shared/data is absent),
pasted into one `POST /v1/ask`. Embedding time is read from the `embeddings` spans the processes export to an
OTLP receiver: every sentence must be embedded once, so that is the floor; the rest should be small beside it.
"""

import json
import time
from pathlib import Path

import httpx

from evals.harness.otlp import OtlpReceiver
from evals.harness.processes import free_port, serving_gateway, system_environment

WORDS = 100_000


def document(scifact: Path, docs: Path) -> tuple[str, str]:
    """About `WORDS` words of prose, paragraphs separated by blank lines, and where they came from."""
    if scifact.exists():
        paragraphs = (json.loads(line)["text"] for line in scifact.open(encoding="utf-8"))
        origin = "SciFact abstracts"
    else:
        paragraphs = (p.read_text(encoding="utf-8") for _ in range(1000) for p in sorted(docs.glob("*.md")))
        origin = "the repo's docs, repeated"
    chosen: list[str] = []
    words = 0
    for paragraph in paragraphs:
        if words >= WORDS:
            break
        chosen.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join(chosen), origin


def run(data_dir: Path, scifact: Path, docs: Path) -> dict[str, object]:
    """Summarise the document once (after a small warm-up request) and account for the time."""
    text, origin = document(scifact, docs)
    with OtlpReceiver(free_port()) as receiver:
        env = system_environment(data_dir, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY="100")
        with serving_gateway(env, data_dir / "bench-summarise.log") as url, httpx.Client(timeout=900) as client:
            client.post(f"{url}/v1/ask", json={"question": "Summarise this: " + text[:2000]}).raise_for_status()
            started = time.perf_counter()
            response = client.post(f"{url}/v1/ask", json={"question": "Summarise this:\n" + text})
            seconds = time.perf_counter() - started
            response.raise_for_status()
            answer = response.json()
            spans = receiver.wait_for(
                answer["trace_id"], lambda spans: any(s.name == "relayboard.request" for s in spans), timeout=60
            )
    embedding = [s for s in spans if s.name == "embeddings"]
    embed_seconds = sum(s.end_ns - s.start_ns for s in embedding) / 1e9
    embedded = sum(int(s.attributes.get("embedding.count", 0)) for s in embedding)
    summary = answer["summaries"][0] if answer["summaries"] else {}
    return {
        "origin": origin,
        "words": len(text.split()),
        "chars": len(text),
        "sentences": summary.get("source_sentences", 0),
        "rounds": summary.get("rounds", 0),
        "seconds": seconds,
        "words_per_s": len(text.split()) / seconds,
        "embed_seconds": embed_seconds,
        "embedded_texts": embedded,
        "embed_share": embed_seconds / seconds,
        "routes": answer["routes"],
    }
