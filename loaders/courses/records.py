"""A course office's records (courses given, trainers, participants, certificates) read from
CSV into RDF and checked against the course rules with the shapes in ``shapes/courses.ttl``.

The CSV has one record per row; ``record_type`` says which columns apply (see
docs/course-records.md). Records refer to the rules by codes (``nqs:recordCode``), so the
records graph does not depend on the rules graph; the shapes join the two.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from nqs.loaders.courses.map import map_course_rules
from nqs.loaders.courses.parse import looks_like_course_rules, parse_course_rules
from nqs.loaders.iris import Minter
from nqs.loaders.model import SourceError, SourceInfo
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.loaders.text import iso_date
from nqs.namespaces import DCTERMS, NQS, PROV, RDF, RDFS, XSD

COLUMNS = (
    "record_type",
    "id",
    "name",
    "course_id",
    "programme",
    "hours",
    "format",
    "grouping",
    "start_date",
    "end_date",
    "trainer_ids",
    "qualifications",
    "experience_years",
    "participant_id",
    "issued_on",
    "used_on",
)
RECORD_TYPES = ("course", "trainer", "participant", "certificate")
LANGUAGES = ("kk", "ru", "en")
_KK_LETTERS = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    """One CSV row: its line number (the header is line 1) and its non-empty cells."""

    line: int
    kind: str
    key: str
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def many(self, column: str) -> list[str]:
        return [v.strip() for v in self.get(column).split(";") if v.strip()]


@dataclass(frozen=True)
class Finding:
    """Something a course office must correct: the record, its line and the reason."""

    line: int | None
    record: str
    check: str
    messages: dict[str, str]

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or next(iter(self.messages.values()), "")


@dataclass
class CourseRecords:
    source: SourceInfo
    records: list[Record] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def _problem(line: int, key: str, en: str, ru: str, kk: str) -> Finding:
    return Finding(line, key, "csv", {"en": en, "ru": ru, "kk": kk})


def read_course_records(path: Path) -> CourseRecords:
    """Read the CSV; rows that cannot be read are reported in ``problems``."""
    raw = path.read_bytes()
    info = SourceInfo(path, "text/csv", hashlib.sha256(raw).hexdigest())
    out = CourseRecords(info)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text (byte {exc.start})") from exc
    reader = csv.DictReader(text.splitlines())
    missing = set(COLUMNS[:2]) - set(reader.fieldnames or ())
    if missing:
        raise SourceError(path, f"missing columns: {', '.join(sorted(missing))}")
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(reader, start=2):
        cells = {k: (v or "").strip() for k, v in row.items() if k and (v or "").strip()}
        kind, key = cells.get("record_type", "").lower(), cells.get("id", "")
        if kind not in RECORD_TYPES or not key:
            out.problems.append(
                _problem(
                    line,
                    key,
                    f"unknown record type «{kind}» or no id",
                    f"неизвестный тип записи «{kind}» или нет идентификатора",
                    f"«{kind}» жазба түрі белгісіз немесе идентификатор жоқ",
                )
            )
            continue
        if (kind, key) in seen:
            out.problems.append(
                _problem(
                    line,
                    key,
                    f"{kind} {key} is recorded twice",
                    f"запись {key} ({kind}) повторяется",
                    f"{key} жазбасы ({kind}) қайталанған",
                )
            )
            continue
        seen.add((kind, key))
        out.records.append(Record(line, kind, key, cells))
    return out


class RecordsMapper:
    """Builds the graph of the records of one CSV file."""

    def __init__(self, records: CourseRecords, minter: Minter) -> None:
        self.records = records
        self.mint = minter
        self.graph = Graph()
        self.source = minter.source(records.source.sha256)

    def add(self, s: Node, p: URIRef, o: Node) -> None:
        self.graph.add((s, p, o))

    def run(self) -> Graph:
        src = self.records.source
        self.add(self.source, RDF.type, NQS.SourceDocument)
        self.add(self.source, RDFS.label, Literal(src.name))
        self.add(self.source, NQS.fileName, Literal(src.name))
        self.add(self.source, DCTERMS["format"], Literal(src.media_type))
        self.add(self.source, NQS.sha256, Literal(src.sha256))
        for record in self.records.records:
            getattr(self, record.kind)(record)
        return self.graph

    def entity(self, record: Record, cls: URIRef) -> URIRef:
        iri = self.mint.record(record.kind, record.key)
        self.add(iri, RDF.type, cls)
        self.add(iri, NQS.recordId, Literal(record.key))
        self.add(iri, PROV.wasDerivedFrom, self.source)
        self.add(iri, NQS.sourceUnit, Literal("row"))
        self.add(iri, NQS.sourceStart, Literal(record.line))
        self.add(iri, NQS.sourceEnd, Literal(record.line))
        name = record.get("name")
        if name:
            lang = "kk" if _KK_LETTERS.search(name) else "ru"
            self.add(iri, RDFS.label, Literal(name, lang=lang))
        return iri

    def number(self, iri: URIRef, prop: URIRef, record: Record, column: str) -> None:
        value = record.get(column)
        if not value:
            return
        if value.isdigit():
            self.add(iri, prop, Literal(int(value)))
        else:
            self.bad(record, column, value)

    def date(self, iri: URIRef, prop: URIRef, record: Record, column: str) -> None:
        value = record.get(column)
        if not value:
            return
        iso = value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else iso_date(value)
        literal = Literal(iso, datatype=XSD.date) if iso else None
        if literal is None or literal.ill_typed:
            self.bad(record, column, value)
        else:
            self.add(iri, prop, literal)

    def bad(self, record: Record, column: str, value: str) -> None:
        self.records.problems.append(
            _problem(
                record.line,
                record.key,
                f"«{value}» in column {column} is not a valid value",
                f"«{value}» в столбце {column} — недопустимое значение",
                f"{column} бағанындағы «{value}» мәні жарамсыз",
            )
        )

    def code(self, iri: URIRef, prop: URIRef, record: Record, column: str) -> None:
        for value in record.many(column):
            self.add(iri, prop, Literal(value))

    def course(self, record: Record) -> None:
        iri = self.entity(record, NQS.CourseOffering)
        self.code(iri, NQS.programmeCode, record, "programme")
        self.number(iri, NQS.academicHours, record, "hours")
        self.code(iri, NQS.formatCode, record, "format")
        self.code(iri, NQS.groupingCode, record, "grouping")
        self.date(iri, NQS.startDate, record, "start_date")
        self.date(iri, NQS.endDate, record, "end_date")
        for key in record.many("trainer_ids"):
            self.add(iri, NQS.taughtBy, self.mint.record("trainer", key))

    def trainer(self, record: Record) -> None:
        iri = self.entity(record, NQS.Trainer)
        self.code(iri, NQS.qualificationCode, record, "qualifications")
        self.number(iri, NQS.experienceYears, record, "experience_years")

    def participant(self, record: Record) -> None:
        iri = self.entity(record, NQS.Participant)
        for key in record.many("course_id"):
            self.add(iri, NQS.enrolledIn, self.mint.record("course", key))

    def certificate(self, record: Record) -> None:
        iri = self.entity(record, NQS.Certificate)
        for key in record.many("participant_id"):
            self.add(iri, NQS.awardedTo, self.mint.record("participant", key))
        for key in record.many("course_id"):
            self.add(iri, NQS.forCourse, self.mint.record("course", key))
        self.date(iri, NQS.issuedOn, record, "issued_on")
        self.date(iri, NQS.usedOn, record, "used_on")


def map_course_records(records: CourseRecords, minter: Minter) -> Graph:
    """The RDF graph of the records; values that cannot be read are added to ``problems``."""
    return RecordsMapper(records, minter).run()


def rules_graph(path: Path, minter: Minter) -> Graph:
    """The graph of the course rules read from ``path`` (a text source such as seed 001)."""
    blocks = read_text(path)
    if not looks_like_course_rules(blocks):
        raise SourceError(path, "not rules for qualification-improvement courses")
    return map_course_rules(parse_course_rules(blocks, source_info(path)), minter).graph()


def shapes_graph() -> Graph:
    """The shapes that check course records against the rules."""
    graph = Graph()
    graph.parse(Path(str(resources.files("nqs.shapes"))) / "courses.ttl")
    return graph


def check_records(records: Graph, rules: Graph) -> list[Finding]:
    """Validate the records together with the rules; one finding per SHACL result, in the
    order of the records' lines."""
    data = Graph()
    for triple in (*records, *rules):
        data.add(triple)
    shapes = shapes_graph()
    _, report, _ = validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(report, Graph)
    templates = _templates(shapes)
    findings = [_finding(report, r, data, shapes, templates) for r in _results(report)]
    return sorted(findings, key=lambda f: (f.line or 0, f.record, f.check, f.message()))


