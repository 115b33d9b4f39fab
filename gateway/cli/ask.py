"""`relayboard ask`: ask the running gateway over HTTP and print the answer."""

import argparse
import asyncio
import json
from typing import Any

import httpx

from gateway.settings import GatewaySettings
from tools.errors import InvalidInput, UpstreamUnavailable


def render(answer: dict[str, Any]) -> str:
    """A terminal rendering: the answer, then routes, evidence and trace id."""
    lines = [answer["answer"], "", f"routes: {' -> '.join(answer['routes'])} ({answer['mode']} mode)"]
    for index, citation in enumerate(answer.get("citations", []), start=1):
        lines.append(f"[{index}] {citation['doc_id']} chars {citation['start']}-{citation['end']}")
    for sql in answer.get("sql", []):
        lines.append(f"sql ({sql['tool']}): {' '.join(sql['sql'].split())}")
    lines.append(f"thread: {answer['thread_id']}  trace: {answer['trace_id']}")
    return "\n".join(lines)


async def ask_remote(question: str, *, url: str | None, thread_id: str | None, as_json: bool) -> int:
    """POST the question to /v1/ask.

    Raises:
        UpstreamUnavailable: the gateway is not running at that URL.
        InvalidInput: the gateway rejected the question.
    """
    settings = GatewaySettings()
    base = (url or settings.client_url()).rstrip("/")
    body: dict[str, Any] = {"question": question}
    if thread_id:
        body["thread_id"] = thread_id
    try:
        async with httpx.AsyncClient(timeout=120) as client:
            response = await client.post(f"{base}/v1/ask", json=body, headers=settings.client_headers())
    except httpx.TransportError as exc:
        raise UpstreamUnavailable(f"no Relayboard gateway at {base} ({exc}): start it with `make run`") from exc
    if response.status_code >= 400:
        detail = response.json().get("detail", response.text) if response.content else response.reason_phrase
        if response.status_code < 500:
            raise InvalidInput(str(detail))
        raise UpstreamUnavailable(str(detail))
    answer = response.json()
    print(json.dumps(answer, indent=2, ensure_ascii=False) if as_json else render(answer))
    return 0


def run(args: argparse.Namespace) -> int:
    """`relayboard ask QUESTION`: see `ask_remote`."""
    return asyncio.run(ask_remote(args.question, url=args.url, thread_id=args.thread_id, as_json=args.json))
