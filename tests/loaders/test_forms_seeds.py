"""The same facts whatever the form: each seed as a Word file, a PDF and a web page.

The forms (``fixtures/forms/<seed-stem>.{docx,pdf,html}``) are made by
``scripts/make_forms.py`` from the five seeds, laid out as a ministry or the legal database
publishes them (the standard's cards as two-column tables, the NQF's annexes and the course
rules' forms as tables, the other acts as paragraphs), with the seed's wording. Loaded as
any source is (the format told from the content), each form must give:

* the graph of the seed's text, once provenance is set aside: the places read
  (``nqs:sourceUnit``/``sourceStart``/``sourceEnd``), ``prov:wasDerivedFrom`` and what is
  said of the ``nqs:SourceDocument`` (file name, format, checksum, warnings) differ by
  nature;
* the same warnings, places aside (but those the text gives about its own layout);
* places in the form's own units: paragraphs and table rows of a Word file or a page, pages
  of a PDF, within the document;
* the same text left unassigned to any element (compared without white space: the text's
  lines are the form's paragraphs broken by the PDF extraction);
* for seed 000, the hand counts of ``test_standard_kk``.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from dataclasses import astuple
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.term import Node

from nqs.loaders.documents import LoadedDocument, Parsed, load_document, parse_document
from nqs.loaders.iris import Minter
from nqs.loaders.read.pdf import read_pdf
from nqs.loaders.standard.model import StandardDocument
from nqs.loaders.standard.summary import card_counts
from nqs.namespaces import NQS, PROV, RDF
from tests.conftest import ROOT, SEEDS, TESTS
from tests.loaders.test_standard_kk import CARD_LISTS, HAND_COUNTS

FORMS = TESTS / "fixtures" / "forms"
SCRIPT = ROOT / "scripts" / "make_forms.py"
BASE = "https://w3id.org/kz-nqs/id/"
PROVENANCE = frozenset({NQS.sourceUnit, NQS.sourceStart, NQS.sourceEnd, PROV.wasDerivedFrom})
STEMS = [
    "000_ed35bb0e5147c5b7",
    "001_04ad280e7aaf98fd",
    "002_cbc5d0d511fbfc57",
    "003_443e69a912bd565d",
    "004_f549413c4f15f9eb",
]
FORMATS = ["docx", "html", "pdf"]
CASES = [(stem, fmt) for stem in STEMS for fmt in FORMATS]
UNITS = {"docx": {"paragraph", "row"}, "html": {"paragraph", "row"}, "pdf": {"page"}}
# Warnings about the layout of the extracted text itself, which no form repeats: the PDF
# extraction of seed 004 printed the start of a skill title cut by a page break again on the
# next page; the forms print the title once.
TEXT_LAYOUT_WARNINGS = {
    "004_f549413c4f15f9eb": ["card 3, old text: repeated start of a skill title dropped"],
}


def ids(case: tuple[str, str]) -> str:
    return f"{case[0][:3]}-{case[1]}"


@cache
def loaded(path: Path) -> LoadedDocument:
    return load_document(path, Minter(BASE))


@cache
def parsed(path: Path) -> Parsed:
    return parse_document(path)


def text(stem: str) -> LoadedDocument:
    return loaded(SEEDS / f"{stem}.txt")


def form(stem: str, fmt: str) -> LoadedDocument:
    return loaded(FORMS / f"{stem}.{fmt}")


def without_provenance(graph: Graph) -> Graph:
    """The graph less the places read, ``prov:wasDerivedFrom`` and the source document's
    own triples; nothing else may mention the source document."""
    sources = set(graph.subjects(RDF.type, NQS.SourceDocument))
    assert len(sources) == 1
    out = Graph()
    for s, p, o in graph:
        if p in PROVENANCE or s in sources:
            continue
        assert o not in sources, (s, p, o)
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_same_graph(case: tuple[str, str]) -> None:
    stem, fmt = case
    original, other = text(stem), form(stem, fmt)
    assert other.format == fmt
    assert other.kind == original.kind
    a = to_isomorphic(without_provenance(original.graph))
    b = to_isomorphic(without_provenance(other.graph))
    if a != b:
        _, only_text, only_form = graph_diff(a, b)
        shown = sorted(only_text)[:5], sorted(only_form)[:5]
        pytest.fail(
            f"{len(only_text)} triples only from the text, {len(only_form)} only from "
            f"the {fmt}: {shown}"
        )


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_same_warnings(case: tuple[str, str]) -> None:
    stem, fmt = case
    expected = Counter(w.message for w in text(stem).warnings)
    expected.subtract(TEXT_LAYOUT_WARNINGS.get(stem, []))
    assert Counter(w.message for w in form(stem, fmt).warnings) == +expected


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_places_are_the_forms(case: tuple[str, str]) -> None:
    """Every element placed in the text is placed in the form, in the form's units and
    within it; so is every warning that has a place."""
    stem, fmt = case
    doc = form(stem, fmt)
    # paragraphs and rows are numbered together; a place runs from its first line's unit
    last = max(r.loc.end for r in parsed(FORMS / f"{stem}.{fmt}").stream.rows)
    placed: dict[Node, tuple[str, int, int]] = {}
    g = doc.graph
    for s, unit in g.subject_objects(NQS.sourceUnit):
        start, end = g.value(s, NQS.sourceStart), g.value(s, NQS.sourceEnd)
        placed[s] = (str(unit), int(str(start)), int(str(end)))
    assert set(placed) == set(text(stem).graph.subjects(NQS.sourceUnit))
    for s, place in placed.items():
        assert place[0] in UNITS[fmt], (s, place)
        assert 1 <= place[1] <= place[2] <= last, (s, place)
    for w in doc.warnings:
        assert w.loc is None or w.loc.unit in UNITS[fmt], w


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_same_text_unassigned(case: tuple[str, str]) -> None:
    """Coverage: the text no element took is the same, and so is the share of the text read
    (counted in characters; lines differ: a form's paragraph is a line of its view, the
    text's paragraphs are broken into lines)."""
    stem, fmt = case

    def unassigned(doc: LoadedDocument) -> str:
        return "".join(c for b in doc.document.unassigned for c in b.text if not c.isspace())

    original, other = text(stem), form(stem, fmt)
    assert unassigned(other) == unassigned(original)
    assert (other.coverage.unassigned == 0) == (original.coverage.unassigned == 0)
    assert other.coverage.unassigned_characters == original.coverage.unassigned_characters
    assert abs(other.coverage.share - original.coverage.share) < 0.001


@pytest.mark.parametrize("fmt", FORMATS)
def test_hand_counts_of_the_standard(fmt: str) -> None:
    """Seed 000's counts read by hand (``test_standard_kk``) hold in every form."""
    doc = parsed(FORMS / f"000_ed35bb0e5147c5b7.{fmt}").document
    assert isinstance(doc, StandardDocument)
    assert len(doc.cards) == 3
    for ordinal, counts in HAND_COUNTS.items():
        card = doc.cards[ordinal - 1]
        got = astuple(card_counts(card))
        assert got == counts, ordinal
        lists = (len(card.other_titles), len(card.personal_competencies), len(card.related))
        assert lists == CARD_LISTS[ordinal], ordinal


# The two ministers' signatures, printed side by side: seed 002 lines 44-47 and
# fixtures/forms/002_ru.txt lines 44-47, split at the run of spaces between the columns
# (the Russian text's line 46 has the right-hand column only).
SIGNATURES = {
    "002_cbc5d0d511fbfc57.pdf": [
        ("Қазақстан Республикасының", "Қазақстан Республикасының"),
        ("Білім және ғылым", "Еңбек және халықты"),
        ("министрі", "әлеуметтік қорғау министрі"),
        ("_______________ А.Сәрінжіпов", "______________ Т. Дүйсенова"),
    ],
    "002_ru.pdf": [
        ("Министр образования и науки", "Министр труда и социальной"),
        ("Республики Казахстан", "защиты населения"),
        ("", "Республики Казахстан"),
        ("_______________ А. Саринжипов", "______________ Т. Дуйсенова"),
    ],
}


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_pdf_reads_signatures_side_by_side_as_cells(name: str) -> None:
    """A PDF prints the signatures as lines with a gap of several ems between the columns;
    the reader gives each line as a row of two cells, in column order, as the Word file's
    unruled table does (a line with text in the right-hand column only has an empty first
    cell), so the NQF parser reads each minister's post above the name."""
    rows = read_pdf(FORMS / name)
    first = next(k for k, r in enumerate(rows) if r.cells == SIGNATURES[name][0])
    got = [r.cells for r in rows[first : first + 4]]
    assert got == SIGNATURES[name]
    assert rows[first - 1].cells != ("",) and len(rows[first + 4].cells) == 1  # no more


def make_forms() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_forms", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_forms_are_made_by_the_script() -> None:
    """The fixtures are what ``scripts/make_forms.py`` makes, byte for byte (it is
    deterministic: no dates or times of its own)."""
    pytest.importorskip("reportlab")
    script = make_forms()
    if not all((script.FONTS / f).exists() for f in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")):
        pytest.skip("fonts-dejavu-core is not installed")
    built = script.build(STEMS, FORMATS)
    assert sorted(p.name for p in built) == sorted(f"{s}.{f}" for s in STEMS for f in FORMATS)
    stale = [p.name for p, data in built.items() if p.read_bytes() != data]
    assert not stale
