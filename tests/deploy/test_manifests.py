"""The deployment files under deploy/ are valid and agree with the code, checked offline.

No Docker engine, cluster or helm binary runs here: compose is checked against the Compose Specification
schema, the kustomize overlays are rendered by kubectl's built-in kustomize and checked against the
Kubernetes schemas, the Dockerfile by hadolint; the rest checks what the files say against the settings
classes, the command line and each other.
"""

import json
import re
import shlex
import sys
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import kubernetes_validate
import pytest
import yaml
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient

from gateway.cli import parser as cli_parser
from gateway.governance.listener import refuse_open_listener
from gateway.governance.store import KeyStore
from gateway.settings import GatewaySettings
from gateway.trusted_hosts import TrustedHostMiddleware
from graph.settings import SystemSettings
from mcp_servers.runner import parse_listen
from tests.deploy.manifests import (
    DEPLOY,
    OVERLAYS,
    ROOT,
    container_environment,
    dockerfile_instructions,
    env_file_names,
    interpolate_defaults,
    load_compose,
    relayboard_services,
    render_overlay,
    setting_names,
    settings_classes,
    workloads,
)
from tools.errors import ConfigurationError

KUBERNETES_VERSION = "1.35.0"
# Compose services without a healthcheck, and why.
NO_HEALTHCHECK = {
    "demo-data": "a one-shot job: dependants wait for service_completed_successfully",
    "otel-collector": "the contrib image is FROM scratch: nothing can run inside it",
}
MCP_SERVERS = ("retrieval", "sql", "summarise")
PROBES = ("startupProbe", "readinessProbe", "livenessProbe")
# What the gateway may spend after RELAYBOARD_MCP_START_TIMEOUT_S before /healthz answers (migrations, a slow node).
STARTUP_MARGIN_S = 30


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


