"""The longest question and document text the HTTP API accepts and its OpenAPI document advertises.

Each is the route's own limit, or less when the body cap (RELAYBOARD_MAX_BODY_BYTES) holds less, worked out by
the same `text_cap` as the MCP edge's: a request that is valid by the schema is never a 413 for its one long text.
"""

from dataclasses import dataclass
from typing import Any

from gateway.text_cap import text_cap
from tools.errors import InvalidInput
from tools.inputs import MAX_DOCUMENT_CHARS

# Where each limit shows in the OpenAPI document: (schema, property).
_QUESTIONS = (("AskRequest", "question"), ("AskJob", "question"))
_DOCUMENTS = (("DocumentIn", "text"),)


@dataclass(frozen=True, slots=True)
class TextLimits:
    question_chars: int
    document_chars: int

    @classmethod
    def of(cls, max_question_chars: int, max_body_bytes: int) -> "TextLimits":
        cap = text_cap(max_body_bytes)
        return cls(question_chars=min(max_question_chars, cap), document_chars=min(MAX_DOCUMENT_CHARS, cap))

    def check_documents(self, texts: list[str]) -> None:
        """Raises:
        InvalidInput: a text is longer than `document_chars` (it names the document and the limit).
        """
        for index, text in enumerate(texts):
            if len(text) > self.document_chars:
                raise InvalidInput(
                    f"document {index} has {len(text)} characters; the limit is {self.document_chars} "
                    "(what fits in RELAYBOARD_MAX_BODY_BYTES): split it into several documents"
                )

    def advertise(self, openapi: dict[str, Any]) -> dict[str, Any]:
        """`openapi` with these limits as the `maxLength` of the texts they bound (in place; returned)."""
        schemas = openapi.get("components", {}).get("schemas", {})
        for limit, places in ((self.question_chars, _QUESTIONS), (self.document_chars, _DOCUMENTS)):
            for schema, field in places:
                if schema in schemas:
                    schemas[schema]["properties"][field]["maxLength"] = limit
        return openapi
