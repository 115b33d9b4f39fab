"""Reading a summarise request: the text it carries and the length it asks for."""

import re

# Text after an instruction: "Summarise this: <text>", "TL;DR please: <text>", or a quoted/next-line body.
_AFTER_COLON = re.compile(r"^[^:\n]{0,160}?:\s*(?P<body>\S[\s\S]{40,})$")
_QUOTED = re.compile(r"[\"'“‘](?P<body>[^\"'”’]{40,})[\"'”’]")
_AFTER_NEWLINE = re.compile(r"^[^\n]{0,200}\n(?P<body>[\s\S]{40,})$")
_NUMBER_WORDS = {
    "one": 1,
    "a": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
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
DEFAULT_SENTENCES = 3


def text_to_summarise(question: str) -> str | None:
    """The text a request carries inline, or None when it only gives an instruction."""
    for pattern in (_AFTER_NEWLINE, _AFTER_COLON):
        match = pattern.match(question.strip())
        if match:
            return match.group("body").strip()
    quoted = _QUOTED.search(question)
    return quoted.group("body").strip() if quoted else None


def requested_sentences(question: str, default: int = DEFAULT_SENTENCES) -> int:
    """How many sentences the request asks for ("in two sentences", "five bullet points", "one line")."""
    match = _COUNT.search(question)
    if match:
        raw = match.group("n").lower()
        return max(1, min(int(raw) if raw.isdigit() else _NUMBER_WORDS[raw], 20))
    if re.search(r"\b(tl;?dr|one[- ]liner|newsletter)\b", question, re.IGNORECASE):
        return 1
    return default
