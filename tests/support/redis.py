"""A throw-away Redis server for tests: Debian's redis-server on 127.0.0.1, a free port, nothing on disk."""

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evals.harness.processes import free_port, wait_until


class RedisUnavailable(RuntimeError):
    """Redis cannot be started here; the message says why."""


@contextmanager
def running_redis() -> Iterator[str]:
    """Start a server and yield its URL.

    Raises:
        RedisUnavailable: redis-server is not installed or did not start (the message carries its log).
    """
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisUnavailable("redis-server is not installed: `apt-get install -y redis-server` (what .ci/run does)")
    root = Path(tempfile.mkdtemp(prefix="relayboard-redis-"))
    port, log = free_port(), root / "server.log"
    options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(root)]
    with log.open("wb") as sink:
        process = subprocess.Popen([binary, *options], stdout=sink, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"

    def answering() -> bool:
        try:
            return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
        except redis.ConnectionError:
            return False

    try:
        try:
            wait_until(answering, timeout=30, what="redis-server answering PING", process=process, log=log)
        except (RuntimeError, TimeoutError) as exc:
            raise RedisUnavailable(str(exc)) from exc
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
