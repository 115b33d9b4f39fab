"""The running gateway's MCP handshake, fetched with the stdlib while `relayboard mcp` loads the MCP SDK to serve
through it (gateway/mcp_proxy.py): a start-up manifest of what the proxy will answer, for gateway/mcp_edge/early.py.

One streamable-HTTP session with the gateway's /mcp, with the key's headers: `initialize` (at the newest handshake
version), `notifications/initialized`, then `tools/list` (the key's tools: the gateway filters them by its grants)
and the prompt and resource-template listings it advertises; the session is then deleted. The proxy opens a session
of its own once the SDK has loaded: handing this one over would mean setting the SDK client's negotiated state
(session id, protocol version, the server's capabilities) through its private attributes.

The proxy serves the upstream's listings unchanged and mirrors its `serverInfo`, capabilities and instructions, and
the handshake-era results differ between versions only in `protocolVersion` (see manifest.json), so one session
gives the answers for every version. Anything unexpected (a refused key, a gateway that fails or is slow, a
capability the proxy does not mirror) leaves the handshake to the SDK's path, which says what is wrong.
"""

import http.client
import json
import logging
import threading
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

Json = dict[str, Any]
TIMEOUT_S = 2.0  # each socket operation; a slower gateway is left to the SDK's path
WAIT_S = 3.0  # the longest `manifest` waits for the handshake
CLIENT = {"name": "relayboard-mcp-early", "version": "1"}
LISTINGS = {"prompts/list": "prompts", "resources/templates/list": "resources"}  # listing -> capability it needs
# What the proxy's SDK server advertises for each kind it forwards (handlers only, no change notifications).
MIRRORED = {"tools": {"listChanged": False}, "prompts": {"listChanged": False}}
MIRRORED_RESOURCES = {"listChanged": False, "subscribe": False}


class UpstreamRefused(Exception):
    """The gateway did not give the handshake an MCP client expects."""


class UpstreamHandshake:
    """Fetches the gateway's handshake on a thread from `start`; `manifest` waits for it, with a bound."""

    def __init__(self, endpoint: str, headers: dict[str, str], committed: Json) -> None:
        self._endpoint, self._headers, self._committed = endpoint, headers, committed
        self._done = threading.Event()
        self._manifest: Json | None = None

    def start(self) -> None:
        threading.Thread(target=self._fetch, name="mcp-early-upstream", daemon=True).start()

    def manifest(self) -> Json | None:
        """A start-up manifest of the proxy's answers, or None: none could be fetched within `WAIT_S`. Blocks."""
        self._done.wait(WAIT_S)
        return self._manifest

    def _fetch(self) -> None:
        try:
            self._manifest = self._handshake()
        except (OSError, ValueError, http.client.HTTPException, UpstreamRefused) as exc:
            logger.info("relayboard mcp: no early handshake through the gateway at %s (%s)", self._endpoint, exc)
        finally:
            self._done.set()

    def _handshake(self) -> Json:
        latest: str = self._committed["latest"]
        with _Session(self._endpoint, self._headers) as session:
            hello = {"protocolVersion": latest, "capabilities": {}, "clientInfo": CLIENT}
            initialized = session.request("initialize", hello)
            capabilities = initialized.get("capabilities")
            if not isinstance(capabilities, dict) or not _mirrored(capabilities):
                raise UpstreamRefused(f"capabilities the proxy does not mirror: {capabilities}")
            session.notify("notifications/initialized")
            listings = {"tools/list": session.request("tools/list")}
            for method, kind in LISTINGS.items():
                if kind in capabilities:
                    listings[method] = session.request(method)
        versions = {
            version: {"initialize": initialized | {"protocolVersion": version}, "ping": served["ping"], **listings}
            for version, served in self._committed["versions"].items()
        }
        return {"latest": latest, "versions": versions}


def _mirrored(capabilities: Json) -> bool:
    """Whether the proxy's SDK server advertises the same (it derives its capabilities from its handlers)."""
    if "tools" not in capabilities:
        return False
    expected = MIRRORED | {"resources": MIRRORED_RESOURCES}
    return all(capabilities[kind] == expected.get(kind) for kind in capabilities)


class _Session:
    """One MCP session over streamable HTTP on one keep-alive connection; deleted on exit."""

    def __init__(self, endpoint: str, headers: dict[str, str]) -> None:
        parts = urlsplit(endpoint)
        connection = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self._connection = connection(parts.netloc, timeout=TIMEOUT_S)
        self._path = parts.path or "/"
        self._headers = {
            **headers,
            "accept": "application/json, text/event-stream",
            "content-type": "application/json",
        }
        self._next_id = 1

    def __enter__(self) -> "_Session":
        return self

    def __exit__(self, *_: object) -> None:
        if "mcp-session-id" in self._headers:
            try:  # the gateway would otherwise keep the session until it expires
                self._connection.request("DELETE", self._path, headers=self._headers)
                self._connection.getresponse().read()
            except (OSError, http.client.HTTPException):
                logger.debug("could not delete the early MCP session", exc_info=True)
        self._connection.close()

    def request(self, method: str, params: Json | None = None) -> Json:
        """The result of one request.

        Raises:
            UpstreamRefused: the gateway answered with an HTTP or JSON-RPC error, or no answer to it.
        """
        request_id, self._next_id = self._next_id, self._next_id + 1
        message: Json = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        response = self._post(message)
        if method == "initialize":
            session_id = response.getheader("mcp-session-id")
            if session_id:
                self._headers["mcp-session-id"] = session_id
        answer = _answer_to(response, request_id)
        if not response.isclosed():  # an event stream left open: the next request needs a connection of its own
            self._connection.close()
        if "result" not in answer or not isinstance(answer["result"], dict):
            raise UpstreamRefused(f"{method}: {answer.get('error', answer)}")
        result: Json = answer["result"]
        if method == "initialize":
            self._headers["mcp-protocol-version"] = str(result.get("protocolVersion"))
        return result

    def notify(self, method: str) -> None:
        self._post({"jsonrpc": "2.0", "method": method}).read()

    def _post(self, message: Json) -> http.client.HTTPResponse:
        self._connection.request("POST", self._path, body=json.dumps(message).encode("utf-8"), headers=self._headers)
        response = self._connection.getresponse()
        if response.status not in (200, 202):
            response.read()
            raise UpstreamRefused(f"HTTP {response.status} to {message['method']}")
        return response


def _answer_to(response: http.client.HTTPResponse, request_id: int) -> Json:
    """The JSON-RPC response to `request_id` in a JSON or server-sent-events body."""
    kind = (response.getheader("content-type") or "").split(";")[0].strip()
    if kind == "application/json":
        return _matching([json.loads(response.read())], request_id)
    if kind != "text/event-stream":
        response.read()
        raise UpstreamRefused(f"unexpected content type {kind!r}")
    data: list[str] = []
    for raw in response:  # event by event: the stream may stay open after the answer
        line = raw.decode("utf-8").rstrip("\r\n")
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        elif not line and data:
            message = json.loads("\n".join(data))
            data = []
            if isinstance(message, dict) and message.get("id") == request_id:
                return message
    return _matching([json.loads("\n".join(data))] if data else [], request_id)


def _matching(messages: list[Any], request_id: int) -> Json:
    for message in messages:
        if isinstance(message, dict) and message.get("id") == request_id:
            return message
    raise UpstreamRefused(f"no answer to request {request_id}")