@pytest.fixture(scope="module", params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> tuple[str, list[dict[str, Any]]]:
    """(overlay name, its rendered objects)."""
    return request.param, render_overlay(request.param)


@pytest.fixture(scope="module")
def rendered(overlay: tuple[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return overlay[1]


def unknown_settings(names: set[str] | list[str]) -> list[str]:
    """The names that are neither a Relayboard setting nor left to the OpenTelemetry SDK."""
    known = setting_names()
    return sorted(name for name in names if name not in known and not name.startswith("OTEL_"))


def parse_with_settings(environment: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Build every settings class from `environment`, as the processes would."""
    with monkeypatch.context() as scoped:
        for name, value in environment.items():
            scoped.setenv(name, value)
        for settings_class in settings_classes():
            settings_class()


def check_command(argv: list[str]) -> None:
    """`argv` starts a real process: a `relayboard` command the CLI accepts, or an MCP server module."""
    if argv[0] == "relayboard":
        try:
            cli_parser().parse_args(argv[1:])
        except SystemExit:
            pytest.fail(f"`{shlex.join(argv)}` is not a command `relayboard` accepts")
    elif argv[:2] == ["python", "-m"]:
        module = argv[2]
        assert module in {f"mcp_servers.{name}" for name in MCP_SERVERS}, f"{module} is not one of our MCP servers"
        assert (ROOT / module.replace(".", "/") / "__main__.py").is_file(), f"{module} cannot run with -m"
        assert argv[3:4] == ["--http"] and len(argv) == 5, f"`{shlex.join(argv)}`: expected --http HOST:PORT"
        parse_listen(argv[4])
    else:
        pytest.fail(f"`{shlex.join(argv)}` is neither `relayboard ...` nor `python -m mcp_servers.NAME ...`")


def host_check_status(environment: dict[str, str], host: str, path: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """The status the gateway's Host check gives a request for `path` with `Host: host`, under `environment`."""
    with monkeypatch.context() as scoped:
        for name, value in environment.items():
            scoped.setenv(name, value)
        allowed = GatewaySettings().trusted_hosts()
    checked = TrustedHostMiddleware(PlainTextResponse("ok"), allowed)
    return TestClient(checked).get(path, headers={"host": host}).status_code  # no lifespan: the check is per request


def external_secret_keys(overlay: str) -> tuple[set[str], set[str]] | None:
    """(required, optional) keys of the Secret an overlay expects to exist already, from its
    relayboard-secrets.env.example (a commented-out key is optional); None when the overlay lists none."""
    path = DEPLOY / "k8s" / "overlays" / overlay / "relayboard-secrets.env.example"
    if not path.is_file():
        return None
    listed = set(env_file_names(path))
    required = {line.split("=", 1)[0] for line in path.read_text().splitlines() if re.match(r"^[A-Z][A-Z0-9_]*=", line)}
    return required, listed - required


def listen_port(argv: list[str]) -> int:
    return parse_listen(argv[4])[1]


def assert_pinned(image: str, where: str) -> None:
    name, _, tag = image.rpartition(":")
    assert name and "/" not in tag, f"{where}: image {image!r} has no tag; pin a version"
    assert tag != "latest" and re.search(r"\d", tag), f"{where}: image {image!r} is not pinned to a version"


# ---- the checks' own contract: a misspelt or renamed setting is caught ----


def test_a_name_no_settings_class_reads_is_reported() -> None:
    assert unknown_settings(["RELAYBOARD_MCP_TRANSPORT", "OTEL_SERVICE_NAME", "RELAYBOARD_MCP_TRANSPOT"]) == [
        "RELAYBOARD_MCP_TRANSPOT"
    ]


def test_interpolation_defaults_are_what_compose_uses_when_unset() -> None:
    assert (
        interpolate_defaults("postgresql://u:${POSTGRES_PASSWORD:-relayboard}@db/x") == "postgresql://u:relayboard@db/x"
    )


# ---- compose ----


def test_compose_file_is_valid_against_the_compose_specification(compose: dict[str, Any]) -> None:
    schema = json.loads((Path(__file__).parent / "compose-spec.json").read_text())
    jsonschema.Draft7Validator(schema).validate(compose)


def test_every_long_running_compose_service_has_a_healthcheck_and_restarts(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        if name in NO_HEALTHCHECK:
            continue
        assert service.get("healthcheck", {}).get("test"), f"compose service {name} has no healthcheck"
        assert service.get("restart") in ("unless-stopped", "always", "on-failure"), f"{name} is not restarted"


def test_compose_services_start_only_once_what_they_need_is_healthy(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name, service in services.items():
        depends_on = service.get("depends_on", {})
        assert isinstance(depends_on, dict), f"{name}: give depends_on conditions, not a list"
        for dependency, spec in depends_on.items():
            condition = spec["condition"]
            if condition == "service_healthy":
                assert services[dependency].get("healthcheck", {}).get("test"), f"{name} waits on {dependency}"
            elif condition == "service_completed_successfully":
                assert services[dependency].get("restart") == "no", f"{dependency} must be a one-shot"
            else:
                assert dependency in NO_HEALTHCHECK, f"{name} should wait for {dependency} to be healthy"
    gateway_waits_for = services["gateway"]["depends_on"]
    for server in MCP_SERVERS:
        assert gateway_waits_for[f"mcp-{server}"] == {"condition": "service_healthy"}


def test_compose_publishes_on_loopback_unless_the_operator_says_otherwise(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert interpolate_defaults(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"


def test_compose_sets_only_real_settings_and_their_values_parse(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, service in relayboard_services(compose).items():
        environment = {key: interpolate_defaults(str(value)) for key, value in service["environment"].items()}
        assert unknown_settings(set(environment)) == [], f"compose service {name} sets unknown variables"
        parse_with_settings(environment, monkeypatch)
    assert unknown_settings(env_file_names(DEPLOY / "relayboard.env.example")) == []


def test_compose_commands_are_real_commands(compose: dict[str, Any]) -> None:
    for service in relayboard_services(compose).values():
        check_command(service["command"])


def test_compose_ports_agree_between_servers_healthchecks_and_the_gateway(compose: dict[str, Any]) -> None:
    services = compose["services"]
    gateway_env = services["gateway"]["environment"]
    for server in MCP_SERVERS:
        service = services[f"mcp-{server}"]
        port = listen_port(service["command"])
        assert f"'127.0.0.1', {port})" in service["healthcheck"]["test"][-1], f"mcp-{server} checks another port"
        url = urlsplit(gateway_env[f"RELAYBOARD_MCP_{server.upper()}_URL"])
        assert (url.hostname, url.port, url.path) == (f"mcp-{server}", port, "/mcp")
    gateway_port = int(gateway_env["RELAYBOARD_PORT"])
    assert interpolate_defaults(services["gateway"]["ports"][0]).endswith(f":{gateway_port}")
    assert f"127.0.0.1:{gateway_port}/readyz" in services["gateway"]["healthcheck"]["test"][-1]
    collector = yaml.safe_load((DEPLOY / "otel" / "collector.yaml").read_text())
    http_receiver = collector["receivers"]["otlp"]["protocols"]["http"]["endpoint"]
    otlp = urlsplit(services["gateway"]["environment"]["OTEL_EXPORTER_OTLP_ENDPOINT"])
    assert (otlp.hostname, otlp.port) == ("otel-collector", int(http_receiver.rpartition(":")[2]))


def test_compose_images_are_pinned(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        assert_pinned(service["image"], f"compose service {name}")


# ---- the collector ----


def merged_collector(*names: str) -> dict[str, Any]:
    """The collector's view of several --config files: maps merge, later values (lists too) replace earlier."""

    def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
        out = dict(base)
        for key, value in over.items():
            out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        return out

    config: dict[str, Any] = {}
    for name in names:
        config = merge(config, yaml.safe_load((DEPLOY / "otel" / name).read_text()))
    return config


@pytest.mark.parametrize(
    ("overlay", "destinations"),
    [("collector.yaml", {"jaeger:4317"}), ("collector-mlflow.yaml", {"jaeger:4317", "http://mlflow:5000/v1/traces"})],
)
def test_the_collector_fans_traces_out_to_the_configured_backends(
    compose: dict[str, Any], overlay: str, destinations: set[str]
) -> None:
    command = [interpolate_defaults(arg) for arg in compose["services"]["otel-collector"]["command"]]
    assert command[0] == "--config=/etc/relayboard/collector.yaml"
    assert command[1].startswith("--config=/etc/relayboard/")
    config = merged_collector("collector.yaml", overlay)
    pipeline = config["service"]["pipelines"]["traces"]
    for kind in ("receivers", "processors", "exporters"):
        undefined = set(pipeline[kind]) - set(config[kind])
        assert not undefined, f"{overlay}: the traces pipeline names undefined {kind} {undefined}"
    exporters = [config["exporters"][name] for name in pipeline["exporters"]]
    assert {exporter.get("endpoint") or exporter.get("traces_endpoint") for exporter in exporters} == destinations
    for destination in destinations:
        assert urlsplit(f"//{destination}" if "://" not in destination else destination).hostname in compose["services"]


def test_the_mlflow_env_file_starts_mlflow_and_selects_its_collector_overlay(compose: dict[str, Any]) -> None:
    lines = (DEPLOY / "mlflow.env").read_text().splitlines()
    settings = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert settings["COMPOSE_PROFILES"] in compose["services"]["mlflow"]["profiles"]
    assert (DEPLOY / "otel" / settings["COLLECTOR_OVERLAY"]).is_file()
    assert "${COLLECTOR_OVERLAY:-" in compose["services"]["otel-collector"]["command"][1]


# ---- Kubernetes ----


def test_rendered_overlays_are_valid_kubernetes_objects(rendered: list[dict[str, Any]]) -> None:
    kinds = {doc["kind"] for doc in rendered}
    assert {"Deployment", "Service", "ConfigMap"} <= kinds
    for doc in rendered:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_each_server_and_the_gateway_is_a_separately_scaled_deployment(rendered: list[dict[str, Any]]) -> None:
    deployments = {doc["metadata"]["name"] for doc in rendered if doc["kind"] == "Deployment"}
    expected = {"relayboard-gateway"} | {f"relayboard-mcp-{server}" for server in MCP_SERVERS}
    assert deployments == expected


def test_k8s_pods_run_non_root_read_only_with_probes_and_resources(rendered: list[dict[str, Any]]) -> None:
    for where, pod in workloads(rendered):
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] > 0, where
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True and security["allowPrivilegeEscalation"] is False, where
            assert {"requests", "limits"} <= set(container["resources"]), f"{where}: requests and limits"
            if where.startswith("Deployment/"):
                assert {"readinessProbe", "livenessProbe"} <= set(container), f"{where} has no probes"


def test_k8s_sets_only_real_settings_and_their_values_parse(
    rendered: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    for doc in rendered:
        if doc["kind"] in ("ConfigMap", "Secret"):
            assert unknown_settings(set(doc.get("data", {}))) == [], f"{doc['kind']} {doc['metadata']['name']}"
    for where, pod in workloads(rendered):
        for container in pod["containers"]:
            names, values = container_environment(rendered, container)
            assert unknown_settings(names) == [], f"{where} sets unknown variables"
            parse_with_settings(values, monkeypatch)


def test_k8s_secrets_stay_out_of_the_configmap(rendered: list[dict[str, Any]]) -> None:
    secret_like = re.compile(r"(API_KEYS?|PASSWORD|CHECKPOINT_URL)$")
    for doc in rendered:
        if doc["kind"] == "ConfigMap":
            assert not [key for key in doc["data"] if secret_like.search(key)], "secrets belong in the Secret"


def test_k8s_commands_are_real_commands(rendered: list[dict[str, Any]]) -> None:
    for _, pod in workloads(rendered):
        for container in pod["containers"]:
            check_command(container["command"])


def test_k8s_ports_agree_between_commands_probes_services_and_settings(rendered: list[dict[str, Any]]) -> None:
    services = {doc["metadata"]["name"]: doc for doc in rendered if doc["kind"] == "Service"}
    deployments = {doc["metadata"]["name"]: doc for doc in rendered if doc["kind"] == "Deployment"}
    settings = next(doc["data"] for doc in rendered if doc["kind"] == "ConfigMap")
    served: dict[tuple[str, int], str] = {}  # (service, port) -> what listens behind it
    for name, service in services.items():
        deployment = deployments[name]
        assert service["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        ports = {port["name"]: port["containerPort"] for port in container["ports"]}
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            check = container[probe].get("httpGet") or container[probe]["tcpSocket"]
            assert check["port"] in ports, f"{name}: {probe} names no container port"
        for port in service["spec"]["ports"]:
            served[(name, port["port"])] = f"{name}:{ports[port['targetPort']]}"
        if container["command"][0] == "python":
            assert listen_port(container["command"]) == ports["mcp"], f"{name} listens elsewhere than its port"
        else:
            assert int(settings["RELAYBOARD_PORT"]) == ports["http"]
    for server in MCP_SERVERS:
        url = urlsplit(settings[f"RELAYBOARD_MCP_{server.upper()}_URL"])
        assert url.path == "/mcp" and url.hostname is not None and url.port is not None
        assert (url.hostname, url.port) in served, f"no Service answers {url.geturl()}"
        assert served[(url.hostname, url.port)] == f"relayboard-mcp-{server}:{url.port}"


def test_k8s_http_probes_send_a_host_the_overlays_allowed_hosts_accept(
    overlay: tuple[str, list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    name, docs = overlay
    checked = 0
    for where, pod in workloads(docs):
        for container in pod["containers"]:
            _, values = container_environment(docs, container)
            for probe in PROBES:
                http = container.get(probe, {}).get("httpGet")
                if http is None:
                    continue
                headers = {header["name"].lower(): header["value"] for header in http.get("httpHeaders", [])}
                assert "host" in headers, (
                    f"overlays/{name} {where}: {probe} sends no Host header, so kubelet sends the pod IP, "
                    "which the gateway's Host check refuses with 421"
                )
                status = host_check_status(values, headers["host"], http["path"], monkeypatch)
                assert status == 200, (
                    f"overlays/{name} {where}: {probe} sends Host {headers['host']!r}, which its "
                    f"RELAYBOARD_ALLOWED_HOSTS refuses ({status}): the pod would restart in a loop"
                )
                checked += 1
    assert checked >= 3, f"overlays/{name}: the gateway's three probes were not all found"


def test_k8s_every_required_secret_key_exists_in_the_overlay_or_its_external_secret_list(
    overlay: tuple[str, list[dict[str, Any]]],
) -> None:
    name, docs = overlay
    secrets = {doc["metadata"]["name"]: set(doc.get("data", {})) for doc in docs if doc["kind"] == "Secret"}
    external = external_secret_keys(name)
    for where, pod in workloads(docs):
        for container in pod["containers"]:
            for entry in container.get("env", []):
                ref = entry.get("valueFrom", {}).get("secretKeyRef")
                if ref is None:
                    continue
                key, optional = ref["key"], ref.get("optional", False)
                if ref["name"] in secrets:
                    assert optional or key in secrets[ref["name"]], (
                        f"overlays/{name} {where}: the Secret {ref['name']} has no {key}, which the container "
                        "requires: the pod stops at CreateContainerConfigError"
                    )
                    continue
                assert external is not None, (
                    f"overlays/{name} {where}: no Secret {ref['name']} is rendered and the overlay has no "
                    "relayboard-secrets.env.example saying which keys it must have"
                )
                required, optional_keys = external
                listed = required if not optional else required | optional_keys
                assert key in listed, f"overlays/{name} {where}: relayboard-secrets.env.example does not list {key}" + (
                    "" if optional else " as required (uncommented)"
                )


def test_k8s_overlays_that_bring_their_own_secret_start_a_gateway_with_a_key(
    overlay: tuple[str, list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The image listens on every address, where the gateway refuses to start with no key; an overlay whose
    Secret is rendered (dev) starts on an empty key store, so its Secret must bring a bootstrap key."""
    name, docs = overlay
    if not any(doc["kind"] == "Secret" for doc in docs):
        pytest.skip(f"overlays/{name} takes its Secret (and its keys) from outside the manifests")
    image_env = dict(
        pair.split("=", 1)
        for instruction, arguments in dockerfile_instructions(DEPLOY / "Dockerfile")
        if instruction == "ENV"
        for pair in arguments.split()
        if pair.startswith("RELAYBOARD_")
    )
    deployment = next(
        doc for doc in docs if doc["kind"] == "Deployment" and doc["metadata"]["name"].endswith("gateway")
    )
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    _, values = container_environment(docs, container)
    with monkeypatch.context() as scoped:
        for variable, value in {**image_env, **values}.items():
            scoped.setenv(variable, value)
        settings = GatewaySettings()
    store = KeyStore.at("sqlite://")
    store.migrate()
    try:
        refuse_open_listener(settings, store)
    except ConfigurationError as exc:
        pytest.fail(f"overlays/{name}: the gateway would refuse to start: {exc}")
    finally:
        store.close()


def test_k8s_gateway_startup_probe_outlasts_the_mcp_start_timeout(rendered: list[dict[str, Any]]) -> None:
    deployment = next(
        doc for doc in rendered if doc["kind"] == "Deployment" and doc["metadata"]["name"].endswith("gateway")
    )
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    _, values = container_environment(rendered, container)
    default = SystemSettings.model_fields["mcp_start_timeout_s"].default
    start_timeout_s = float(values.get("RELAYBOARD_MCP_START_TIMEOUT_S", default))
    probe = container["startupProbe"]
    window_s = probe.get("initialDelaySeconds", 0) + probe["periodSeconds"] * probe["failureThreshold"]
    assert window_s >= start_timeout_s + STARTUP_MARGIN_S, (
        f"the gateway's startupProbe gives up after {window_s} s, and start-up may wait {start_timeout_s} s for the "
        f"MCP servers alone: allow at least {start_timeout_s + STARTUP_MARGIN_S:.0f} s"
    )


def test_k8s_images_are_pinned(rendered: list[dict[str, Any]]) -> None:
    for where, pod in workloads(rendered):
        for container in pod["containers"]:
            assert_pinned(container["image"], where)


# ---- the image ----


def test_the_image_runs_as_a_numeric_non_root_user_with_a_healthcheck() -> None:
    instructions = dockerfile_instructions(DEPLOY / "Dockerfile")
    stages = [i for i, (instruction, _) in enumerate(instructions) if instruction == "FROM"]
    assert len(stages) >= 2, "build in one stage, run in another"
    runtime = instructions[stages[-1] :]
    for instruction, arguments in instructions:
        if instruction == "FROM":
            assert_pinned(arguments.split()[0], "Dockerfile")
    users = [arguments for instruction, arguments in runtime if instruction == "USER"]
    assert users and re.fullmatch(r"[1-9]\d*(:[1-9]\d*)?", users[-1]), f"USER must be numeric and non-root: {users}"
    healthcheck = next(arguments for instruction, arguments in runtime if instruction == "HEALTHCHECK")
    assert "/healthz" in healthcheck
    cmd = next(arguments for instruction, arguments in reversed(runtime) if instruction == "CMD")
    check_command(json.loads(cmd))


def test_the_dockerfile_passes_hadolint() -> None:
    import subprocess

    hadolint = Path(sys.executable).parent / "hadolint"
    completed = subprocess.run(
        [str(hadolint), "--no-color", "--failure-threshold", "warning", str(DEPLOY / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def dockerignored(top_level: str) -> bool:
    """Whether .dockerignore leaves `top_level` (a name at the repository root) out: the last match decides."""
    ignored = False
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#") or pattern.startswith("**"):
            continue
        negated = pattern.startswith("!")
        if fnmatch(top_level, pattern.lstrip("!").rstrip("/")):
            ignored = not negated
    return ignored


def test_the_build_context_leaves_out_venv_data_and_git_but_not_what_the_image_copies() -> None:
    for heavy in (".venv", ".relayboard", ".git", ".mypy_cache", "tests", "deploy"):
        assert dockerignored(heavy), f"{heavy} would be sent to the Docker build"
    for instruction, arguments in dockerfile_instructions(DEPLOY / "Dockerfile"):
        if instruction == "COPY" and not arguments.startswith("--from"):
            for source in arguments.split()[:-1]:
                assert (ROOT / source).exists(), f"COPY {source}: no such file"
                assert not dockerignored(source), f"COPY {source}: .dockerignore leaves it out"
