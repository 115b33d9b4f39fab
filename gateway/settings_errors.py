"""Settings that cannot be read, told as the variables to fix; and every setting checked before a server starts.

pydantic names a bad field (`port`) and its settings class (`GatewaySettings`) over three lines with a link, and
pydantic-settings reports JSON it cannot parse as a traceback ending in "error parsing value for field". An
operator sets variables, so each problem becomes one clause naming the variable, what it must be, and the value
given, except where the value may be a secret.

The settings table (every settings class, hence the web and SQL stacks' settings modules) is imported only when a
message is built or every class is checked: `relayboard mcp` imports this module and must answer its handshake
without those stacks (tests/gateway/test_mcp_edge_imports.py).
"""

import re

from pydantic import ValidationError
from pydantic_settings import SettingsError

from tools.errors import ConfigurationError

SEE = "docs/configuration.md lists every variable and its form"
_UNPARSED = re.compile(r'error parsing value for field "(?P<field>\w+)"')
# A value is echoed only when it cannot be a credential: keys, secrets, tokens, and URLs (which carry passwords).
_MAY_BE_SECRET = ("key", "secret", "token", "password", "url")
_ECHO_LIMIT = 80


def check_settings() -> None:
    """Read every settings class once, so a bad variable stops a command before anything starts.

    Raises:
        ConfigurationError: a variable that cannot be read, or settings that cannot work together; the message
            names the variable.
    """
    from gateway.settings_table import SETTINGS_CLASSES

    for settings_class in SETTINGS_CLASSES:
        try:
            settings_class()
        except (ValidationError, SettingsError) as exc:
            raise ConfigurationError(describe_settings_error(exc)) from None


def describe_settings_error(exc: ValidationError | SettingsError) -> str:
    """One line naming each variable that could not be read and why; a validation error of a model that is not a
    settings class is returned as pydantic words it."""
    from gateway.settings_table import SETTINGS_CLASSES, variable_name

    if isinstance(exc, SettingsError):
        return _unparsed(exc)
    settings_class = next((c for c in SETTINGS_CLASSES if c.__name__ == exc.title), None)
    if settings_class is None:
        return str(exc)
    problems = []
    for error in exc.errors(include_url=False):
        location = [str(part) for part in error["loc"]]
        message = error["msg"].removeprefix("Value error, ")
        if not location:
            problems.append(message)
            continue
        field, inner = location[0], ".".join(location[1:])
        variable = variable_name(settings_class, field) if field in settings_class.model_fields else field.upper()
        where = f"{variable} ({inner})" if inner else variable
        problems.append(f"{where}: {message}{_echo(variable, error.get('input'), inner)}")
    return "; ".join(problems) + f" ({SEE})"


def _unparsed(exc: SettingsError) -> str:
    from gateway.settings_table import SETTINGS_CLASSES, variable_name

    found = _UNPARSED.search(str(exc))
    field = found["field"] if found else None
    owner = next((c for c in SETTINGS_CLASSES if field in c.model_fields), None)
    if field is None or owner is None:
        return f"{exc} ({SEE})"
    cause = f" ({exc.__cause__})" if exc.__cause__ is not None else ""
    return f"{variable_name(owner, field)} is not valid JSON{cause}: write it as a JSON value ({SEE})"


def _echo(variable: str, value: object, inner: str) -> str:
    if inner or any(word in variable.lower() for word in _MAY_BE_SECRET):
        return ""
    if not isinstance(value, str | int | float) or len(repr(value)) > _ECHO_LIMIT:
        return ""
    return f" (got {value!r})"


def configuration_message(exc: Exception) -> str:
    """What to print for a configuration failure: a settings error in variables' terms, anything else as it is."""
    if isinstance(exc, ValidationError | SettingsError):
        return describe_settings_error(exc)
    return str(exc)
