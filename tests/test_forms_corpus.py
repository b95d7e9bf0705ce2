"""Corpus standards in their other published forms give the graph of the original.

The forms in ``fixtures/forms/corpus/`` are made by ``scripts/make_corpus_forms.py`` from
the seven hand-counted documents: an HTML page in the legal database's style of each, and a
PDF with ruled tables broken across pages of each DOCX (the PDFs of the corpus are PDFs
already). Each form, loaded as any source is (its format told from its content), must give
the same graph as the original once provenance is set aside: the places read
(``nqs:sourceUnit``/``sourceStart``/``sourceEnd``), ``prov:wasDerivedFrom`` and what is
said of the ``nqs:SourceDocument`` (file name, format, checksum, warnings) differ by
nature. The hand counts of the fixtures hold for every form.

``PdfDefault 58`` has no HTML form: two of its labels are broken by a page
(``Требования к личностным`` / ``компетенциям``), which the parser joins only after a page
break, and a web page has no pages.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from nqs.loaders.documents import LoadedDocument, load_document
from nqs.loaders.iris import Minter
from nqs.loaders.standard.model import StandardDocument
from nqs.namespaces import NQS, PROV, RDF
from tests.standard_fixtures import CORPUS, check_hand_counts, check_samples, fixture

ROOT = Path(__file__).resolve().parents[1]
FORMS = Path(__file__).parent / "fixtures" / "forms" / "corpus"
SCRIPT = ROOT / "scripts" / "make_corpus_forms.py"
BASE = "https://w3id.org/kz-nqs/id/"
PROVENANCE = frozenset({NQS.sourceUnit, NQS.sourceStart, NQS.sourceEnd, PROV.wasDerivedFrom})
CASES = [
    ("default_1", "html"),
    ("default_1", "pdf"),
    ("default_7", "html"),
    ("default_7", "pdf"),
    ("kind2_22", "html"),
    ("kind2_22", "pdf"),
    ("kind2_46", "html"),
    ("kind2_46", "pdf"),
    ("pdf_55", "html"),
    ("pdf_56", "html"),
]


@cache
def loaded(path: Path) -> LoadedDocument:
    return load_document(path, Minter(BASE))


def original(key: str) -> LoadedDocument:
    return loaded(CORPUS / fixture(key)["file"])


def form(key: str, ext: str) -> LoadedDocument:
    return loaded(FORMS / f"{key}.{ext}")


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


def test_every_form_is_there() -> None:
    """The folder holds the forms tested here and nothing else, within a size budget."""
    files = sorted(p.name for p in FORMS.iterdir())
    assert files == sorted(f"{key}.{ext}" for key, ext in CASES)
    assert sum(p.stat().st_size for p in FORMS.iterdir()) < 15_000_000


@pytest.mark.parametrize(("key", "ext"), CASES, ids=[f"{k}.{e}" for k, e in CASES])
def test_form_gives_the_graph_of_the_original(key: str, ext: str) -> None:
    got = form(key, ext)
    assert (got.kind, got.format) == ("professional-standard", ext)
    want = original(key)
    a = to_isomorphic(without_provenance(want.graph))
    b = to_isomorphic(without_provenance(got.graph))
    if a != b:
        _, only_original, only_form = graph_diff(a, b)
        lost = sorted(only_original)[:5]
        added = sorted(only_form)[:5]
        pytest.fail(f"{len(only_original)} triples only in the original, e.g. {lost}; "
                    f"{len(only_form)} only in the form, e.g. {added}")  # fmt: skip
    assert len(b) > 500


@pytest.mark.parametrize(("key", "ext"), CASES, ids=[f"{k}.{e}" for k, e in CASES])
def test_form_hand_counts(key: str, ext: str) -> None:
    expected = fixture(key)
    doc = form(key, ext).document
    assert isinstance(doc, StandardDocument)
    check_hand_counts(doc, expected)
    check_samples(doc, expected)
    if "card_names" in expected:
        assert [c.name for c in doc.cards] == expected["card_names"]


@pytest.mark.parametrize(("key", "ext"), CASES, ids=[f"{k}.{e}" for k, e in CASES])
def test_form_places_are_its_own(key: str, ext: str) -> None:
    """Elements are placed in the form's own units: pages of a PDF, paragraphs and rows of
    a page."""
    doc = form(key, ext).document
    assert isinstance(doc, StandardDocument)
    units = {
        i.loc.unit for c in doc.cards for f in c.functions for s in f.skills for i in s.abilities
    }
    assert units == ({"page"} if ext == "pdf" else {"row"})


def test_forms_pdf_rows_broken_across_pages() -> None:
    """The PDF forms do break rows across pages: some items lie on two pages."""
    for key in ("default_1", "default_7", "kind2_22", "kind2_46"):
        doc = form(key, "pdf").document
        assert isinstance(doc, StandardDocument)
        spans = [
            i.loc
            for c in doc.cards
            for f in c.functions
            for s in f.skills
            for i in (*s.abilities, *s.knowledge)
            if i.loc.end > i.loc.start
        ]
        assert spans, key


@pytest.mark.skipif(
    importlib.util.find_spec("reportlab") is None, reason="reportlab (test extra) not installed"
)
def test_forms_are_made_by_the_script(tmp_path: Path) -> None:
    """The committed forms are what the script makes now (it is deterministic)."""
    command = [sys.executable, str(SCRIPT), "--out", str(tmp_path), "default_1", "pdf_56"]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    for name in ("default_1.html", "default_1.pdf", "pdf_56.html"):
        assert (tmp_path / name).read_bytes() == (FORMS / name).read_bytes(), name
