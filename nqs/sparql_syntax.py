"""What a SPARQL request is, read from a real parse: the home of every check made on the
text of a query or an update before it is run (the SERVICE allow-list, LOAD and the other
update operations, the row cap, the query form, where parameters are bound).

The parse is tree-sitter's, with the SPARQL 1.1 grammar of ``tree-sitter-sparql``: linear in
the input, so a hostile text costs no more than its length. A text it cannot parse (a node
``ERROR`` or ``MISSING`` in the tree) is a :class:`SparqlSyntaxError` with line and column;
one the engine could not survive (pyoxigraph overflows its stack on a few thousand levels of
nesting or a chain of a few thousand operands) is a :class:`SparqlTooComplex` with the
reason. Both are the client's fault (400).

A SERVICE endpoint is given as the engine will call it: the IRI written, or the prefixed
name expanded through the prologue's PREFIX declarations, relative IRIs resolved against
BASE or the request's base IRI, escapes undone. The engine itself (pyoxigraph, on an empty
store) resolves it, so the two cannot disagree.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox
import tree_sitter_sparql
from tree_sitter import Language, Node, Parser, Tree

MAX_SIZE = 1_000_000
"""Characters of query text accepted."""
MAX_DEPTH = 1_000
"""Levels of the parse tree accepted: a nested group takes two, a parenthesis, an operator
applied to another's result (``1+1+…+1`` is as deep as it is long) or a path step one.
pyoxigraph 0.5 overflows its stack (a segfault) at 5,000 nested groups, 5,000 nested
parentheses or collections, 10,000 operands of ``+``; 496, 994 and 995 are accepted."""
MAX_CHAIN = 1_000
"""Members of one chain accepted: branches of a UNION, patterns of one group (each joined
to the last), triples of one block, predicates of a subject, objects of a predicate,
members of a collection. pyoxigraph 0.5 crashes at 10,000 UNION branches, 5,000 members of
a collection, 20,000 objects of one predicate."""

QUERY_FORMS = {
    "select_query": "SELECT",
    "construct_query": "CONSTRUCT",
    "ask_query": "ASK",
    "describe_query": "DESCRIBE",
}
UPDATE_OPERATIONS = frozenset(
    {
        "load",
        "clear",
        "drop",
        "create",
        "add",
        "move",
        "copy",
        "insert_data",
        "delete_data",
        "delete_where",
        "modify",
    }
)
_CHAINS = {
    "group_or_union_graph_pattern": "UNION branches",
    "group_graph_pattern": "patterns in one group",
    "binary_path": "property path steps",
    "triples_block": "triple patterns in one block",
    "property_list": "predicates of one subject",
    "object_list": "objects of one predicate",
    "collection": "members of one collection",
}
_LEAVES = frozenset({"string", "comment", "iri_reference", "prefixed_name", "var"})
"""Tokens whose parts (escapes, quotes) the walk need not visit."""
_PLACEHOLDER = re.compile(r"<\$(\w+)>")
"""An IRI that stands for a value spliced into an update (:attr:`Request.placeholders`)."""
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_BACKSLASH_PAIR = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\r(?!\n)", re.S)
_STRING_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # tree-sitter warns about the int the binding returns
    LANGUAGE = Language(tree_sitter_sparql.language())
_RESOLVER = ox.Store()


@dataclass(frozen=True)
class Limits:
    """What a request may be: its length in characters, the depth of its parse tree, the
    members of one chain (:data:`MAX_SIZE`, :data:`MAX_DEPTH`, :data:`MAX_CHAIN`)."""

    size: int = MAX_SIZE
    depth: int = MAX_DEPTH
    chain: int = MAX_CHAIN


DEFAULT_LIMITS = Limits()


class SparqlSyntaxError(ValueError):
    """A request the grammar does not accept, with where (1-based line and column)."""

    def __init__(self, reason: str, line: int = 0, column: int = 0) -> None:
        super().__init__(reason, line, column)
        self.reason, self.line, self.column = reason, line, column

    def __str__(self) -> str:
        where = f" at line {self.line}, column {self.column}" if self.line else ""
        return f"SPARQL syntax error{where}: {self.reason}"


class SparqlTooComplex(ValueError):
    """A request too large or too deep for the engine to evaluate safely."""


@dataclass(frozen=True)
class Service:
    """One SERVICE clause: its endpoint as written, and the IRI the engine will call
    (``None`` when it is a variable or cannot be resolved)."""

    written: str
    iri: str | None
    silent: bool

    @property
    def variable(self) -> bool:
        return self.written.startswith(("?", "$"))

    def __str__(self) -> str:
        return self.iri or self.written


def string_value(token: str) -> str:
    """The value of a SPARQL string token (quotes off, escapes undone)."""
    quote = 3 if token[:3] in ('"""', "'''") else 1
    body = token[quote:-quote]

    def undo(m: re.Match[str]) -> str:
        code = m.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, code)

    return _STRING_ESCAPE.sub(undo, body)


