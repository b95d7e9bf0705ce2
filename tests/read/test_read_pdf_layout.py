"""Rules of the PDF reader for layouts that the forms of the seeds have and the corpus PDFs
have not (``tests/loaders/test_forms_seeds.py`` reads whole documents with them): a table header
Word repeats on every page, a right-aligned annex header, an empty cell at a page break,
a hyphen at a line's end in a Kazakh text. Lines and cells are made up here, in points as
the reader measures them (10 pt text, 6 pt a character)."""

from __future__ import annotations

from nqs.loaders.read.pdf import (
    _append_page,
    _Block,
    _Cell,
    _cell_text,
    _Line,
    _right_aligned,
    _TableRow,
    _Vocabulary,
)
from nqs.loaders.read.pdf_words import Word

SIZE = 10.0


def line(text: str, x0: float, top: float, page: int = 1) -> _Line:
    """One line of words from ``x0``, each character 6 pt wide, words 3 pt apart."""
    words, x = [], x0
    for w in text.split():
        words.append(Word(w, x, x + 6 * len(w), top, top + SIZE, SIZE, "DejaVuSans", False))
        x += 6 * len(w) + 3
    return _Line(words, page)


def cell(x0: float, x1: float, *texts: str, top: float = 100.0, page: int = 1) -> _Cell:
    return _Cell(x0, x1, [line(t, x0 + 5, top + 12 * k, page) for k, t in enumerate(texts)])


def row(page: int, top: float, *cells: tuple[str, ...]) -> _TableRow:
    """A row of a two-column table (50-200, 200-500 pt)."""
    columns = [(50.0, 200.0), (200.0, 500.0)]
    made = [cell(a, b, *t, top=top, page=page) for (a, b), t in zip(columns, cells, strict=True)]
    return _TableRow(made, page, page)


def texts(blocks: list[_Block]) -> list[list[str]]:
    return [
        [" ".join(ln.text for ln in c.lines) for c in b.cells]
        for b in blocks
        if isinstance(b, _TableRow)
    ]


def test_a_header_repeated_at_the_top_of_a_page_is_given_once() -> None:
    header = ("Деңгейі",), ("Жолдары",)
    blocks: list[_Block] = [row(1, 100, *header), row(1, 120, ("1",), ("Бастауыш білім",))]
    _append_page(blocks, [row(2, 50, *header), row(2, 70, ("2",), ("Орта білім",))])
    assert texts(blocks) == [
        ["Деңгейі", "Жолдары"],
        ["1", "Бастауыш білім"],
        ["2", "Орта білім"],
    ]


def test_an_empty_value_at_a_page_foot_stays_with_its_label() -> None:
    """The value of the last row on a page is empty; the next page begins with a new
    label and its value: neither value continues the other."""
    blocks: list[_Block] = [
        row(1, 100, ("Кәсіптік білім деңгейі:",), ("Жоғары білім",)),
        row(1, 120, ("Жұмыс тәжірибесіне қойылатын талаптар:",), ()),
    ]
    _append_page(blocks, [row(2, 50, ("Формалды емес байланыс:",), ("Міндетті емес",))])
    assert texts(blocks) == [
        ["Кәсіптік білім деңгейі:", "Жоғары білім"],
        ["Жұмыс тәжірибесіне қойылатын талаптар:", ""],
        ["Формалды емес байланыс:", "Міндетті емес"],
    ]


def test_an_empty_value_at_a_page_top_does_not_take_the_text_above() -> None:
    blocks: list[_Block] = [row(1, 100, ("Кәсіптік білім деңгейі:",), ("Жоғары білім",))]
    _append_page(blocks, [row(2, 50, ("Жұмыс тәжірибесіне қойылатын талаптар:",), ())])
    assert texts(blocks)[-1] == ["Жұмыс тәжірибесіне қойылатын талаптар:", ""]


def test_a_merged_cell_empty_on_the_next_page_still_continues() -> None:
    """A cell merged down the rows (a function over its tasks) is empty at the top of the
    next page, beside the next task: it continues, as before."""
    blocks: list[_Block] = [row(1, 100, ("Трудовая функция 1",), ("Задача 1",))]
    _append_page(blocks, [row(2, 50, (), ("Задача 2",))])
    rows = [b for b in blocks if isinstance(b, _TableRow)]
    assert len(rows) == 2
    assert rows[1].cells[0] is rows[0].cells[0]


def test_right_aligned_lines_are_lines_of_their_own() -> None:
    column = _Cell(0.0, 595.0)
    column.start = 70.0  # the text column's left edge
    lead = line("Ұлттық біліктілік шеңберіне", 0, 100)
    mark = line("1-қосымша", 0, 112)
    right = 525.0  # both end at the right margin
    lead = line(lead.text, right - (lead.x1 - lead.x0), 100)
    mark = line(mark.text, right - (mark.x1 - mark.x0), 112)
    assert _right_aligned(lead, mark, column)
    # a justified paragraph's lines start at the column's left edge
    first, second = line("Оқу, білім алу", 70, 100), line("жолдары", 70, 112)
    assert not _right_aligned(first, second, column)


def test_a_hyphen_at_a_line_end_is_kept_in_a_kazakh_text() -> None:
    kazakh = [line("біз оқу-әдістемелік жұмыс жүргіземіз бұл", 70, 100 + 12 * k) for k in range(3)]
    assert _Vocabulary(kazakh).keeps_hyphen("психология", "педагогикалық")
    russian = [line("мы ведем учебно-методическую работу это", 70, 100 + 12 * k) for k in range(3)]
    assert not _Vocabulary(russian).keeps_hyphen("производитель", "ности")


def test_a_wrapped_line_of_a_label_and_its_value_ending_in_a_colon_goes_on() -> None:
    """003_ru.txt lines 1510-1511: «Должностные обязанности: Научно-исследовательская
    деятельность: Организует выполнение …» is one paragraph, which the PDF wraps right
    after its second colon; a label alone on a full line (``Уровень образования:`` in a
    narrow cell of PdfDefault 55, page 4) still ends its paragraph."""
    duties = _Cell(0.0, 595.0)
    first = line("Должностные обязанности: Научно-исследовательская деятельность:", 70, 100)
    duties.lines = [first, line("Организует выполнение работ", 70, 112)]
    duties.limit = first.x1 + 1.0  # «Организует» did not fit after the colon
    assert _cell_text(duties, _Vocabulary([])) == (
        "Должностные обязанности: Научно-исследовательская деятельность: Организует "
        "выполнение работ"
    )
    level = _Cell(0.0, 150.0)
    label = line("Уровень образования:", 5, 100)
    level.lines = [label, line("Высшее", 5, 112)]
    level.limit = label.x1 + 1.0
    assert _cell_text(level, _Vocabulary([])) == "Уровень образования:\nВысшее"
    # a line that ended early after its colon ends its paragraph too
    duties.limit = 595.0
    assert _cell_text(duties, _Vocabulary([])).count("\n") == 1
