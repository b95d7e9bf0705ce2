"""The validation report: every result with the document, place, standard, card and element it
concerns, in Kazakh, Russian and English; acknowledged defects marked; text, JSON, Turtle."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.util import from_n3

from nqs.namespaces import NQS, RDFS
from nqs.validation.defects import KnownDefect
from nqs.validation.engine import Result
from nqs.validation.shapes import NQSH

LANGS = ("kk", "ru", "en")

# Predicates from a whole to its parts: walking them backwards from a focus node finds the
# element, card, standard (or position, act) it belongs to.
_PARTS = """hasCard hasApproval hasParagraph hasLaborFunction hasSkill hasAbility hasKnowledge
hasPersonalCompetency otherTitle relatedOccupation handbookLink educationLink specialtyRef
qualificationRef hasDuty mustKnow hasRequirement educationOption experienceOption hasTextChange
hasDiffSegment hasRoute hasPathway hasJointPart hasProvision hasDescriptor"""
PART_OF = [NQS[name] for name in _PARTS.split()]
# Classes named in the context, outermost first.
CONTAINERS = [NQS.ProfessionalStandard, NQS.ProfessionCard, NQS.Position, NQS.Amendment]
UNITS = {
    "line": {"kk": "жол", "ru": "строки", "en": "lines"},
    "paragraph": {"kk": "абзац", "ru": "абзацы", "en": "paragraphs"},
    "row": {"kk": "жол (кесте)", "ru": "строки таблицы", "en": "rows"},
    "page": {"kk": "бет", "ru": "страницы", "en": "pages"},
}
SEVERITY_WORDS = {
    "Violation": {"kk": "БҰЗУШЫЛЫҚ", "ru": "НАРУШЕНИЕ", "en": "VIOLATION"},
    "Warning": {"kk": "ЕСКЕРТУ", "ru": "ПРЕДУПРЕЖДЕНИЕ", "en": "WARNING"},
    "Info": {"kk": "АҚПАРАТ", "ru": "СВЕДЕНИЕ", "en": "INFO"},
}
KNOWN_WORDS = {"kk": "белгілі ақау", "ru": "известный дефект", "en": "known defect"}


@dataclass
class Finding:
    """One result with what it concerns, and the acknowledged defect it is, if any."""

    result: Result
    documents: list[tuple[str, str, str]]  # (file name, sha256, IRI) of the documents stating it
    location: str
    context: dict[str, str]
    value: str
    known: KnownDefect | None = None

    @property
    def severity(self) -> str:
        return self.result.severity

    @property
    def blocking(self) -> bool:
        return self.severity == "Violation" and self.known is None


@dataclass
class Report:
    """Every finding, and the acknowledged defects that no finding matched (stale entries)."""

    findings: list[Finding]
    stale: list[KnownDefect] = field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    @property
    def valid(self) -> bool:
        return not self.blocking

    def counts(self) -> dict[str, int]:
        by = Counter(f.severity for f in self.findings)
        return {
            "violations": by["Violation"],
            "known_defects": sum(1 for f in self.findings if f.known is not None),
            "blocking": len(self.blocking),
            "warnings": by["Warning"],
            "infos": by["Info"],
        }


class Describer:
    """Names what a focus node is, where it was read and in which documents, from a store
    with one named graph per document."""

    def __init__(self, db: ox.Store, base_iri: str) -> None:
        self.db = db
        self.base = base_iri
        # what the store says of a node, read in the merge (its default graph) where it has
        # one: each triple once, not once per document graph that restates it (a level, an
        # occupation, a class); a store without the merge is read in all its graphs
        merged = next(iter(db.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
        self.said: ox.DefaultGraph | None = ox.DefaultGraph() if merged is not None else None
        self._labels: dict[str, dict[str, str]] = {}
        self._documents: dict[str, tuple[str, str, str] | None] = {}
        # what several results share is looked up once (at 1,000 standards a build's
        # thousands of results name far fewer nodes, classes and documents)
        self._places: dict[str, tuple[str, dict[str, str]]] = {}
        self._kinds: dict[tuple[frozenset[str], str], str] = {}
        self._stating: dict[str, list[tuple[str, str, str]]] = {}
        self._parts: dict[tuple[str, str, bool], str] = {}
        self._found: dict[Result, Finding] = {}
        self._said: dict[tuple[str, str], list[ox.NamedNode | ox.Literal]] = {}
        self._wholes: dict[tuple[str, str], list[ox.NamedNode]] = {}

    def _objects(self, node: ox.NamedNode, predicate: URIRef) -> list[ox.NamedNode | ox.Literal]:
        key = (node.value, str(predicate))
        found = self._said.get(key)
        if found is None:  # a node's kind, name, number and place are asked for many times
            found = self._said[key] = [
                q.object
                for q in self.db.quads_for_pattern(node, ox.NamedNode(predicate), None, self.said)
                if isinstance(q.object, ox.NamedNode | ox.Literal)
            ]
        return found

    def _types(self, node: ox.NamedNode) -> set[str]:
        return {t.value for t in self._objects(node, RDF.type)}

    def wholes(self, node: ox.NamedNode, predicate: URIRef) -> list[ox.NamedNode]:
        """What ``node`` is a part of by ``predicate`` (a whole's link to its parts)."""
        key = (node.value, str(predicate))
        found = self._wholes.get(key)
        if found is None:
            found = self._wholes[key] = [
                quad.subject
                for quad in self.db.quads_for_pattern(
                    None, ox.NamedNode(predicate), node, self.said
                )
                if isinstance(quad.subject, ox.NamedNode)
            ]
        return found

    def ancestry(self, node: ox.NamedNode) -> list[ox.NamedNode]:
        """The node and the wholes it is a part of, innermost first."""
        chain = [node]
        seen = {node.value}
        while len(chain) < 12:
            wholes = (w for p in PART_OF for w in self.wholes(chain[-1], p))
            parent = next((w for w in wholes if w.value not in seen), None)
            if parent is None:
                break
            seen.add(parent.value)
            chain.append(parent)
        return chain

    def label(self, node: ox.NamedNode) -> dict[str, str]:
        """A node's labels by language (an untagged label under "")."""
        if node.value not in self._labels:
            found: dict[str, str] = {}
            for term in self._objects(node, RDFS.label):
                if isinstance(term, ox.Literal):
                    found.setdefault(term.language or "", term.value)
            self._labels[node.value] = found
        return self._labels[node.value]

    def name(self, node: ox.NamedNode, lang: str) -> str:
        labels = self.label(node)
        return labels.get(lang) or next(iter(sorted(labels.items())), ("", ""))[1]

    def kind(self, node: ox.NamedNode, lang: str) -> str:
        """The name of the node's most specific class, from the ontology."""
        key = (frozenset(self._types(node)), lang)
        if key not in self._kinds:
            self._kinds[key] = self._kind(sorted(key[0]), lang)
        return self._kinds[key]

    def _kind(self, classes: list[str], lang: str) -> str:
        types = [ox.NamedNode(t) for t in classes]
        best = ""
        for cls in types:
            subclasses = {
                q.subject.value
                for q in self.db.quads_for_pattern(
                    None, ox.NamedNode(RDFS.subClassOf), cls, self.said
                )
                if isinstance(q.subject, ox.NamedNode)
            }
            if subclasses & {t.value for t in types}:
                continue  # a subclass of it is among the node's types
            name = self.name(cls, lang)
            if name:
                best = name
                break
        return best.lower() if best else ""

    def describe(self, result: Result) -> Finding:
        """The result's finding (described once: a result described again is the same)."""
        found = self._found.get(result)
        if found is None:
            found = self._found[result] = self._describe(result)
        return found

    def _describe(self, result: Result) -> Finding:
        focus = from_n3(result.focus) if result.focus else None
        value = _lexical(result.value, self.base)
        if not isinstance(focus, URIRef):
            return Finding(result, [], "", {lang: "" for lang in LANGS}, value)
        node = ox.NamedNode(str(focus))
        if node.value not in self._places:
            chain = self.ancestry(node)
            location = next((loc for loc in map(self.location, chain) if loc), "")
            self._places[node.value] = location, {lang: self.context(chain, lang) for lang in LANGS}
        location, context = self._places[node.value]
        return Finding(result, self.documents(node, result), location, dict(context), value)

    def documents(self, node: ox.NamedNode, result: Result) -> list[tuple[str, str, str]]:
        """The documents that state what the result is about: those whose graph holds the
        focus's triple with the value, else any triple about the focus."""
        value = _ox(result.value)
        path = _ox(result.path)
        if value is not None:
            predicate = path if isinstance(path, ox.NamedNode) else None
            found = self._stating_documents(node, predicate, value)
            if found:
                return found
        if node.value not in self._stating:
            self._stating[node.value] = self._stating_documents(node, None, None)
        return list(self._stating[node.value])

    def _stating_documents(
        self,
        node: ox.NamedNode,
        predicate: ox.NamedNode | None,
        obj: ox.NamedNode | ox.Literal | None,
    ) -> list[tuple[str, str, str]]:
        if predicate is None and obj is None:  # a node restated in hundreds of graphs:
            # the graphs told apart in the store, not each of their quads made in Python
            rows = self.db.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }}")
            assert isinstance(rows, ox.QuerySolutions)
            graphs = {g for row in rows if isinstance(g := row["g"], ox.NamedNode)}
        else:
            graphs = {
                q.graph_name
                for q in self.db.quads_for_pattern(node, predicate, obj, None)
                if isinstance(q.graph_name, ox.NamedNode)
            }
        return sorted({d for g in graphs if (d := self.document(g)) is not None})

    def document(self, graph: ox.NamedNode) -> tuple[str, str, str] | None:
        if graph.value not in self._documents:
            names = self._objects(graph, NQS.fileName)
            sums = self._objects(graph, NQS.sha256)
            self._documents[graph.value] = (
                (names[0].value, sums[0].value, graph.value) if names and sums else None
            )
        return self._documents[graph.value]

    def location(self, node: ox.NamedNode) -> str:
        units = self._objects(node, NQS.sourceUnit)
        starts = self._objects(node, NQS.sourceStart)
        ends = self._objects(node, NQS.sourceEnd)
        if not (units and starts and ends):
            return ""
        unit, start, end = units[0].value, starts[0].value, ends[0].value
        span = start if start == end else f"{start}-{end}"
        return f"{unit} {span}"

    def context(self, chain: list[ox.NamedNode], lang: str) -> str:
        """The focus and its wholes: "Standard «…», card 2 «…», labor function 1 «…»"."""
        parts = []
        for member in reversed(chain):
            key = (member.value, lang, member == chain[0])
            if key not in self._parts:
                self._parts[key] = self._part(member, lang, key[2])
            text = self._parts[key]
            if text and text not in parts:
                parts.append(text)
        if not parts:
            parts.append(_relative(chain[0].value, self.base))
        joined = ", ".join(parts)
        return joined[:1].upper() + joined[1:]

    def _part(self, member: ox.NamedNode, lang: str, focus: bool) -> str:
        """What the context says of one member of a chain: its kind, number and name (of a
        whole, or of the focus itself; nothing of another part)."""
        types = self._types(member)
        if not focus and not any(str(c) in types for c in CONTAINERS):
            return ""
        kind = self.kind(member, lang)
        numbers = self._objects(member, NQS.ordinal) or self._objects(member, NQS.code)
        number = f" {numbers[0].value}" if numbers else ""
        name = self.name(member, lang)
        text = f"{kind}{number}".strip()
        return f"{text} «{_short(name)}»".strip() if name else text


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _relative(iri: str, base: str) -> str:
    return iri[len(base) :] if iri.startswith(base) else iri


