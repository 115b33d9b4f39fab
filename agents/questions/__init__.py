"""How questions are worded: the rules the supervisor and the agents share, so neither reads the other's internals.

`summary_request`: the text a summarise request carries, the document it names, the length and style it asks
for. `follow_up`: whether a question only changes one value of the previous one ("And in 2011?").
"""

from agents.questions.follow_up import Change, follow_up_change
from agents.questions.summary_request import (
    DEFAULT_SENTENCES,
    RequestedLength,
    document_named,
    instruction_of,
    requested_length,
    requested_sentences,
    text_to_summarise,
)

__all__ = [
    "DEFAULT_SENTENCES",
    "Change",
    "RequestedLength",
    "document_named",
    "follow_up_change",
    "instruction_of",
    "requested_length",
    "requested_sentences",
    "text_to_summarise",
]