@dataclass(frozen=True)
class SelectOutline:
    """What a SELECT query names (:attr:`Request.select_outline`): the variables of its
    projection (``None`` for ``SELECT *``), every variable of the text, and how many
    sub-selects it has."""

    projected: frozenset[str] | None
    variables: frozenset[str]
    sub_selects: int


class Request:
    """A parsed SPARQL query or update (:func:`parse`)."""

    def __init__(
        self,
        text: str,
        data: bytes,
        tree: Tree,
        base_iri: str | None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.text = text
        self.limits = limits
        self.size = len(text)
        self.base_iri = base_iri
        self._data = data
        self._tree = tree
        self.depth = 0
        self._nodes: dict[str, list[Node]] = {}
        self._walk()
        self._check_errors()

    # -- the walk: depth, widest chains, nodes of interest ------------------------------
    _WANTED = frozenset(
        {
            *UPDATE_OPERATIONS,
            *QUERY_FORMS,
            "prologue",
            "service_graph_pattern",
            "using_clause",
            "aggregate",
            "ERROR",
        }
    )

    def _walk(self) -> None:
        """One pass over the tree without recursion (the tree may be deep)."""
        cursor = self._tree.walk()
        depth = 0
        max_depth, max_chain = self.limits.depth, self.limits.chain
        while True:
            node = cursor.node
            assert node is not None
            kind = node.type
            if kind in self._WANTED or node.is_missing:
                self._nodes.setdefault("MISSING" if node.is_missing else kind, []).append(node)
            if depth > max_depth:
                line, column = self._point(node.start_byte)
                raise SparqlTooComplex(
                    f"nested more than {max_depth} levels deep (line {line}, column {column})"
                )
            if kind in _CHAINS and node.named_child_count > max_chain:
                line, column = self._point(node.start_byte)
                raise SparqlTooComplex(
                    f"more than {max_chain} {_CHAINS[kind]} (line {line}, column {column})"
                )
            if kind not in _LEAVES and cursor.goto_first_child():
                depth += 1
                self.depth = max(self.depth, depth)
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    return
                depth -= 1

    def _point(self, byte: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a byte offset."""
        before = self._data[:byte].decode("utf-8", "replace")
        line = before.count("\n") + 1
        return line, len(before) - (before.rfind("\n") + 1) + 1

    def _offset(self, byte: int) -> int:
        """The character offset of a byte offset."""
        return len(self._data[:byte].decode("utf-8", "replace"))

    def _text(self, node: Node) -> str:
        return self._data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def nodes(self, kind: str) -> list[Node]:
        return self._nodes.get(kind, [])

    def _check_errors(self) -> None:
        bad = [*self.nodes("ERROR"), *self.nodes("MISSING")]
        if not bad and not self._tree.root_node.has_error:
            return
        first = min(bad, key=lambda n: n.start_byte) if bad else self._tree.root_node
        line, column = self._point(first.start_byte)
        if first.is_missing:
            reason = f"expected {first.type!r}" if first.type.strip() else "something is missing"
        else:
            found = self._text(first).strip()
            reason = f"cannot parse {found[:40]!r}" if found else "unexpected end of text"
            if found and first.end_byte >= len(self._data.rstrip()):
                reason += " (the text ends before it is complete)"
        raise SparqlSyntaxError(reason, line, column)

    # -- what the request is -------------------------------------------------------------
    @cached_property
    def form(self) -> str | None:
        """SELECT, CONSTRUCT, ASK or DESCRIBE for a query; None for an update."""
        for kind, form in QUERY_FORMS.items():
            if self.nodes(kind):
                return form
        return None

    @cached_property
    def operations(self) -> tuple[str, ...]:
        """The update operations in order (tree-sitter's names: ``load``, ``modify`` …)."""
        found = [n for kind in UPDATE_OPERATIONS for n in self.nodes(kind)]
        return tuple(n.type for n in sorted(found, key=lambda n: n.start_byte))

    @property
    def kind(self) -> str:
        """``query`` or ``update`` (an empty request is an empty update)."""
        return "query" if self.form else "update"

    @property
    def has_load(self) -> bool:
        return "load" in self.operations

    @cached_property
    def has_using(self) -> bool:
        return bool(self.nodes("using_clause"))

    @cached_property
    def has_with(self) -> bool:
        """Whether a DELETE/INSERT operation names its graph with ``WITH``."""
        for modify in self.nodes("modify"):
            first = modify.child(0)
            if first is not None and first.type.upper() == "WITH":
                return True
        return False

    @cached_property
    def using_offsets(self) -> tuple[int, ...]:
        """Where USING clauses go: the offset of the WHERE of each DELETE/INSERT."""
        out = []
        for modify in self.nodes("modify"):
            for child in modify.children:
                if child.type.upper() == "WHERE":
                    out.append(self._offset(child.start_byte))
        return tuple(out)

    @cached_property
    def select_outline(self) -> SelectOutline | None:
        """The outline of a SELECT query (variables without their ``?`` or ``$``); None for
        another form or an update."""
        if self.form != "SELECT":
            return None
        query = self._query_node()
        assert query is not None
        select = _child(query, "select_clause")
        assert select is not None  # the grammar's, when no error
        projected = None if any(c.type == "*" for c in select.children) else _variables(select)
        counts: dict[str, int] = {}
        names: set[str] = set()
        stack = [query]
        while stack:  # every node, without recursion
            node = stack.pop()
            counts[node.type] = counts.get(node.type, 0) + 1
            if node.type == "var":
                names.add(self._text(node)[1:])
            elif node.type not in _LEAVES:
                stack.extend(node.children)
        return SelectOutline(
            frozenset(self._text(v)[1:] for v in projected) if projected is not None else None,
            frozenset(names),
            counts.get("sub_select", 0),
        )

    def _query_node(self) -> Node | None:
        for kind in QUERY_FORMS:
            nodes = self.nodes(kind)
            if nodes:
                return nodes[0]
        return None

    def _limit_number(self) -> Node | None:
        query = self._query_node()
        modifier = _child(query, "solution_modifier") if query else None
        clauses = _child(modifier, "limit_offset_clauses") if modifier else None
        clause = _child(clauses, "limit_clause") if clauses else None
        return _child(clause, "integer") if clause else None

    @cached_property
    def limit(self) -> int | None:
        """The LIMIT of the query as a whole (not a subquery's), if it has one."""
        number = self._limit_number()
        return int(self._text(number)) if number else None

    @cached_property
    def limit_span(self) -> tuple[int, int] | None:
        """Where the number of the top-level LIMIT is in the text (start, end offsets)."""
        number = self._limit_number()
        if number is None:
            return None
        return self._offset(number.start_byte), self._offset(number.end_byte)

    @cached_property
    def row_bound(self) -> int | None:
        """The most rows (a SELECT) or triples (a CONSTRUCT) the answer can have, known from
        the top-level LIMIT; None when unknown (no LIMIT, DESCRIBE, ASK)."""
        if self.limit is None:
            return None
        if self.form == "SELECT":
            return self.limit
        if self.form == "CONSTRUCT":
            query = self._query_node()
            template = _child(query, "construct_template") if query else None
            if template is None:  # CONSTRUCT WHERE: the pattern is the template
                return None
            return self.limit * self._template_triples(template)
        return None

    def _template_triples(self, template: Node) -> int:
        """An upper bound on the triples one solution makes of the template."""
        count = 0
        cursor = template.walk()
        while True:
            node = cursor.node
            assert node is not None
            if node.type == "object_list":
                count += node.named_child_count
            elif node.type == "collection":
                count += 2 * node.named_child_count
            if cursor.goto_first_child():
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent() or cursor.node == template:
                    return count

    @cached_property
    def where_group_start(self) -> int:
        """The offset just after the ``{`` that opens the query's WHERE group (the group of
        the subquery when that group is a subquery alone, ``WHERE { SELECT … }``, where
        nothing else may stand)."""
        query = self._query_node()
        where = _child(query, "where_clause") if query else None
        group = _child(where, "group_graph_pattern") if where else None
        while (inner := _child(group, "sub_select")) is not None:
            where = _child(inner, "where_clause")
            group = _child(where, "group_graph_pattern") if where else None
        brace = group.child(0) if group else None
        if brace is None or brace.type != "{":
            raise ValueError("cannot find the WHERE group of the query")
        return self._offset(brace.end_byte)

    @cached_property
    def data_block_starts(self) -> tuple[int, ...]:
        """The offsets just after each ``{`` that opens a block of data of an INSERT DATA or
        DELETE DATA (the block of the default graph and each ``GRAPH`` block inside it), in
        order: where the data of an update are written (:func:`nqs.sparql_bind.splice`)."""
        found: list[int] = []
        for operation in (*self.nodes("insert_data"), *self.nodes("delete_data")):
            quads = _child(operation, "quads")
            if quads is None:
                continue
            for block in (quads, *(c for c in quads.children if c.type == "quads_not_triples")):
                brace = _child(block, "{")
                if brace is not None:
                    found.append(self._offset(brace.end_byte))
        return tuple(sorted(found))

    @cached_property
    def placeholders(self) -> tuple[tuple[str, int, int], ...]:
        """Each IRI written ``<$name>`` (a relative IRI that no data hold), in order: the
        name and the start and end offsets of the token, for :func:`nqs.sparql_bind.splice`
        to write an IRI where SPARQL takes no variable (``DROP GRAPH``, ``INSERT DATA``)."""
        found: list[tuple[str, int, int]] = []
        cursor = self._tree.walk()
        while True:
            node = cursor.node
            assert node is not None
            if node.type == "iri_reference":
                m = _PLACEHOLDER.fullmatch(self._text(node))
                if m:
                    start, end = self._offset(node.start_byte), self._offset(node.end_byte)
                    found.append((m.group(1), start, end))
            elif node.type not in _LEAVES and cursor.goto_first_child():
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    return tuple(found)

    @cached_property
    def concat_columns(self) -> dict[str, str]:
        """The variables bound to a ``GROUP_CONCAT`` (``(GROUP_CONCAT(…; separator="s") AS
        ?v)``), each with its separator (a space when none is given)."""
        found: dict[str, str] = {}
        for aggregate in self.nodes("aggregate"):
            first = aggregate.child(0)
            if first is None or first.type.upper() != "GROUP_CONCAT":
                continue
            following = _next(aggregate)
            var = _next(following) if following else None
            if following is None or following.type.upper() != "AS" or var is None:
                continue
            separator = " "
            for child in aggregate.children:
                if child.type == "string":
                    separator = string_value(self._text(child))
            found[self._text(var)[1:]] = separator
        return found

    @cached_property
    def services(self) -> tuple[Service, ...]:
        """Every SERVICE clause, in order, each endpoint resolved as the engine will."""
        out = []
        prologues = self.nodes("prologue")
        for node in self.nodes("service_graph_pattern"):
            silent = False
            target = None
            for child in node.children[1:]:
                if child.type.upper() == "SILENT":
                    silent = True
                elif child.type != "comment":
                    target = child
                    break
            if target is None:
                out.append(Service("", None, silent))
                continue
            written = self._text(target)
            if target.type == "var":
                out.append(Service(written, None, silent))
                continue
            before = "\n".join(self._text(p) for p in prologues if p.end_byte <= node.start_byte)
            out.append(Service(written, self._resolve(before, written), silent))
        return tuple(out)

    def _resolve(self, prologue: str, written: str) -> str | None:
        """The IRI the engine makes of an IRI or prefixed name after the given prologue."""
        query = f"{prologue}\nSELECT ?x WHERE {{ VALUES ?x {{ {written} }} }}"
        try:
            result = _RESOLVER.query(query, base_iri=self.base_iri)
            assert isinstance(result, ox.QuerySolutions)
            for solution in result:
                term = solution["x"]
                return term.value if isinstance(term, ox.NamedNode) else None
        except (SyntaxError, ValueError, OSError):
            return None
        return None


def _next(node: Node) -> Node | None:
    """The next sibling that is not a comment."""
    sibling = node.next_sibling
    while sibling is not None and sibling.type == "comment":
        sibling = sibling.next_sibling
    return sibling


def _variables(node: Node) -> list[Node]:
    """The ``var`` nodes under ``node``, in order."""
    out: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "var":
            out.append(current)
        else:
            stack.extend(reversed(current.children))
    return out


def _child(node: Node | None, kind: str) -> Node | None:
    """The first direct child of the given type."""
    if node is None:
        return None
    for child in node.children:
        if child.type == kind:
            return child
    return None


def parse(text: str, base_iri: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Request:
    """The request read from its text (``base_iri``: what relative IRIs resolve against
    when the text has no BASE). :class:`SparqlSyntaxError` when the grammar refuses it,
    :class:`SparqlTooComplex` when it is too large or too deep to evaluate."""
    if len(text) > limits.size:
        raise SparqlTooComplex(f"the request is longer than {limits.size:,} characters")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SparqlSyntaxError("the text is not valid Unicode") from exc
    # a parser per request: a tree-sitter parser is not to be shared between threads
    tree = Parser(LANGUAGE).parse(_masked(text).encode("utf-8"))
    return Request(text, data, tree, base_iri, limits)


def _masked(text: str) -> str:
    """The text with each codepoint escape (``\\u00E9``, ``\\U0001F600``) replaced by as many
    ``u``: the grammar has none, pyoxigraph takes them in strings and IRIs (after reading
    the token, so ``"\\u0022"`` does not end a string); and a lone carriage return made a
    line feed: it ends a comment for pyoxigraph, not for the grammar. Offsets stay those of
    the text, and an endpoint is read from the text itself."""

    def mask(m: re.Match[str]) -> str:
        escape = m.group(0)
        if escape == "\r":
            return "\n"
        return "u" * len(escape) if escape[1] in "uU" and len(escape) > 2 else escape

    return _BACKSLASH_PAIR.sub(mask, text)