def _ox(n3: str) -> ox.NamedNode | ox.Literal | None:
    """An N-Triples term as a pyoxigraph term (blank nodes: None)."""
    if not n3 or not (n3.startswith(("<", '"')) or n3[0].isdigit() or n3[0] in "-+"):
        return None  # no term, a blank node or a complex path (seq(…), alt(…))
    term = from_n3(n3)
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
        return ox.Literal(str(term), datatype=datatype)
    return None


def _lexical(n3: str, base: str) -> str:
    """A value as a reviewer reads it: a literal's text, an IRI relative to the base."""
    if not n3:
        return ""
    term = from_n3(n3)
    if isinstance(term, URIRef):
        return _relative(str(term), base)
    return str(term)


def build_report(
    results: Iterable[Result],
    db: ox.Store,
    base_iri: str,
    defects: Iterable[KnownDefect],
    describer: Describer | None = None,
) -> Report:
    """Describe every result (from ``db``, a store with one named graph per document) and
    mark those that a known defect acknowledges; ``describer``: one of ``db`` that may have
    described some of the results already."""
    describer = describer or Describer(db, base_iri)
    findings = [describer.describe(r) for r in sorted(results)]
    index: dict[tuple[str, str, str], list[KnownDefect]] = {}
    for defect in defects:
        index.setdefault((defect.sha256, defect.focus, defect.shape), []).append(defect)
    used: set[tuple[str, str, str, str]] = set()
    for finding in findings:
        if finding.severity != "Violation":
            continue
        focus = _lexical(finding.result.focus, base_iri)
        shape = finding.result.shape.strip("<>").rsplit("#", 1)[-1]
        for _, sha256, _ in finding.documents:
            for defect in index.get((sha256, focus, shape), []):
                if defect.value in ("", finding.value):
                    finding.known = defect
                    used.add(defect.key())
                    break
            if finding.known:
                break
    stale = [d for key, ds in index.items() for d in ds if d.key() not in used]
    return Report(findings, stale)


