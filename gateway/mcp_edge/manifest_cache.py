"""Start-up manifests of deployments whose settings change the edge's texts or limits, kept in the data dir.

The committed manifest (gateway/mcp_edge/manifest.json) describes the default settings only. For any other facts
`relayboard mcp` serves from the SDK and, once serving, writes the manifest its live server serves here, so the next
start with the same settings answers the handshake before the SDK loads. Stdlib only: it is read before the SDK is
imported.

A cached file is named by a hash of its facts and of the committed manifest's bytes: an upgrade that changes any
text or the SDK's serialisation changes the committed manifest (its drift test sees to that), and so the name.
A cached manifest that still differs from what the SDK answers (the replay's check, gateway/mcp_edge/early.py) is
rewritten by that start.
"""

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from gateway.mcp_edge.early import committed_manifest_bytes

Json = dict[str, Any]
CACHE_DIR = "mcp-edge"


class ManifestCache:
    """The cached start-up manifest of one deployment's facts, under `data_dir`."""

    def __init__(self, data_dir: Path, facts: Json) -> None:
        self.facts = facts
        digest = hashlib.sha256(committed_manifest_bytes())
        digest.update(json.dumps(facts, sort_keys=True).encode("utf-8"))
        self.path = data_dir / CACHE_DIR / f"manifest-{digest.hexdigest()[:24]}.json"

    def load(self) -> Json | None:
        """The cached manifest, or None when there is none (or it is unreadable, or of other facts)."""
        try:
            manifest = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(manifest, dict) or manifest.get("facts") != self.facts:
            return None
        return manifest

    def store(self, manifest: Json) -> None:
        """Write `manifest` atomically (a reader sees the old file or the new one, never part of one).

        Raises:
            ValueError: `manifest` is of other facts than this cache's.
            OSError: the data dir cannot be written.
        """
        if manifest.get("facts") != self.facts:
            raise ValueError("this manifest was built from other settings than the cache is for")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".manifest-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(manifest, out, ensure_ascii=False, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
