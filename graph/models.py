"""Building the configured chat model (generative mode): the primary and its fallbacks."""

from typing import Any

from langchain_core.language_models import BaseChatModel

from graph.fallbacks import FallbackChatModel
from graph.settings import SystemSettings
from tools.errors import ConfigurationError


def build_chat_model(settings: SystemSettings) -> BaseChatModel | None:
    """RELAYBOARD_LLM then each of RELAYBOARD_LLM_FALLBACKS, each call bounded by LLM_TIMEOUT_S and retried
    LLM_RETRIES times; None for extractive mode.

    Raises:
        ConfigurationError: a provider's integration is not installed or a name is not understood.
    """
    if not settings.llm:
        return None
    names = [settings.llm, *settings.llm_fallbacks]
    models = [(name, _chat_model(name, settings)) for name in names]
    return FallbackChatModel(models=models, timeout_s=settings.llm_timeout_s, retries=settings.llm_retries)


def _chat_model(name: str, settings: SystemSettings) -> BaseChatModel:
    from langchain.chat_models import init_chat_model

    options: dict[str, Any] = {"temperature": 0}
    if settings.llm_base_url:
        options["base_url"] = settings.llm_base_url
    if settings.llm_api_key:
        options["api_key"] = settings.llm_api_key.get_secret_value()
    qualified = name if ":" in name or not settings.llm_base_url else f"openai:{name}"
    try:
        model = init_chat_model(qualified, **options)
    except (ImportError, ValueError) as exc:
        variable = "RELAYBOARD_LLM" if name == settings.llm else "RELAYBOARD_LLM_FALLBACKS"
        raise ConfigurationError(f"{variable} names {name!r}, which cannot be used: {exc}") from exc
    assert isinstance(model, BaseChatModel)
    return model
