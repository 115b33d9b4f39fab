"""The configuration table in the README and docs, generated from the settings classes."""

from pydantic_settings import BaseSettings

from gateway.governance.settings import GovernanceSettings
from gateway.jobs.settings import JobSettings
from gateway.limits.settings import LimitSettings
from gateway.mcp_edge.settings import EdgeSettings
from gateway.settings import GatewaySettings
from gateway.usage.settings import PayloadSettings
from graph.settings import SystemSettings
from mcp_servers.retrieval.settings import RetrievalServerSettings
from observability import LogSettings, MetricSettings, TraceSettings
from tools.settings import CallTokenSettings, EmbeddingSettings, RerankerSettings, SqlSettings, StoreSettings

SETTINGS_CLASSES: tuple[type[BaseSettings], ...] = (
    GatewaySettings,
    GovernanceSettings,
    PayloadSettings,
    LimitSettings,
    JobSettings,
    EdgeSettings,
    SystemSettings,
    CallTokenSettings,
    RetrievalServerSettings,
    StoreSettings,
    SqlSettings,
    EmbeddingSettings,
    RerankerSettings,
    TraceSettings,
    MetricSettings,
    LogSettings,
)


def variable_name(settings_class: type[BaseSettings], field_name: str) -> str:
    """The environment variable `field_name` of `settings_class` is read from (its alias, or prefix + name)."""
    field = settings_class.model_fields[field_name]
    alias = field.validation_alias
    if isinstance(alias, str):
        return alias.upper()
    return f"{settings_class.model_config.get('env_prefix', '')}{field_name}".upper()


def settings_table() -> str:
    """One Markdown row per variable: name, default, meaning. Variables shared by classes appear once."""
    rows: dict[str, tuple[str, str]] = {}
    for settings_class in SETTINGS_CLASSES:
        for name, field in settings_class.model_fields.items():
            variable = variable_name(settings_class, name)
            if variable in rows:
                continue
            default = field.get_default(call_default_factory=True)
            shown = "" if default is None or default == "" else f"`{default}`"
            rows[variable] = (shown, (field.description or "").replace("|", "\\|"))
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    lines += [f"| `{variable}` | {default} | {meaning} |" for variable, (default, meaning) in rows.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(settings_table())
