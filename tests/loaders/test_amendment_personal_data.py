"""Personal data left out of a text says so where it was, and the resource is flagged.

Seed 004 (order № 616), lines 521-527: paragraph 16 of the standard gets the new wording
«16. Әзірлеуге қатысатын ұйымдар (кәсіпорын): Қазтұтынуодағы Қарағанды университеті,
Сырымбетова Ляйля Саркытқызы – 8 701 552 38 87, Astana IT University, Өмірбаев Серік
Мәуленұлы - 8 717 264 57 28, Абай атындағы Қазақ ұлттық педагогикалық университеті,
Нарбекова Бану Мұқатайқызы - 8 727 293 81 53, Қазақ ұлттық қыздар педагогикалық
университеті, Жұманқұлова Еркын Нұрсағатқызы - 8 727 237 00 12.» — four organisations, each
followed by a contact person and a phone. The Russian translation
(``tests/fixtures/forms/004_ru.txt``, the same lines) names four other persons.
The graph keeps the wording, the organisations and the commas and the final full stop,
and puts «[дербес деректер жүктелмеген]» / «[персональные данные не загружены]» where each
person and phone was; no name or phone reaches it.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from nqs.loaders.documents import load_document
from nqs.loaders.iris import Minter
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, RDF
from tests.conftest import ROOT, SEEDS

KK = SEEDS / "004_f549413c4f15f9eb.txt"
RU = ROOT / "tests" / "fixtures" / "forms" / "004_ru.txt"
KK_MARK = "[дербес деректер жүктелмеген]"
RU_MARK = "[персональные данные не загружены]"
KK_TEXT = (
    f"16. Әзірлеуге қатысатын ұйымдар (кәсіпорын): Қазтұтынуодағы Қарағанды университеті, "
    f"{KK_MARK}, Astana IT University, {KK_MARK}, Абай атындағы Қазақ ұлттық педагогикалық "
    f"университеті, {KK_MARK}, Қазақ ұлттық қыздар педагогикалық университеті, {KK_MARK}."
)
RU_TEXT = (
    f"16. Организации (предприятия), участвующие в разработке: Карагандинский университет "
    f"Казпотребсоюза, {RU_MARK}, Astana IT University, {RU_MARK}, Казахский национальный "
    f"педагогический университет имени Абая, {RU_MARK}, Казахский национальный женский "
    f"педагогический университет, {RU_MARK}."
)
# names and phones as written on lines 523-527 (Kazakh) and 523-527 (Russian)
PERSONAL = [
    "Сырымбетова",
    "Өмірбаев",
    "Нарбекова",
    "Жұманқұлова",
    "552 38 87",
    "237 00 12",
    "Бекмуратова",
    "Искакова",
    "400 17 26",
    "255 60 34",
]


def _graph(path: object) -> Graph:
    return load_document(path, Minter(DEFAULT_BASE_IRI)).graph  # type: ignore[arg-type]


@pytest.mark.parametrize(("path", "text", "lang"), [(KK, KK_TEXT, "kk"), (RU, RU_TEXT, "ru")])
def test_new_wording_marks_the_personal_data(path: object, text: str, lang: str) -> None:
    g = _graph(path)
    flagged = set(g.subjects(NQS.personalDataOmitted, Literal(True)))
    new_texts = {s: o for s, o in g.subject_objects(NQS.newText) if str(o).startswith("16. ")}
    # the amendment and its text change carry the text; both are flagged, and so is the
    # paragraph's new version
    assert set(new_texts.values()) == {Literal(text, lang=lang)}
    assert len(new_texts) == 2 and set(new_texts) <= flagged
    versions = [s for s in flagged if (s, RDF.type, NQS.StandardParagraph) in g]
    assert [str(v).rsplit("/", 3)[-3:] for v in versions] == [["16", "v", "2023-12-06"]]
    assert len(flagged) == 3
    # only these: nothing else in the order is flagged, and no name or phone is in the graph
    everything = " ".join(str(o) for o in g.objects())
    assert not [p for p in PERSONAL if p in everything]


def test_places_of_the_flagged_text() -> None:
    g = _graph(KK)
    for s in g.subjects(NQS.personalDataOmitted, Literal(True)):
        start, end = g.value(s, NQS.sourceStart), g.value(s, NQS.sourceEnd)
        assert isinstance(start, Literal) and isinstance(end, Literal)
        assert 521 <= start.toPython() <= end.toPython() == 527
    assert isinstance(next(iter(g.subjects(NQS.personalDataOmitted, None))), URIRef)
