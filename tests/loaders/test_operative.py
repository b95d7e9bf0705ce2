"""The operative part of every act (issue 18): its numbered points in order with their
exact text, the entry into force with its rule, the signatories with name and post, and the
registration, read by hand from the seeds and their Russian versions.

Seed 002 (the NQF order), lines 20-47: «… мақсатында :БҰЙЫРАМЫЗ» (20), point 1 amends the
2012 order (21-29), 2 its registration and publication (30-34), 3 who controls it (35-41, the
last word letter-spaced on 41), 4 the entry into force «… күнтізбелік он күн өткен соң
қолданысқа енгізіледі.» (42-43); two ministers sign side by side (44-47): on the left
«Қазақстан Республикасының / Білім және ғылым / министрі / ___ А.Сәрінжіпов», on the right
«Қазақстан Республикасының / Еңбек және халықты / әлеуметтік қорғау министрі / ___ Т.
Дүйсенова»; registered № 9141 on 12 February 2014 (12-13).

Seed 003 (the positions order), lines 14-27: the reason and «БҰЙЫРАМЫН:» (14-15), point 1
approves (16-17), 2 has two sub-points (18-23: 20-21 and 22-23), 3 control (24-25), 4 entry
into force (26), «Министр Ж. Түймебаев» (27); registered N 5168 on 17 March 2008 (7-9).

Seed 004 (the amending order), lines 9-550: «БҰЙЫРАМЫН:» (9), point 1 the amendments (10-527,
its own words 10-16, then the quoted rows), 2 with two sub-points (528-539: 531-536 and
537-539), 3 control (540-541), 4 «Осы бұйрық қол қойылған күнінен бастап күшіне енеді.»
(545), signed «Қазақстан Республикасы / Ғылым және жоғары білім / министрінің міндетін
атқарушы / Т. Ешенқұлов» (546-550); the text gives no registration.

The Russian versions (``fixtures/forms/00N_ru.txt``) keep the lines. Seeds 000 (an annex
of an order) and 001 (course rules) and their Russian versions have no operative part.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from nqs.loaders.documents import LoadedDocument, load_document
from nqs.loaders.iris import Minter
from nqs.loaders.operative import OperativePart, read_operative
from nqs.loaders.text import join_lines
from nqs.namespaces import NQS, RDF, XSD
from tests.conftest import SEEDS, TESTS

FORMS = TESTS / "fixtures" / "forms"
BASE = "https://w3id.org/kz-nqs/id/"
NQF, POSITIONS, AMENDING = "002_cbc5d0d511fbfc57", "003_443e69a912bd565d", "004_f549413c4f15f9eb"
ACTS = {
    "002": URIRef(BASE + "act/2013-12-18/665-%D3%A9-%D0%BC"),
    "003": URIRef(BASE + "act/2008-02-12/61"),
    "004": URIRef(BASE + "act/2023-12-06/616"),
}
# (number, lines, kind) of each point, and the lines of the sub-points, by hand
POINTS = {
    "002": [
        (1, (21, 29), "amendment"),
        (2, (30, 34), "execution"),
        (3, (35, 41), "control"),
        (4, (42, 43), "entry-into-force"),
    ],
    "003": [
        (1, (16, 17), "approval"),
        (2, (18, 23), "execution"),
        (3, (24, 25), "control"),
        (4, (26, 26), "entry-into-force"),
    ],
    "004": [
        (1, (10, 527), "amendment"),
        (2, (528, 539), "execution"),
        (3, (540, 541), "control"),
        (4, (545, 545), "entry-into-force"),
    ],
}
SUBPOINTS = {"002": {}, "003": {2: [(20, 21), (22, 23)]}, "004": {2: [(531, 536), (537, 539)]}}
PREAMBLE = {"002": (20, 20), "003": (14, 15), "004": (9, 9)}
PREAMBLES = {
    ("002", "kk"): "Ұлттық біліктілік жүйесін жетілдіру мақсатында :БҰЙЫРАМЫЗ",
    ("002", "ru"): "В целях совершенствования Национальной системы квалификаций :ПРИКАЗЫВАЕМ",
    ("003", "kk"): (
        '"Білім туралы" Қазақстан Республикасының 2007 жылғы 27 шілдедегі Заңының 34) '
        "тармақшасын іске асыру мақсатында 5-бабының БҰЙЫРАМЫН:"
    ),
    ("003", "ru"): (
        "В целях реализации подпункта 34) статьи 5 Закона Республики Казахстан от 27 июля "
        '2007 года "Об образовании" ПРИКАЗЫВАЮ:'
    ),
    ("004", "kk"): "БҰЙЫРАМЫН:",
    ("004", "ru"): "ПРИКАЗЫВАЮ:",
}
RULES = {
    ("002", "kk"): (
        "Осы бірлескен бұйрық алғашқы ресми жарияланғаннан кейін күнтізбелік он күн өткен соң "
        "қолданысқа енгізіледі."
    ),
    ("002", "ru"): (
        "Настоящий совместный приказ вводится в действие по истечении десяти календарных дней "
        "после дня его первого официального опубликования."
    ),
    ("003", "kk"): "Осы бұйрық ресми жарияланған күннен бастап қолданысқа енгізіледі.",
    ("003", "ru"): "Настоящий приказ вводится в действие со дня его официального опубликования.",
    ("004", "kk"): "Осы бұйрық қол қойылған күнінен бастап күшіне енеді.",
    ("004", "ru"): "Настоящий приказ вводится в действие со дня его подписания.",
}
# (name, post, lines) of each signatory
SIGNATORIES = {
    ("002", "kk"): [
        ("А.Сәрінжіпов", "Қазақстан Республикасының Білім және ғылым министрі", (44, 47)),
        (
            "Т. Дүйсенова",
            "Қазақстан Республикасының Еңбек және халықты әлеуметтік қорғау министрі",
            (44, 47),
        ),
    ],
    ("002", "ru"): [
        ("А. Саринжипов", "Министр образования и науки Республики Казахстан", (44, 47)),
        (
            "Т. Дуйсенова",
            "Министр труда и социальной защиты населения Республики Казахстан",
            (44, 47),
        ),
    ],
    ("003", "kk"): [("Ж. Түймебаев", "Министр", (27, 27))],
    ("003", "ru"): [("Ж. Туймебаев", "Министр", (27, 27))],
    ("004", "kk"): [
        (
            "Т. Ешенқұлов",
            "Қазақстан Республикасы Ғылым және жоғары білім министрінің міндетін атқарушы",
            (546, 550),
        )
    ],
    ("004", "ru"): [
        (
            "Т. Ешенкулов",
            "Исполняющий обязанности Министра науки и высшего образования Республики Казахстан",
            (546, 550),
        )
    ],
}
REGISTRATION: dict[str, tuple[str, str] | None] = {
    "002": ("9141", "2014-02-12"),
    "003": ("5168", "2008-03-17"),
    "004": None,
}
CASES = [(seed, lang) for seed in ("002", "003", "004") for lang in ("kk", "ru")]


def path(seed: str, lang: str) -> Path:
    if lang == "ru":
        return FORMS / f"{seed}_ru.txt"
    stem = {"002": NQF, "003": POSITIONS, "004": AMENDING}[seed]
    return SEEDS / f"{stem}.txt"


@cache
def loaded(seed: str, lang: str) -> LoadedDocument:
    return load_document(path(seed, lang), Minter(BASE))


def part(seed: str, lang: str) -> OperativePart:
    op = loaded(seed, lang).document.operative  # type: ignore[attr-defined]
    assert isinstance(op, OperativePart)
    return op


def lines(loc: object) -> tuple[int, int]:
    return (loc.start, loc.end)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("seed", "lang"), CASES)
def test_points_in_order(seed: str, lang: str) -> None:
    op = part(seed, lang)
    got = [(p.number, lines(p.loc), p.kind) for p in op.points]
    assert got == POINTS[seed]
    subs = {p.number: [lines(s.loc) for s in p.subpoints] for p in op.points if p.subpoints}
    assert subs == SUBPOINTS[seed]
    assert op.preamble_loc is not None and lines(op.preamble_loc) == PREAMBLE[seed]
    assert op.preamble == PREAMBLES[seed, lang]


@pytest.mark.parametrize(("seed", "lang"), CASES)
def test_entry_into_force_rule(seed: str, lang: str) -> None:
    op = part(seed, lang)
    entry = op.entry_into_force
    assert entry is not None
    assert entry.text == f"4. {RULES[seed, lang]}"
    graph = loaded(seed, lang).graph
    assert graph.value(ACTS[seed], NQS.entryIntoForceRule) == Literal(RULES[seed, lang], lang=lang)


@pytest.mark.parametrize(("seed", "lang"), CASES)
def test_signatories(seed: str, lang: str) -> None:
    got = [(s.name, s.post, lines(s.loc)) for s in part(seed, lang).signatories]
    assert got == SIGNATORIES[seed, lang]


def test_exact_point_texts() -> None:
    """Whole points as written, sub-points included, letter-spaced words repaired
    (seed 002 line 41 «ж ү к т е л с і н .»)."""
    nqf = {p.number: p.text for p in part("002", "kk").points}
    assert nqf[3] == (
        "3. Осы бірлескен бұйрықтың орындалуын бақылау Қазақстан Республикасы Еңбек және "
        "халықты әлеуметтік қорғау вице-министрі Қ.Б. Әбсаттаровқа және Қазақстан Республикасы "
        "Білім және ғылым вице-министрі Е.Н. Иманғалиевқа жүктелсін."
    )
    positions = part("003", "kk").points
    assert positions[2].text == (
        "3. Осы бұйрықтың орындалуын бақылау вице-министр Ф.Ш. Қуанғановқа жүктелсін."
    )
    assert positions[1].text == (
        "2. Ұйымдастыру-бақылау жұмысы және құжат айналымы департаменті белгіленген тәртіппен: "
        "1) осы бұйрықты Қазақстан Республикасы Әділет министрлігіне мемлекеттік тіркеуге "
        "жіберсін; 2) осы бұйрықты ол мемлекеттік тіркеуден өткеннен кейін ресми жариялауды "
        "қамтамасыз етсін."
    )
    assert positions[1].subpoints[0].text == (
        "1) осы бұйрықты Қазақстан Республикасы Әділет министрлігіне мемлекеттік тіркеуге жіберсін;"
    )
    amending = part("004", "kk").points
    assert amending[2].text == (
        "3. Осы бұйрықтың орындалуын бақылау жетекшілік ететін Қазақстан Республикасының Ғылым "
        "және жоғары білім вице-министріне жүктелсін."
    )
    # point 1's own words, up to the first card; its changes are the amendment's resources
    assert amending[0].text.startswith('1. "Жоғары және (немесе) жоғары оқу орнынан кейінгі')
    assert amending[0].text.endswith("арналған кәсіптік стандартында:")


@pytest.mark.parametrize(("seed", "lang"), CASES)
def test_in_the_graph_with_places(seed: str, lang: str) -> None:
    graph = loaded(seed, lang).graph
    act = ACTS[seed]
    points = sorted(graph.objects(act, NQS.hasOperativePoint), key=str)
    assert points == [URIRef(f"{act}/point/{n}") for n, _, _ in POINTS[seed]]
    for number, (start, end), _ in POINTS[seed]:
        point = URIRef(f"{act}/point/{number}")
        assert (point, RDF.type, NQS.OperativePoint) in graph
        assert graph.value(point, NQS.ordinal) == Literal(number)
        assert graph.value(point, NQS.sourceStart) == Literal(start)
        assert graph.value(point, NQS.sourceEnd) == Literal(end)
        assert str(graph.value(point, NQS.pointText)).startswith(f"{number}. ")
    for k, (name, post, (start, end)) in enumerate(SIGNATORIES[seed, lang], start=1):
        who = URIRef(f"{act}/signatory/{k}")
        assert (act, NQS.signedBy, who) in graph
        assert graph.value(who, NQS.signatoryName) == Literal(name, lang=lang)
        assert graph.value(who, NQS.signatoryPost) == Literal(post, lang=lang)
        assert (graph.value(who, NQS.sourceStart), graph.value(who, NQS.sourceEnd)) == (
            Literal(start),
            Literal(end),
        )
    kinds = {
        "entry-into-force": NQS.EntryIntoForcePoint,
        "control": NQS.ControlPoint,
        "execution": NQS.ExecutionPoint,
    }
    for number, _, kind in POINTS[seed]:
        if kind in kinds:
            assert (URIRef(f"{act}/point/{number}"), RDF.type, kinds[kind]) in graph


@pytest.mark.parametrize(("seed", "lang"), CASES)
def test_registration(seed: str, lang: str) -> None:
    graph = loaded(seed, lang).graph
    act = ACTS[seed]
    registration = REGISTRATION[seed]
    if registration is None:
        assert graph.value(act, NQS.registrationNumber) is None
        return
    number, date = registration
    assert graph.value(act, NQS.registrationNumber) == Literal(number)
    assert graph.value(act, NQS.registrationDate) == Literal(date, datatype=XSD.date)


@pytest.mark.parametrize("seed", ["002", "003", "004"])
def test_same_structure_in_both_languages(seed: str) -> None:
    """The Kazakh and the Russian text give the same points, sub-points and signatories
    under the same IRIs, with the same kinds."""

    def structure(g: Graph) -> set[tuple[object, ...]]:
        typed = {NQS.OperativePoint, NQS.Signatory}
        nodes = {s for t in typed for s in g.subjects(RDF.type, t)}
        return {(s, o) for s in nodes for o in g.objects(s, RDF.type)}

    assert structure(loaded(seed, "kk").graph) == structure(loaded(seed, "ru").graph)


@pytest.mark.parametrize(
    "source",
    [
        SEEDS / "000_ed35bb0e5147c5b7.txt",
        SEEDS / "001_04ad280e7aaf98fd.txt",
        FORMS / "000_ru.txt",
        FORMS / "001_ru.txt",
    ],
    ids=lambda p: p.stem[:6],
)
def test_no_operative_part(source: Path) -> None:
    """An annex of an order (000) and course rules (001) have no points nor signature."""
    graph = load_document(source, Minter(BASE)).graph
    assert not set(graph.subjects(RDF.type, NQS.OperativePoint))
    assert not set(graph.subjects(RDF.type, NQS.Signatory))


def test_signature_without_a_name_is_a_warning() -> None:
    """A signature whose name the text does not print is a located warning, its lines left
    unread; the points are read."""
    lines = [
        (1, "      БҰЙЫРАМЫН:"),
        (2, "      1. Осы бұйрық қол қойылған күнінен бастап күшіне енеді."),
        (3, "      Министр"),
    ]
    op = read_operative(lines, "kk", join_lines)
    assert [(p.number, p.kind) for p in op.points] == [(1, "entry-into-force")]
    assert op.signatories == []
    assert [(str(w.loc.label()), w.message) for w in op.warnings if w.loc] == [
        ("line 3", "signature: no signatory's name read, not read")
    ]
    assert op.lines == {1, 2}