def _results(report: Graph) -> Iterable[Node]:
    return report.subjects(RDF.type, SH.ValidationResult)


def _templates(shapes: Graph) -> list[tuple[re.Pattern[str], str]]:
    """Every ``sh:message`` as a pattern (``{?var}`` matches anything) with its language:
    pySHACL drops the language tag of a message whose variables it fills in."""
    out = []
    for message in shapes.objects(None, SH.message):
        if isinstance(message, Literal) and message.language:
            parts = re.split(r"\{[?$]\w+\}", str(message))
            pattern = re.compile("(?s)" + ".*".join(re.escape(p) for p in parts))
            out.append((pattern, message.language))
    return out


def _language(message: Literal, templates: list[tuple[re.Pattern[str], str]]) -> str:
    if message.language:
        return message.language
    text = str(message)
    return next((lang for pattern, lang in templates if pattern.fullmatch(text)), "en")


def _check_name(shapes: Graph, shape: Node | None) -> str:
    """The local name of the node shape that reported (the owner of a property shape)."""
    if shape is not None and not isinstance(shape, URIRef):
        shape = shapes.value(None, SH.property, shape) or shape
    return str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else "shape"


def _finding(
    report: Graph,
    result: Node,
    data: Graph,
    shapes: Graph,
    templates: list[tuple[re.Pattern[str], str]],
) -> Finding:
    focus = report.value(result, SH.focusNode)
    messages = {
        _language(m, templates): str(m)
        for m in report.objects(result, SH.resultMessage)
        if isinstance(m, Literal)
    }
    line = data.value(focus, NQS.sourceStart) if focus is not None else None
    key = data.value(focus, NQS.recordId) if focus is not None else None
    return Finding(
        int(line.toPython()) if isinstance(line, Literal) else None,
        str(key) if key is not None else str(focus),
        _check_name(shapes, report.value(result, SH.sourceShape)),
        messages,
    )


def load_and_check(csv_path: Path, rules_path: Path, minter: Minter) -> tuple[Graph, list[Finding]]:
    """Read, map and check a records file; every problem and violation, by line."""
    records = read_course_records(csv_path)
    graph = map_course_records(records, minter)
    findings = records.problems + check_records(graph, rules_graph(rules_path, minter))
    return graph, sorted(findings, key=lambda f: (f.line or 0, f.record, f.check, f.message()))
