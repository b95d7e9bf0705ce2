"""Links across documents, derived at build time by documented rules.

After every document is loaded, each rule runs over the whole store (its default graph,
the merge of its named graphs) and what it derives goes into one named graph of its own,
``graph/links`` under the instance base, so that asserted and derived triples can be told
apart, and into the merge, where the next rules see it. A triple already asserted by some
document is not added again.

The rules are the ``.rq`` files in ``queries/links/`` (SPARQL CONSTRUCT with a header: title,
description = the rule in words, parameters), applied in file-name order, each until it
derives nothing new, and one rule in Python (``position-same-job``: name matching, which
SPARQL's string functions cannot do safely). The links graph also describes every rule
(``link-rule/NAME``, an ``nqs:LinkRule`` with its text and query) and what it made
(``graph/links/set/NAME``, an ``nqs:LinkSet`` ``prov:wasGeneratedBy`` the rule, with
``void:triples`` and ``void:linkPredicate``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nqs.namespaces import NQS, PROV, RDF, RDFS, SKOS, XSD
from nqs.queries import LibraryQuery, load_queries, package_folder, package_queries
from nqs.query import run
from nqs.store import MERGE, add_to_graph

LINKS_GRAPH = "graph/links"
VOID = "http://rdfs.org/ns/void#"
MAX_PASSES = 5  # a rule that still derives new triples after this many passes is an error

POSITION_RULE_NAME = "position-same-job"
POSITION_RULE_TITLE = "Positions to the cards and occupations of the same job"
POSITION_RULE = (
    "A position (typical qualification characteristics) and a profession card, or an NKZ "
    "occupation, describe the same job when one of the position's names equals one of the "
    "card's (occupation's) names. The names of a title are the title itself and, when it "
    "lists several jobs, each of them: the title is split at commas and semicolons outside "
    "brackets, and a bracketed alternative («қауымдастырылған профессор (доцент)») is a "
    "name as well as the words before it. Names are compared after lower-casing, ё → е, "
    "dropping quotation marks and final punctuation and collapsing white space; names of "
    "fewer than four letters are ignored. Only equal names match: no stemming, no partial "
    "or fuzzy matching, so a position «Оқытушы» does not match a card «Білім саласындағы "
    "оқытушы». Links: position nqs:describedByCard card, position "
    "nqs:correspondsToOccupation occupation."
)
_SPLIT = re.compile(r"[,;](?![^()]*\))")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_QUOTES = re.compile(r"[«»\"“”„']")


def rules_dir() -> Path:
    return package_folder("nqs.queries", "links")


def load_rules(folder: Path | None = None) -> list[LibraryQuery]:
    """The SPARQL rules in application order (their file names start with a number)."""
    return list(load_queries(folder or rules_dir(), "link").values())


def rule_name(query: LibraryQuery) -> str:
    """``30-isco-unit-group`` → ``isco-unit-group``."""
    return re.sub(r"^\d+-", "", query.name)


@dataclass
class LinkResult:
    """What one rule derived: its name and the triples it added to the links graph."""

    name: str
    triples: int
    predicates: set[str]


def _named(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _asserted(db: ox.Store, triple: ox.Triple) -> bool:
    """The triple is already in the store (in the merge of its graphs)."""
    pattern = db.quads_for_pattern(triple.subject, triple.predicate, triple.object, MERGE)
    return next(iter(pattern), None) is not None


class LinkBuilder:
    """Runs the rules over a built store and writes the links graph."""

    def __init__(self, db: ox.Store, base_iri: str) -> None:
        self.db = db
        self.base = base_iri
        self.graph = ox.NamedNode(base_iri + LINKS_GRAPH)
        self.substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] = {
            ox.Variable("nkz"): ox.NamedNode(base_iri + "scheme/nkz"),
            ox.Variable("occupationBase"): ox.Literal(base_iri + "occupation/"),
        }

    def add(self, triples: Iterable[ox.Triple]) -> list[ox.Triple]:
        """Add the triples not yet in the store to the links graph (and the merge); returns
        those added."""
        new = [t for t in dict.fromkeys(triples) if not _asserted(self.db, t)]
        add_to_graph(self.db, self.graph, new)
        return new

    def run(self) -> list[LinkResult]:
        results = [self.sparql_rule(q) for q in load_rules()]
        results.append(self.position_rule())
        return results

    def sparql_rule(self, query: LibraryQuery) -> LinkResult:
        name = rule_name(query)
        result = LinkResult(name, 0, set())
        for _ in range(MAX_PASSES):
            used = {
                var: value
                for var, value in self.substitutions.items()
                if re.search(rf"[?$]{var.value}\b", query.text)
            }
            found = run(self.db, query.text, used)
            assert isinstance(found, ox.QueryTriples)
            added = self.add(found)
            if not added:
                break
            result.triples += len(added)
            result.predicates |= {t.predicate.value for t in added}
        else:
            raise RuntimeError(f"link rule {name} still derives new triples after {MAX_PASSES}")
        rule = self.describe_rule(name, query.title, query.description)
        self.meta(rule, _named(NQS.ruleQuery), ox.Literal(query.text))
        self.link_set(result, rule)
        return result

    def position_rule(self) -> LinkResult:
        positions = self.names("position-names")
        triples: list[ox.Triple] = []
        for query, prop in (
            ("card-names", NQS.describedByCard),
            ("occupation-names", NQS.correspondsToOccupation),
        ):
            targets = self.names(query)
            index: dict[str, set[ox.NamedNode]] = {}
            for target, names in targets.items():
                for name in names:
                    index.setdefault(name, set()).add(target)
            for position, names in positions.items():
                for name in sorted(names):
                    for target in sorted(index.get(name, ()), key=str):
                        triples.append(ox.Triple(position, _named(prop), target))
        added = self.add(triples)
        result = LinkResult(POSITION_RULE_NAME, len(added), {t.predicate.value for t in added})
        rule = self.describe_rule(POSITION_RULE_NAME, POSITION_RULE_TITLE, POSITION_RULE)
        self.meta(rule, _named(NQS.ruleImplementation), ox.Literal(f"{__name__}.job_names"))
        self.link_set(result, rule)
        return result

    def names(self, query: str) -> dict[ox.NamedNode, set[str]]:
        """The job names of each item of the query ``query`` (``nqs/derive/queries/``)."""
        out: dict[ox.NamedNode, set[str]] = {}
        rows = self.db.query(package_queries("nqs.derive", "derive")[query].text)
        assert isinstance(rows, ox.QuerySolutions)
        for row in rows:
            item, name = row["item"], row["name"]
            if isinstance(item, ox.NamedNode) and isinstance(name, ox.Literal):
                out.setdefault(item, set()).update(job_names(name.value))
        return out

    # -- description of rules and link sets ------------------------------------------------
    def meta(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        add_to_graph(self.db, self.graph, [ox.Triple(s, p, o)])

    def describe_rule(self, name: str, title: str, text: str) -> ox.NamedNode:
        rule = ox.NamedNode(f"{self.base}link-rule/{name}")
        self.meta(rule, _named(RDF.type), _named(NQS.LinkRule))
        self.meta(rule, _named(RDFS.label), ox.Literal(title, language="en"))
        self.meta(rule, _named(SKOS.definition), ox.Literal(text, language="en"))
        self.meta(rule, _named(SKOS.notation), ox.Literal(name))
        return rule

    def link_set(self, result: LinkResult, rule: ox.NamedNode) -> None:
        node = ox.NamedNode(f"{self.base}{LINKS_GRAPH}/set/{result.name}")
        self.meta(node, _named(RDF.type), _named(NQS.LinkSet))
        self.meta(
            node, _named(RDFS.label), ox.Literal(f"Links made by {result.name}", language="en")
        )
        self.meta(node, _named(PROV.wasGeneratedBy), rule)
        count = ox.Literal(str(result.triples), datatype=_named(XSD.integer))
        self.meta(node, ox.NamedNode(VOID + "triples"), count)
        for predicate in sorted(result.predicates):
            self.meta(node, ox.NamedNode(VOID + "linkPredicate"), ox.NamedNode(predicate))


def job_names(title: str) -> set[str]:
    """The normalised names of the jobs a title names (see ``POSITION_RULE``)."""
    text = _QUOTES.sub("", title.lower().replace("ё", "е"))
    names: set[str] = set()
    for part in [text, *_SPLIT.split(text)]:
        bracketed = [n for b in _BRACKETED.findall(part) for n in b.split(",")]
        for name in [_BRACKETED.sub(" ", part), *bracketed]:
            clean = " ".join(name.split()).strip(" .:;,-–")
            if sum(ch.isalpha() for ch in clean) >= 4:
                names.add(clean)
    return names


def apply_links(db: ox.Store, base_iri: str) -> list[LinkResult]:
    """Derive the links over the whole store into its links graph (``graph/links``)."""
    return LinkBuilder(db, base_iri).run()
