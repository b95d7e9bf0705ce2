"""A light scanner over SPARQL text: finds keywords and IRIs outside strings and comments.

It is not a parser: pyoxigraph parses. It answers the few questions asked before a query is
run — where the WHERE group starts, which SERVICE endpoints a query calls, whether a request
holds an update — without being fooled by a keyword inside a string or a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)"""
    r"""|(?P<string>"{3}.*?"{3}|'{3}.*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<iri><[^<>"{}|^`\\\s]*>)"""
    r"""|(?P<var>[?$]\w+)"""
    r"""|(?P<pname>[A-Za-z][\w.-]*:[\w.%-]*|:[\w.%-]*)"""
    r"""|(?P<word>[A-Za-z_]\w*)"""
    r"""|(?P<number>\d+)"""
    r"""|(?P<punct>[{}();,.])""",
    re.S,
)

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


def tokens(text: str) -> Iterator[Token]:
    """Significant tokens (comments dropped)."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind != "comment":
            yield Token(kind, m.group(0), m.start(), m.end())


def keywords(text: str) -> set[str]:
    """Upper-cased bare words of the text (outside strings, IRIs and comments)."""
    return {t.text.upper() for t in tokens(text) if t.kind == "word"}


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update request rather than a query."""
    for token in tokens(text):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word in ("PREFIX", "BASE"):
            continue
        return word in UPDATE_KEYWORDS
    return False


def service_endpoints(text: str) -> list[str]:
    """The endpoint of every ``SERVICE`` clause: an IRI, or ``?var`` for a variable one;
    a prefixed name is returned as written."""
    out: list[str] = []
    stream = list(tokens(text))
    for i, token in enumerate(stream):
        if token.kind == "word" and token.text.upper() == "SERVICE":
            j = i + 1
            if j < len(stream) and stream[j].text.upper() == "SILENT":
                j += 1
            if j < len(stream):
                target = stream[j].text
                out.append(target[1:-1] if stream[j].kind == "iri" else target)
    return out


def where_group_start(text: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE group (a CONSTRUCT template
    is passed over by looking for the ``WHERE`` keyword first)."""
    first_brace: int | None = None
    after_where = False
    construct = False
    for token in tokens(text):
        if token.kind == "word":
            word = token.text.upper()
            after_where = after_where or word == "WHERE"
            construct = construct or word == "CONSTRUCT"
        elif token.text == "{":
            if after_where:
                return token.end
            if first_brace is None:
                first_brace = token.end
    if first_brace is None or construct:
        raise ValueError("cannot find the WHERE group of the query")
    return first_brace


def top_level_limit(text: str) -> int | None:
    """The LIMIT of the query as a whole (outside any group), if it has one."""
    depth = 0
    limit: int | None = None
    stream = list(tokens(text))
    for i, token in enumerate(stream):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif (
            depth == 0
            and token.kind == "word"
            and token.text.upper() == "LIMIT"
            and i + 1 < len(stream)
            and stream[i + 1].kind == "number"
        ):
            limit = int(stream[i + 1].text)
    return limit


FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form (its first keyword after the
    prologue), or None when the text starts otherwise."""
    for token in tokens(text):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word in ("PREFIX", "BASE"):
            continue
        return word if word in FORMS else None
    return None


def _string_value(token: str) -> str:
    quote = 3 if token[:3] in ('"""', "'''") else 1
    body = token[quote:-quote]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def concat_columns(text: str) -> dict[str, str]:
    """The variables bound to a ``GROUP_CONCAT`` (``(GROUP_CONCAT(…; separator="s") AS ?v)``),
    each with its separator (a space when none is given)."""
    stream = list(tokens(text))
    found: dict[str, str] = {}
    for i, token in enumerate(stream):
        if token.kind != "word" or token.text.upper() != "GROUP_CONCAT":
            continue
        depth, separator, j = 0, " ", i + 1
        while j < len(stream):
            t = stream[j]
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
                if depth == 0:
                    break
            elif (
                t.kind == "word"
                and t.text.upper() == "SEPARATOR"
                and j + 1 < len(stream)
                and stream[j + 1].kind == "string"
            ):
                separator = _string_value(stream[j + 1].text)
            j += 1
        after = stream[j + 1 : j + 3]
        if len(after) == 2 and after[0].text.upper() == "AS" and after[1].kind == "var":
            found[after[1].text[1:]] = separator
    return found
