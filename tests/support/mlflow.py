"""MLflow's tracking server (SQLite backend) on 127.0.0.1, from MLflow's own virtualenv.

MLflow is a test-time tool only and its pins conflict with ours (cachetools), so it lives in a venv of its own
under .relayboard/tools, made on first use with pip (a few minutes, ~850 MB) and kept for later runs.
"""

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from evals.harness.processes import REPO, free_port, running

MLFLOW_VERSION = "3.17.2"
VENV = REPO / ".relayboard" / "tools" / f"mlflow-{MLFLOW_VERSION}"

_READ_TRACE = """
import json, sys, mlflow
mlflow.set_tracking_uri(sys.argv[1])
trace = mlflow.get_trace(sys.argv[2])
print(json.dumps(None if trace is None else [[s.name, s.span_type, s.parent_id] for s in trace.data.spans]))
"""


def mlflow_venv() -> Path:
    """The venv holding MLflow, made if absent."""
    if not (VENV / "bin" / "mlflow").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", f"mlflow=={MLFLOW_VERSION}"], check=True)
    return VENV


@dataclass(frozen=True)
class MlflowServer:
    url: str
    python: Path

    @property
    def otlp_traces_endpoint(self) -> str:
        return f"{self.url}/v1/traces"

    def spans(self, trace_id: str) -> list[tuple[str, str, str | None]] | None:
        """(name, span type, parent id) of each span of the trace with W3C id `trace_id`, read through MLflow's
        client API; None while MLflow has no such trace."""
        done = subprocess.run(
            [str(self.python), "-c", _READ_TRACE, self.url, f"tr-{trace_id}"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            if "not found" in done.stderr.lower() or "RESOURCE_DOES_NOT_EXIST" in done.stderr:
                return None
            raise RuntimeError(f"reading trace {trace_id} from MLflow failed:\n{done.stderr[-2000:]}")
        found = json.loads(done.stdout.strip().splitlines()[-1])
        return None if found is None else [tuple(span) for span in found]


@contextmanager
def running_mlflow(work: Path) -> Iterator[MlflowServer]:
    """`mlflow server` with a SQLite store in `work`, until the block ends."""
    venv = mlflow_venv()
    port = free_port()
    command = [
        str(venv / "bin" / "mlflow"),
        "server",
        "--backend-store-uri",
        f"sqlite:///{work / 'mlflow.db'}",
        "--default-artifact-root",
        str(work / "artifacts"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    url = f"http://127.0.0.1:{port}"
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(work)}
    with running(command, env=env, log=work / "mlflow.log", ready_url=f"{url}/health", timeout=180):
        yield MlflowServer(url, venv / "bin" / "python")
