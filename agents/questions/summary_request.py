"""Reading a summarise request: the text it carries, the document it names, and the length and style it asks for."""

import re
from dataclasses import dataclass

from tools.sql.wording import NUMBER_WORDS

# Text after an instruction: "Summarise this: <text>", "TL;DR please: <text>", or a quoted/next-line body.
_AFTER_COLON = re.compile(r"^[^:\n]{0,160}?:\s*(?P<body>\S[\s\S]{40,})$")
_QUOTED = re.compile(r"[\"'“‘](?P<body>[^\"'”’]{40,})[\"'”’]")
_AFTER_NEWLINE = re.compile(r"^[^\n]{0,200}\n(?P<body>[\s\S]{40,})$")
# English numerals as the SQL question reader knows them, and the other ways a request says how many.
_NUMBER_WORDS = {
    **NUMBER_WORDS,
    "a": 1,
    "single": 1,
    "deux": 2,
    "trois": 3,
    "zwei": 2,
    "drei": 3,
    "dos": 2,
    "tres": 3,
}
_COUNT = re.compile(
    r"\b(?P<n>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")[\s-]+(?P<unit>sentences?|lines?|bullet(?: point)?s?|"
    r"points?|phrases?|sätzen?|frases?)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\b(?P<n>\d{1,4})[\s-]+(?:words?|mots|wörter|palabras)\b", re.IGNORECASE)
_BULLETS = re.compile(r"\b(bullet(?:ed)?|bullet points?|as a list|list of (?:the )?(?:main |key )?points)\b", re.I)
_TLDR = re.compile(r"\b(tl;?dr|one[- ]liner|newsletter)\b", re.IGNORECASE)
_PARAGRAPH = re.compile(r"\b(?:a|one|single) (?:short )?paragraph\b", re.IGNORECASE)
# A document id as ingestion names them: a relative path with an extension ("docs/operations.md").
_DOC_ID = re.compile(r"(?<![\w/.-])(?P<id>[\w.-]+(?:/[\w.-]+)*\.(?:md|txt|rst|pdf|html?|json|csv))\b")
DEFAULT_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class RequestedLength:
    """What a question asks for; None where it says nothing."""

    max_sentences: int | None = None
    max_words: int | None = None
    style: str | None = None


def text_to_summarise(question: str) -> str | None:
    """The text a request carries inline, or None when it only gives an instruction."""
    for pattern in (_AFTER_NEWLINE, _AFTER_COLON):
        match = pattern.match(question.strip())
        if match:
            return match.group("body").strip()
    quoted = _QUOTED.search(question)
    return quoted.group("body").strip() if quoted else None


def instruction_of(question: str) -> str:
    """The request without the text it carries: where its length, style and document are read from."""
    body = text_to_summarise(question)
    if body is None:
        return question
    at = question.find(body)
    return question[:at] if at >= 0 else question


def requested_sentences(question: str, default: int = DEFAULT_SENTENCES) -> int:
    """How many sentences the request asks for ("in two sentences", "five bullet points", "one line")."""
    asked = requested_length(question).max_sentences
    return asked if asked is not None else default


def requested_length(question: str) -> RequestedLength:
    """Sentences ("in two sentences", "five bullet points"), words ("in 50 words") and style ("as bullet points",
    "TL;DR", "in a paragraph") as the request's instruction states them."""
    instruction = instruction_of(question)
    sentences: int | None = None
    match = _COUNT.search(instruction)
    if match:
        raw = match.group("n").lower()
        sentences = max(1, min(int(raw) if raw.isdigit() else _NUMBER_WORDS[raw], 20))
    words = _WORDS.search(instruction)
    style = None
    if _BULLETS.search(instruction):
        style = "bullets"
    elif _TLDR.search(instruction):
        style = "tldr"
    elif _PARAGRAPH.search(instruction):
        style = "paragraph"
    if sentences is None and style == "tldr":
        sentences = 1
    max_words = max(5, min(int(words.group("n")), 5000)) if words else None
    return RequestedLength(sentences, max_words, style)


def document_named(question: str) -> str | None:
    """A document id the request's instruction names ("summarise docs/operations.md"), if any."""
    match = _DOC_ID.search(instruction_of(question))
    return match.group("id") if match else None
