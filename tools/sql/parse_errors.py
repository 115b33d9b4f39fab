"""sqlglot's tokenizer and parser errors as plain messages: what is wrong and where, without sqlglot's reprs."""

import re

from sqlglot.errors import ParseError, TokenError

from tools.errors import QueryRejected

_MISSING_DELIMITER = re.compile(r"Missing (?P<delimiter>.+) from (?P<line>\d+):(?P<offset>\d+)$")
_TOKEN = re.compile(r"<Token token_type: TokenType\.(?P<type>\w+), text: (?P<text>.*?), line: \d+, col: \d+,[^>]*>")
_NODE = re.compile(r"<class 'sqlglot\.expressions(?:\.\w+)*\.(?P<name>\w+)'>")
_REQUIRED = re.compile(r"Required keyword: '\w+' missing for (?P<node>.+)$")
_CLOSERS = {
    "'": "quote (') opens a string there that is never closed: close it, and write '' for a quote inside it",
    '"': 'double quote (") opens a name there that is never closed: close it',
    "]": "bracket ([) opens a name there that is never closed: close it with ]",
}
_FIX = "send one valid SELECT statement"


def tokenizer_failure(exc: TokenError, sql: str) -> QueryRejected:
    """An unclosed quote, bracket or comment as a refusal naming it and where it opens."""
    cause = _MISSING_DELIMITER.search(str(exc.__cause__ or ""))
    if cause is None:
        near = f" near `{sql[exc.start : exc.end].strip()}`" if exc.start is not None and exc.end is not None else ""
        return QueryRejected(f"could not read the SQL{near}: a quote, bracket or comment is not closed: {_FIX}")
    offset = min(int(cause.group("offset")), len(sql))
    line = sql.count("\n", 0, offset) + 1
    column = offset - (sql.rfind("\n", 0, offset) + 1) + 1
    delimiter = cause.group("delimiter")
    what = _CLOSERS.get(delimiter, f"`{delimiter}` opens there and is never closed: close it with `{delimiter}`")
    return QueryRejected(f"could not parse the SQL near line {line}, column {column}: unbalanced {what}; then {_FIX}")


def parser_failure(exc: ParseError) -> QueryRejected:
    """The parser's first complaint in words, with the line, column and text it stopped at."""
    if not exc.errors:
        return QueryRejected(f"could not parse the SQL: {_plain(str(exc).splitlines()[0])}: {_FIX}")
    error = exc.errors[0]
    description = _plain(str(error.get("description") or "unexpected input"))
    highlight = str(error.get("highlight") or "").strip()
    at = f" at `{highlight}`" if highlight else ""
    return QueryRejected(
        f"could not parse the SQL near line {error.get('line')}, column {error.get('col')}{at}: {description}: {_FIX}"
    )


def _plain(description: str) -> str:
    required = _REQUIRED.match(description)
    if required:
        node = _NODE.search(required.group("node"))
        return f"the {node.group('name').upper() if node else 'expression'} is incomplete"
    description = _TOKEN.sub(
        lambda token: "the end of the SQL" if token.group("type") == "SENTINEL" else f"`{token.group('text')}`",
        description,
    )
    description = _NODE.sub(lambda node: node.group("name").upper(), description)
    if description == "Invalid expression / Unexpected token":
        return "unexpected text"
    return description[:1].lower() + description[1:]
