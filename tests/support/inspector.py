"""The official MCP Inspector CLI (npm `@modelcontextprotocol/inspector`), run through npx as a developer runs it.

Its client (the TypeScript MCP SDK) validates each tool result's `structuredContent` against the tool's
`outputSchema` and fails the call when they disagree. 0.15 has no `--strict` flag and no header option (so only an
unkeyed `/mcp` can be inspected).
"""

import json
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

PACKAGE = "@modelcontextprotocol/inspector@0.15"  # the newest line that runs on Node 20
FETCH_TIMEOUT_S = 240
CALL_TIMEOUT_S = 120


class InspectorUnavailable(Exception):
    """npx is missing or the package cannot be fetched (the message says which, for a skip)."""


@dataclass(frozen=True)
class Outcome:
    """What one Inspector CLI run printed: its exit code, the JSON result on stdout (if any) and stderr."""

    returncode: int
    result: dict[str, Any] | None
    stderr: str


@dataclass(frozen=True)
class Inspector:
    """The Inspector CLI, fetched into the npx cache; each `run` starts it against one target."""

    npx: str

    @classmethod
    def fetched(cls) -> "Inspector":
        """The CLI once npx has it cached, so later runs do not reach the registry.

        Raises:
            InspectorUnavailable: no npx on PATH, or the package could not be fetched in time.
        """
        npx = shutil.which("npx")
        if npx is None:
            raise InspectorUnavailable("npx is not on PATH: install Node.js 20+ to run the MCP Inspector tests")
        try:
            fetched = subprocess.run(
                [npx, "-y", PACKAGE, "--help"], capture_output=True, text=True, timeout=FETCH_TIMEOUT_S
            )
        except subprocess.TimeoutExpired:
            raise InspectorUnavailable(f"npx could not fetch {PACKAGE} within {FETCH_TIMEOUT_S} s") from None
        if fetched.returncode != 0:
            raise InspectorUnavailable(f"npx could not fetch {PACKAGE}: {fetched.stderr.strip()[-500:]}")
        return cls(npx)

    def run(self, target: list[str], *method: str, env: dict[str, str] | None = None) -> Outcome:
        """`inspector --cli TARGET... METHOD...`: `target` is a URL or a command and its arguments."""
        command = [self.npx, "--prefer-offline", "-y", PACKAGE, "--cli", *target, *method]
        done = subprocess.run(command, capture_output=True, text=True, timeout=CALL_TIMEOUT_S, env=env)
        result = json.loads(done.stdout) if done.returncode == 0 else None
        return Outcome(done.returncode, result, done.stderr)

    def call(self, target: list[str], tool: str, env: dict[str, str] | None = None, **arguments: str) -> Outcome:
        """`tools/call` of `tool` with `arguments` as `--tool-arg key=value` (the CLI types them by the schema)."""
        pairs = [f"{key}={value}" for key, value in arguments.items()]
        return self.run(
            target, "--method", "tools/call", "--tool-name", tool, *(["--tool-arg", *pairs] if pairs else []), env=env
        )
