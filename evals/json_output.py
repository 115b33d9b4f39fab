"""The `--json` file of an evaluation: checked before the run, written whole or not at all."""

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from evals.data_files import data_error

READABLE = 0o644  # mkstemp makes the file 0600; a report is read by others as a plain write would allow


def check_writable(path: Path, option: str = "--json") -> None:
    """Refuse a path (given as `option`) the result could not be written to, before a run spends minutes on it.

    Raises:
        InvalidData: `path` is a folder, or its folder cannot be made or written to.
    """
    must = "a file path in a folder you can write to"
    if path.is_dir():
        raise data_error(path, None, option, must, "a folder")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where a folder should be, or no permission
        raise data_error(path, None, option, must, f"a folder that cannot be made ({exc.strerror})") from exc
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise data_error(path, None, option, must, "a path without write permission")


def write_json(path: Path, result: dict[str, Any]) -> None:
    """Write `result` to `path` through a temporary file beside it, so `path` never holds half a result.

    Raises:
        InvalidData: the file cannot be written (the disk filled, or the folder changed since the check).
    """
    text = json.dumps(result, indent=2, ensure_ascii=False)
    try:
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise data_error(path, None, "--json", "a file that can be written", exc.strerror or str(exc)) from exc
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, READABLE)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise data_error(path, None, "--json", "a file that can be written", exc.strerror or str(exc)) from exc
