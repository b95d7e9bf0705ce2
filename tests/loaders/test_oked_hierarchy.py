"""Every OKED code gets its chain of broader concepts up to its section as the classifier
(NACE Rev. 2 structure) defines it, also when the standard lists a code without the codes
above it: "Kind2 46 Управление и проектирование.docx", table 1, row 7 lists (read by hand)

    J Информация и связь
    62 Компьютерное программирование, консультации и другие сопутствующие услуги
    62.0 …, 62.01 …, 62.01.1. Разработка программного обеспечения
    26.2 Производство компьютеров и периферийного оборудования
    26.20 …, 26.20.0 Производство компьютеров и периферийного оборудования

so 26.2 is under division 26, which it does not list, and 26 is in section C (divisions
10–33), not under the J listed above it.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef

from nqs.build import build
from nqs.config import Settings
from nqs.loaders.documents import LoadedDocument, load_document
from nqs.loaders.iris import Minter
from nqs.loaders.standard.map import division_section, oked_chain
from nqs.namespaces import NQS, RDFS, SKOS
from nqs.server.app import create_app
from tests.conftest import CORPUS

BASE = "https://example.org/kz/"
KIND2_46 = CORPUS / "Kind2 46 Управление и проектирование.docx"


def oked(code: str) -> URIRef:
    return URIRef(BASE + "oked/" + code)


@pytest.fixture(scope="module")
def g() -> Graph:
    result = load_document(KIND2_46, Minter(BASE))
    assert isinstance(result, LoadedDocument)
    return result.graph


def test_division_sections() -> None:
    assert division_section("26") == "C"
    assert division_section("10") == "C"
    assert division_section("33") == "C"
    assert division_section("62") == "J"
    assert division_section("90") == "R"
    assert division_section("01") == "A"
    assert division_section("99") == "U"
    assert division_section("62.0") is None
    assert division_section("J") is None


def test_chain_up_to_the_section() -> None:
    assert oked_chain("26.20.0") == ["26.20", "26.2", "26", "C"]
    assert oked_chain("26.2") == ["26", "C"]
    assert oked_chain("62.01.1") == ["62.01", "62.0", "62", "J"]
    assert oked_chain("62") == ["J"]
    assert oked_chain("J") == []


def test_unlisted_division_is_minted_under_its_section(g: Graph) -> None:
    broader = {(s, o) for s, o in g.subject_objects(SKOS.broader) if "/oked/" in str(s)}
    assert broader == {
        (oked(a), oked(b))
        for a, b in (
            ("26.20.0", "26.20"),
            ("26.20", "26.2"),
            ("26.2", "26"),
            ("26", "C"),
            ("62.01.1", "62.01"),
            ("62.01", "62.0"),
            ("62.0", "62"),
            ("62", "J"),
        )
    }
    # 26 is not listed: its code only, no name made up, placed at the row that implies it
    assert (oked("26"), SKOS.notation, Literal("26")) in g
    assert g.value(oked("26"), RDFS.label) is None
    assert g.value(oked("26"), SKOS.prefLabel) is None
    assert g.value(oked("26"), NQS.sourceStart) == Literal(7)
    # the section C gets the classifier's name, and is a top concept of the scheme
    assert (oked("C"), RDFS.label, Literal("Обрабатывающая промышленность", lang="ru")) in g
    assert (oked("C"), SKOS.topConceptOf, URIRef(BASE + "scheme/oked")) in g
    # the listed names stay as written
    assert (
        oked("26.2"),
        RDFS.label,
        Literal("Производство компьютеров и периферийного оборудования", lang="ru"),
    ) in g


def test_main_and_additional_activity(g: Graph) -> None:
    std = next(g.subjects(NQS.economicActivity, None))
    assert g.value(std, NQS.economicActivity) == oked("62.01.1")
    assert set(g.objects(std, NQS.additionalEconomicActivity)) == {oked("26.20.0")}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    folder = tmp_path_factory.mktemp("kind2-46")
    (folder / KIND2_46.name).write_bytes(KIND2_46.read_bytes())
    settings = Settings(
        store=tmp_path_factory.mktemp("kind2-46-store") / "store", sources=(folder,)
    )
    build(settings)
    app = create_app(settings, {"TESTING": True})
    with app.test_client() as c:
        yield c
    app.extensions["nqs.evaluator"].stop()


class TreeDepths(HTMLParser):
    """The nesting depth (in ``ul.tree`` lists) of every link of a tree page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "ul" and (found.get("class") or "").startswith("tree"):
            self.depth += 1
        if tag == "a" and found.get("href"):
            self.links.setdefault(found["href"] or "", self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul" and self.depth:
            self.depth -= 1


def test_oked_tree_has_sections_at_the_top(client: FlaskClient) -> None:
    html = client.get("/browse/oked", headers={"Accept": "text/html"}).get_data(as_text=True)
    parser = TreeDepths()
    parser.feed(html)
    depth = {href.rsplit("/", 1)[-1]: d for href, d in parser.links.items() if "/id/oked/" in href}
    assert {code for code, d in depth.items() if d == 1} == {"C", "J"}
    assert depth["26"] == 2 and depth["26.2"] == 3 and depth["26.20.0"] == 5
    assert depth["62"] == 2 and depth["62.01.1"] == 5
