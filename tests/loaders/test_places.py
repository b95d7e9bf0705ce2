"""Every typed resource a document's graph holds carries the place it was read from (issue
18): lines of a text, paragraphs or rows of a DOCX, pages of a PDF. The places below were
read by hand in the sources (the line, row or page quoted with its words); the last tests
check the whole build: no resource without a place, one place per resource in each
document's graph, and no violation of the shapes that require it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from nqs.config import Settings
from nqs.loaders.documents import LoadedDocument, discover, load_document
from nqs.loaders.iris import Minter
from nqs.loaders.places import main, unplaced, unplaced_in_store
from nqs.namespaces import NQS, PROV, RDF, RDFS
from nqs.store import ReadOnlyStore
from nqs.validation.run import validate_store
from tests.conftest import BALLET, CORPUS, SOURCES

BASE = "https://w3id.org/kz-nqs/id/"
KIND2_25 = CORPUS / "Kind2 25_Сопровождение и ремонт HardWare.docx"
PDF_55 = CORPUS / "PdfDefault 55_ ПС Разработчики ПО и спец по тестированию, WEB и МП.pdf"
PLACE_SHAPES = {"PlaceUnit", "PlaceStart", "PlaceEnd"}


def _load(path: Path) -> LoadedDocument:
    return load_document(path, Minter(BASE))


def _place(g: Graph, iri: str) -> tuple[str, int, int]:
    node = URIRef(BASE + iri)
    assert (node, PROV.wasDerivedFrom, None) in g, iri
    unit, start, end = (g.value(node, p) for p in (NQS.sourceUnit, NQS.sourceStart, NQS.sourceEnd))
    assert isinstance(start, Literal) and isinstance(end, Literal), iri
    return str(unit), int(start), int(end)


@pytest.fixture(scope="module")
def ballet() -> Graph:
    return _load(BALLET).graph


def test_unplaced_lists_resources_without_a_place_by_class() -> None:
    doc, card, pc = (URIRef(BASE + p) for p in ("source/x", "c/card/1", "c/card/1/competency/1"))
    g = Graph()
    g.add((doc, RDF.type, NQS.SourceDocument))
    for node, cls in ((card, NQS.ProfessionCard), (pc, NQS.PersonalCompetency)):
        g.add((node, RDF.type, cls))
        g.add((node, PROV.wasDerivedFrom, doc))
    for p, o in ((NQS.sourceUnit, "line"), (NQS.sourceStart, 1), (NQS.sourceEnd, 9)):
        g.add((card, p, Literal(o)))
    assert unplaced(g) == {str(NQS.PersonalCompetency): [str(pc)]}


def test_seed_000_places_read_by_hand(ballet: Graph) -> None:
    """Seed 000 (text, lines from 1): the kinds that had no place before issue 18."""
    card = "standard/R90012023/card/1"
    # line 350 «Ұқыптылық», the first of card 1's personal competencies (lines 350-354)
    assert _place(ballet, f"{card}/competency/1") == ("line", 350, 350)
    assert _place(ballet, f"{card}/competency/5") == ("line", 354, 354)
    # line 363 «6 Балетмейстер қоюшы», the first related occupation
    assert _place(ballet, f"{card}/related/1") == ("line", 363, 363)
    # line 100 «1432-0-003 - Бас өнертанушы», card 1's other title
    assert _place(ballet, f"{card}/other-title/1") == ("line", 100, 100)
    # line 720 «14. Кәсіптік біліктілік жөніндегі салалық кеңес: 10.01.2024 г.»
    assert _place(ballet, "standard/R90012023/approval/1") == ("line", 720, 720)
    # line 63 «Қызмет атауының коды: 2633-1-001»: the occupation and its groups
    for code in ("2633-1-001", "2633-1", "2633"):
        assert _place(ballet, f"occupation/{code}") == ("line", 63, 63)
    # lines 65-68 «СБШ бойынша біліктілік / деңгейі: / (blank) / 6»: card 1's level
    assert _place(ballet, "framework/sqf/R/level/6") == ("line", 65, 68)
    # line 48 «90.01 Әртістік қызмет»; line 45 «R Өнер, ойын-сауық және демалыс»: the sector
    assert _place(ballet, "oked/90.01") == ("line", 48, 48)
    assert _place(ballet, "framework/sqf/R") == ("line", 45, 45)
    # lines 2-8: the annex header naming the approving order № 150 of 17 April 2024
    assert _place(ballet, "act/2024-04-17/150") == ("line", 2, 8)


def test_docx_places_read_by_hand() -> None:
    """Kind2 25 (DOCX, paragraphs and table rows numbered together from 1), card 1."""
    g = _load(KIND2_25).graph
    card = "standard/order-222-2022-12-05-annex-25/card/1"
    # row 52 «Требования к личностным компетенциям | Ответственность. Исполнительность. …»
    assert _place(g, f"{card}/competency/1") == ("row", 52, 52)
    # row 53 «Связь с другими профессиями в рамках ОРК | 4 | Техник по сборке и ремонту …»
    assert _place(g, f"{card}/related/1") == ("row", 53, 53)
    # row 54 «Связь с ЕТКС или КС … | КС | 142. Инженер - электроник / 185. Техник-программист»
    assert _place(g, f"{card}/handbook-link/2") == ("row", 54, 54)
    # row 55 «Связь с системой образования и квалификации | … | Специальность: 1304000 …»
    assert _place(g, f"{card}/education-link/1") == ("row", 55, 55)
    assert _place(g, f"{card}/education-link/1/specialty/1") == ("row", 55, 55)
    # row 21 «Другие возможные наименования профессии: | Техник по обслуживанию …»
    assert _place(g, f"{card}/other-title/1") == ("row", 21, 21)
    # row 22 «Квалификационный уровень по ОРК: | 3»
    assert _place(g, "framework/sqf/S/level/3") == ("row", 22, 22)
    # row 8 «Названия секции … согласно ОКЭД: | S. Предоставление прочих видов услуг / 95 …»
    assert _place(g, "oked/95") == ("row", 8, 8)


def test_pdf_places_read_by_hand() -> None:
    """PdfDefault 55 (PDF, pages): page 4 has card 1's «Требования к личностным
    компетенциям» (Аналитическое мышление, Критический анализ, Ответственность,
    Организованность) and its related occupations (5 Проектировщик программного
    обеспечения, 4 Разработчик программного обеспечения)."""
    g = _load(PDF_55).graph
    card = (
        "standard/razrabotchiki-programmnogo-obespecheniia-i-spetsialisty-po-testirovaniiu"
        "-web-i-multimediinykh-prilozhenii/card/1"
    )
    assert str(g.value(URIRef(f"{BASE}{card}/competency/1"), RDFS.label)) == (
        "Аналитическое мышление"
    )
    for n in range(1, 5):
        assert _place(g, f"{card}/competency/{n}") == ("page", 4, 4)
    assert _place(g, f"{card}/related/2") == ("page", 4, 4)


@pytest.mark.parametrize("path", discover([SOURCES]), ids=lambda p: p.name[:24])
def test_every_resource_of_each_bundled_document_has_its_place(path: Path) -> None:
    assert unplaced(_load(path).graph) == {}


def test_the_script_reports_and_exits_by_what_it_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(BALLET)]) == 0
    assert capsys.readouterr().out == f"{BALLET.name}: 0 resources without a place\n"


# -- the whole build ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def full_store(full_settings: Settings) -> ox.Store:
    return ReadOnlyStore(full_settings.store).db


def test_full_build_has_no_resource_without_a_place(full_store: ox.Store) -> None:
    """README: every fact keeps the source document and the place it was read from."""
    assert unplaced_in_store(full_store) == {}


def test_full_build_one_place_per_resource_in_each_document_graph(full_store: ox.Store) -> None:
    """A resource several documents name (a sector level, a code, an act) has a place in
    each document's own graph, and one only there."""
    rows = full_store.query(
        f"PREFIX nqs: <{NQS}> "
        "SELECT ?g ?x (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?x nqs:sourceStart ?a } } "
        "GROUP BY ?g ?x HAVING (COUNT(DISTINCT ?a) > 1) LIMIT 20"
    )
    assert [(r["g"].value, r["x"].value) for r in rows] == []  # type: ignore[union-attr]
    shared = full_store.query(
        f"PREFIX nqs: <{NQS}> SELECT (COUNT(DISTINCT ?g) AS ?n) "
        f"WHERE {{ GRAPH ?g {{ <{BASE}framework/sqf/J/level/5> nqs:sourceStart ?a }} }}"
    )
    assert int(next(iter(shared))["n"].value) > 1  # type: ignore[arg-type]


def test_full_build_report_has_no_violation_of_the_place_shapes(
    full_store: ox.Store,
) -> None:
    report = validate_store(full_store, BASE, (SOURCES,))
    assert [f for f in report.findings if f.result.shape.split("#")[-1] in PLACE_SHAPES] == []