# -- rendering -----------------------------------------------------------------------------


def render_text(report: Report, lang: str = "en", show: Iterable[str] = ()) -> str:
    """A readable report: a summary line, then every finding (or only the severities in
    ``show``), blocking violations first."""
    counts = report.counts()
    wanted = set(show) or {"Violation", "Warning", "Info"}
    lines = [
        f"{counts['violations']} violation(s): {counts['blocking']} blocking, "
        f"{counts['known_defects']} acknowledged as known defects; "
        f"{counts['warnings']} warning(s), {counts['infos']} info(s)"
    ]
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    chosen = [f for f in report.findings if f.severity in wanted]
    chosen.sort(key=lambda f: (not f.blocking, order[f.severity], f.documents, f.result))
    for f in chosen:
        word = SEVERITY_WORDS[f.severity][lang]
        mark = f"  [{KNOWN_WORDS[lang]}]" if f.known else ""
        shape = "nqsh:" + f.result.shape.strip("<>").rsplit("#", 1)[-1]
        lines.append("")
        lines.append(f"{word}  {shape}{mark}")
        where = ", ".join(name for name, _, _ in f.documents) or "-"
        lines.append(f"  {where}{', ' + f.location if f.location else ''}")
        lines.append(f"  {f.context[lang]}")
        message = f.result.message(lang)
        if f.value and f.value not in message:
            message += f" [{f.value}]"
        lines.append(f"  {message}")
        if f.known:
            lines.append(f"  {KNOWN_WORDS[lang]}: {f.known.reason}")
    for d in report.stale:
        lines.append("")
        lines.append(f"STALE known defect (no such violation): {d.document} {d.focus} {d.shape}")
    return "\n".join(lines) + "\n"


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain data (for JSON)."""
    return {
        "valid": report.valid,
        "counts": report.counts(),
        "results": [
            {
                "severity": f.severity,
                "shape": f.result.shape.strip("<>"),
                "component": f.result.component,
                "focus": f.result.focus.strip("<>"),
                "path": f.result.path.strip("<>"),
                "value": f.value,
                "documents": [name for name, _, _ in f.documents],
                "location": f.location,
                "context": f.context,
                "message": dict(f.result.messages),
                "known_defect": (
                    {"reason": f.known.reason, "cause": f.known.cause} if f.known else None
                ),
            }
            for f in report.findings
        ],
        "stale_known_defects": [
            {"document": d.document, "focus": d.focus, "shape": d.shape} for d in report.stale
        ],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


def report_graph(report: Report) -> Graph:
    """The report as a SHACL validation report, each result with its messages in three
    languages, the documents it concerns (nqs:inDocument) and, for an acknowledged defect,
    its reason (nqs:knownDefectReason)."""
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("nqs", NQS)
    graph.bind("nqsh", NQSH)
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(not report.findings)))
    for f in report.findings:
        r = BNode()
        graph.add((node, SH.result, r))
        graph.add((r, RDF.type, SH.ValidationResult))
        graph.add((r, SH.resultSeverity, SH[f.severity]))
        graph.add((r, SH.sourceConstraintComponent, SH[f.result.component]))
        for prop, text in (
            (SH.focusNode, f.result.focus),
            (SH.resultPath, f.result.path),
            (SH.sourceShape, f.result.shape),
            (SH.value, f.result.value),
        ):
            if text and not (prop == SH.resultPath and not text.startswith("<")):
                term = from_n3(text)
                if term is not None:
                    graph.add((r, prop, term))  # type: ignore[arg-type]
        for lang, message in f.result.messages:
            graph.add((r, SH.resultMessage, Literal(message, lang=lang or None)))
        for _, _, iri in f.documents:
            graph.add((r, NQS.inDocument, URIRef(iri)))
        if f.known:
            graph.add((r, NQS.knownDefectReason, Literal(f.known.reason)))
    return graph


def render_turtle(report: Report) -> str:
    return report_graph(report).serialize(format="turtle")
