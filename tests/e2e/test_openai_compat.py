"""The OpenAI-compatible door, called by the official `openai` client and LangChain's ChatOpenAI, unchanged,
against a running gateway that requires keys."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from langchain_openai import ChatOpenAI

from evals.harness.processes import serving_gateway, system_environment

pytestmark = pytest.mark.e2e
KEY = "openai-door-key-0123456789"
QUESTION = "How many invoices in 2010?"


@pytest.fixture(scope="module")
def keyed_gateway(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("openai-door") / "data"
    shutil.copytree(demo_data_dir, data_dir)
    env = system_environment(data_dir, RELAYBOARD_API_KEYS=json.dumps({KEY: {"name": "chat-ui"}}))
    with serving_gateway(env, data_dir / "gateway.log") as url:
        yield url


@pytest.fixture
def client(keyed_gateway: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{keyed_gateway}/v1", api_key=KEY, timeout=60, max_retries=0)


def test_a_completion_answers_with_relayboard_evidence_in_the_extension_field(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(model="relayboard", messages=[{"role": "user", "content": QUESTION}])
    assert completion.object == "chat.completion" and completion.model == "relayboard"
    choice = completion.choices[0]
    assert (
        choice.finish_reason == "stop" and choice.message.role == "assistant" and "82" in (choice.message.content or "")
    )
    extension = completion.model_extra["relayboard"]  # type: ignore[index]
    assert extension["routes"] == ["sql"] and extension["sql"][0]["rows"] == [[82]] and extension["model"] is None
    assert extension["answer"] == choice.message.content and completion.id == f"chatcmpl-{extension['trace_id']}"


def test_a_streamed_completion_arrives_as_openai_chunks_ending_with_the_extension(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model="relayboard",
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": QUESTION}],
        stream=True,
    )
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert all(chunk.object == "chat.completion.chunk" for chunk in chunks)
    content = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    extension = last.model_extra["relayboard"]  # type: ignore[index]
    assert content == extension["answer"] and "82" in content and extension["sql"][0]["rows"] == [[82]]


def test_a_thread_continues_through_the_extension_field(client: openai.OpenAI) -> None:
    first = client.chat.completions.create(model="relayboard", messages=[{"role": "user", "content": QUESTION}])
    thread_id = first.model_extra["relayboard"]["thread_id"]  # type: ignore[index]
    second = client.chat.completions.create(
        model="relayboard",
        messages=[{"role": "user", "content": "How many invoices in 2009?"}],
        extra_body={"relayboard": {"thread_id": thread_id}},
    )
    assert second.model_extra["relayboard"]["thread_id"] == thread_id  # type: ignore[index]


def test_models_list_relayboard_and_mistakes_are_the_clients_errors(client: openai.OpenAI, keyed_gateway: str) -> None:
    assert [model.id for model in client.models.list()] == ["relayboard"]
    with pytest.raises(openai.NotFoundError, match="this endpoint serves model 'relayboard'"):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    with pytest.raises(openai.BadRequestError, match="no user message with text"):
        client.chat.completions.create(model="relayboard", messages=[{"role": "system", "content": "hi"}])
    stranger = openai.OpenAI(base_url=f"{keyed_gateway}/v1", api_key="not-a-key-0123456789", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        stranger.chat.completions.create(model="relayboard", messages=[{"role": "user", "content": QUESTION}])


def test_langchain_chat_openai_calls_relayboard_unchanged(keyed_gateway: str) -> None:
    model = ChatOpenAI(model="relayboard", base_url=f"{keyed_gateway}/v1", api_key=KEY, max_retries=0)  # type: ignore[arg-type]
    assert "82" in model.invoke(QUESTION).text
    assert "82" in "".join(chunk.text for chunk in model.stream(QUESTION))
