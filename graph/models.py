"""Building the configured chat model (generative mode)."""

from typing import Any

from langchain_core.language_models import BaseChatModel

from graph.settings import SystemSettings
from tools.errors import ConfigurationError


def build_chat_model(settings: SystemSettings) -> BaseChatModel | None:
    """The chat model named by RELAYBOARD_LLM, or None for extractive mode.

    Raises:
        ConfigurationError: the provider's integration is not installed or the name is not understood.
    """
    if not settings.llm:
        return None
    from langchain.chat_models import init_chat_model

    options: dict[str, Any] = {"temperature": 0}
    if settings.llm_base_url:
        options["base_url"] = settings.llm_base_url
    if settings.llm_api_key:
        options["api_key"] = settings.llm_api_key.get_secret_value()
    name = settings.llm if ":" in settings.llm or not settings.llm_base_url else f"openai:{settings.llm}"
    try:
        model = init_chat_model(name, **options)
    except (ImportError, ValueError) as exc:
        raise ConfigurationError(f"RELAYBOARD_LLM={settings.llm!r} cannot be used: {exc}") from exc
    assert isinstance(model, BaseChatModel)
    return model
