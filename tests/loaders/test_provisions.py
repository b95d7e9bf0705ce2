"""General provisions of standards in both templates: scope, cited laws, glossary.

Counts and texts were read off the documents: seed 000 chapter 1 (lines 14–37); the
"Общие положения" row of "Default 1" (10 numbered terms, 9 numbered abbreviations); the
"Глоссарий" row of "Kind2 19" (13 terms, then "ИКТ – …") and of "PdfDefault 55" (9 terms,
then 14 abbreviations from "WEB" to "МСКО", "ПО" listed twice, "ЕТКС или КС" one entry).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, QuerySolutions, Store

from nqs.config import Settings
from nqs.loaders.documents import parse_document
from nqs.loaders.standard.model import GlossaryEntry, StandardDocument
from nqs.loaders.standard.provisions import split_entry
from nqs.namespaces import NQS
from tests.conftest import BALLET
from tests.standard_fixtures import CORPUS


def parse(path: Path) -> StandardDocument:
    doc = parse_document(path).document
    assert isinstance(doc, StandardDocument)
    return doc


def corpus(prefix: str) -> StandardDocument:
    return parse(next(CORPUS.glob(f"{prefix}*")))


def kinds(entries: list[GlossaryEntry]) -> tuple[int, int]:
    return (
        sum(e.kind == "term" for e in entries),
        sum(e.kind == "abbreviation" for e in entries),
    )


def test_kazakh_scope_law_and_glossary() -> None:
    doc = parse(BALLET)
    pr = doc.provisions
    assert pr.scope is not None
    assert pr.scope.startswith('"Балеттанушы" кәсіптік стандарты (бұдан әрі-кәсіптік стандарт)')
    assert pr.scope.endswith("мақсатында әзірленді және мәдениет саласында қолданылады.")
    assert (pr.scope_loc.start, pr.scope_loc.end) == (14, 18)  # type: ignore[union-attr]
    assert [a.title for a in pr.cited_acts] == ["Кәсіптік біліктілік туралы"]
    assert [(e.kind, e.term) for e in pr.glossary] == [
        ("term", "білім"),
        ("term", "дағды"),
        ("term", "мамандық"),
        ("abbreviation", "ҰБШ"),
        ("abbreviation", "СБШ"),
        ("abbreviation", "ЭҚЖЖ"),
        ("abbreviation", "БТБА"),
        ("abbreviation", "БА"),
        ("abbreviation", "БХСЖ"),
    ]
    # a definition broken over lines 21–23, joined; the list's ";" is not part of it
    assert pr.glossary[0].definition == (
        "кәсіптік міндет шеңберінде іс-әрекеттерді орындау үшін қажетті зерделенген және "
        "меңгерілген ақпарат"
    )
    assert pr.glossary[5].definition == "экономикалық қызметтің жалпы жүктеуіші"


def test_russian_numbered_provisions_and_purpose() -> None:
    doc = corpus("Default 1_")
    pr = doc.provisions
    assert pr.scope is not None
    assert pr.scope.startswith(
        "Профессиональный стандарт «Администрирование баз данных» предназначен для"
    )
    assert "На основании настоящего профессионального стандарта организации" in pr.scope
    assert kinds(pr.glossary) == (10, 9)
    assert pr.glossary[0].term == "квалификация"
    assert pr.glossary[9].term == "трудовая функция"
    assert pr.glossary[-1].term == "ИС"
    assert pr.glossary[-1].definition == "информационная система."
    assert doc.purpose == (
        "Системное и структурированное описание трудовых функций, соответствующих "
        "требований к знаниям, умениям, навыкам и личностным компетенциям работников."
    )
    assert [b.text for b in doc.unassigned if "полож" in b.text] == ["Общие положения"]


def test_russian_glossary_variant() -> None:
    pr = corpus("Kind2 19").provisions
    assert pr.scope is None
    assert kinds(pr.glossary) == (13, 1)
    assert pr.glossary[0].term == "Информационная система (ИС)"
    assert pr.glossary[-1].term == "ИКТ"


def test_pdf_glossary() -> None:
    pr = corpus("PdfDefault 55").provisions
    assert kinds(pr.glossary) == (9, 14)
    abbreviations = [e.term for e in pr.glossary if e.kind == "abbreviation"]
    assert abbreviations[0] == "WEB" and abbreviations[-1] == "МСКО"
    assert "ЕТКС или КС" in abbreviations
    assert abbreviations.count("ПО") == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ОРК – отраслевая рамка квалификации;", ("ОРК", "отраслевая рамка квалификации;")),
        ("ИКТ– Информационно-коммуникационные технологии", None),
        ("IT-инфраструктура – это структура", ("IT-инфраструктура", "это структура")),
        (
            "BIOS (от англ. basic input/output system — «базовая система») - программа",
            ("BIOS (от англ. basic input/output system — «базовая система»)", "программа"),
        ),
        ("без разделителя", None),
    ],
)
def test_split_entry(text: str, expected: tuple[str, str] | None) -> None:
    if expected is None and "–" in text:
        assert split_entry(text) == ("ИКТ", "Информационно-коммуникационные технологии")
    else:
        assert split_entry(text) == expected


def test_graph(seed_settings: Settings) -> None:
    store = Store.read_only(str(seed_settings.store))
    base = "https://w3id.org/kz-nqs/id/"
    std = NamedNode(base + "standard/R90012023")
    law = NamedNode(base + "act/kasiptik-biliktilik-turaly")
    nqs = str(NQS)
    assert list(store.quads_for_pattern(std, NamedNode(nqs + "cites"), law))
    assert list(store.quads_for_pattern(law, None, NamedNode(nqs + "LegalAct")))
    result = store.query(
        f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?alt ?pref WHERE {{ <{std.value}> <{nqs}hasGlossary> ?g .
              ?a skos:inScheme ?g ; a <{nqs}Abbreviation> ; skos:altLabel ?alt ;
                 skos:prefLabel ?pref ; <{nqs}ordinal> 1 }}"""
    )
    assert isinstance(result, QuerySolutions)
    assert [(r["alt"].value, r["pref"].value) for r in result] == [
        ("ҰБШ", "ұлттық біліктілік шеңбері")
    ]
