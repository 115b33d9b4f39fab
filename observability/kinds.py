"""Span kinds of the MLflow/OpenInference hierarchy and the attributes each one carries."""

from enum import Enum

SPAN_KIND_ATTRIBUTE = "openinference.span.kind"
MLFLOW_SPAN_TYPE_ATTRIBUTE = "mlflow.spanType"
OPERATION_ATTRIBUTE = "gen_ai.operation.name"


class SpanKind(Enum):
    """What a span is about, mapped to OpenInference, MLflow and OTel GenAI names.

    Each value is (openinference.span.kind, mlflow.spanType, gen_ai.operation.name).
    """

    CHAIN = ("CHAIN", "CHAIN", "invoke_workflow")
    AGENT = ("AGENT", "AGENT", "invoke_agent")
    CHAT_MODEL = ("LLM", "CHAT_MODEL", "chat")
    TOOL = ("TOOL", "TOOL", "execute_tool")
    RETRIEVER = ("RETRIEVER", "RETRIEVER", "retrieval")
    EMBEDDING = ("EMBEDDING", "EMBEDDING", "embeddings")
    RERANKER = ("RERANKER", "RERANKER", "rerank")

    def attributes(self) -> dict[str, str]:
        """The three kind attributes every Relayboard span carries."""
        openinference, mlflow, operation = self.value
        return {
            SPAN_KIND_ATTRIBUTE: openinference,
            MLFLOW_SPAN_TYPE_ATTRIBUTE: mlflow,
            OPERATION_ATTRIBUTE: operation,
        }
