"""Tests of the PDF reader on the three PDF standards of the corpus.

Expected texts were read by eye from page renderings of the PDFs (pypdfium2, 1.2x), not
from the reader's output.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from nqs.loaders.model import Location, Row, SourceError
from nqs.loaders.read.pdf import _Vocabulary, read_pdf
from tests.conftest import ROOT

CORPUS = ROOT / "data" / "sources" / "corpus" / "ict-ru"
PDF55 = CORPUS / "PdfDefault 55_ ПС Разработчики ПО и спец по тестированию, WEB и МП.pdf"
PDF56 = CORPUS / "PdfDefault 56_ ПС Дизайнеры БД и администраторы.pdf"
PDF58 = CORPUS / "PdfDefault 58_ ПС Бизнес аналитики и управление проектами.pdf"


@cache
def rows(path: Path) -> list[Row]:
    return read_pdf(path)


def items_after(doc: list[Row], function: str, task: str, label: str) -> Row:
    """The row after the ``label`` row (Умения/Знания) of a task of a function."""
    for i, row in enumerate(doc):
        if (
            len(row.cells) == 3
            and row.cells[0].startswith(function)
            and row.cells[1].startswith(task)
            and row.cells[2].rstrip(":") == label
        ):
            return doc[i + 1]
    raise AssertionError(f"no {label} row for {function!r} / {task!r}")


def card_codes(doc: list[Row]) -> list[str]:
    return [r.cells[1] for r in doc if r.in_table and r.cells[0] == "Код:"]


def count_cards(doc: list[Row]) -> int:
    return sum(r.cells[0].startswith("КАРТОЧКА ПРОФЕССИИ") for r in doc)


# --- cards -------------------------------------------------------------------------------


def test_cards_55() -> None:
    doc = rows(PDF55)
    assert count_cards(doc) == 15
    assert card_codes(doc) == (
        ["2512-1-006"] * 3
        + ["2512-1-007"] * 3
        + ["2512-1-008"] * 3
        + ["2512-2-003"] * 3
        + ["2512-2-007"] * 3
    )


def test_cards_56() -> None:
    doc = rows(PDF56)
    assert count_cards(doc) == 9
    assert card_codes(doc) == [
        "2521-1-001",
        "2521-1-002",
        "2521-1-002",
        "2521-1-004",
        "2521-1-004",
        "2521-1-003",
        "2521-1-003",
        "2521-3-001",
        "2521-3-001",
    ]


def test_cards_58() -> None:
    doc = rows(PDF58)
    assert count_cards(doc) == 12
    assert card_codes(doc) == (
        ["2511-2-001"] * 3 + ["2512-1-003"] * 5 + ["2511-1-002"] * 2 + ["2511-2-003"] * 2
    )


# --- shape -------------------------------------------------------------------------------


def test_header_and_passport_rows_56() -> None:
    doc = rows(PDF56)
    # printed on 6 lines; "от ________ №________" is a paragraph of its own in Word but
    # ends up on the line before it (too little room was left to tell, see the reader)
    assert len(doc[0].cells) == 1 and doc[0].loc == Location("page", 1, 1)
    assert (
        doc[0]
        .cells[0]
        .startswith(
            "Приложение № 3\nк приказу Заместителя Председателя Правления Национальной"
            " палаты предпринимателей\nРеспублики Казахстан «Атамекен»"
        )
    )
    assert doc[0].cells[0].endswith("«Атамекен» от ________ №________")
    assert doc[1].cells == ("Профессиональный стандарт\n«Дизайнеры баз данных и администраторы»",)
    assert (
        Row(("Название ПС:", "Дизайнеры баз данных и администраторы"), Location("page", 2, 2))
        in doc
    )
    assert all(r.in_table for r in doc)  # the PDFs have no text outside tables but page numbers
    assert not any(c.strip().isdigit() and len(r.cells) == 1 for r in doc for c in r.cells)


def test_code_lines_are_paragraphs() -> None:
    oked = next(r for r in rows(PDF56) if r.cells[0].startswith("Названия секции"))
    assert oked.cells == (
        "Названия секции, раздела, группы, класса, и подкласса согласно ОКЭД:",
        "J Информация и связь\n"
        "62 Компьютерное программирование, консультации и другие сопутствующие услуги\n"
        "62.0 Компьютерное программирование, консультации и другие сопутствующие услуги\n"
        "62.01 Деятельность в области компьютерного программирования\n"
        "62.01.1. Разработка программного обеспечения",
    )
    education = next(r for r in rows(PDF55) if r.cells[0].startswith("Связь с системой"))
    assert education.loc == Location("page", 4, 4)
    assert education.cells[2] == (
        "Специальность:\n"
        "1304000 Вычислительная техника и программное обеспечение (по видам)\n"
        "1305000 Информационные системы (по областям применения)"
    )


def test_card_rows_56() -> None:
    doc = rows(PDF56)
    start = next(i for i, r in enumerate(doc) if r.cells[0].startswith("КАРТОЧКА"))
    assert doc[start].cells == ("КАРТОЧКА ПРОФЕССИИ\n«ИНЖЕНЕР ПО СОПРОВОЖДЕНИЮ БАЗ ДАННЫХ»",)
    assert [r.cells for r in doc[start + 1 : start + 11]] == [
        ("Код:", "2521-1-001"),
        ("Код группы:", "2521-1"),
        ("Профессия:", "Инженер по сопровождению баз данных"),
        ("Другие возможные названия профессии:", "Инженер по поддержке баз данных"),
        ("Квалификационный уровень по ОРК:", "6"),
        ("Основная цель деятельности", "Обеспечивать работоспособность базы данных"),
        (
            "Трудовые функции",
            "Обязательные трудовые функции",
            "1. Проведение регламентных работ по сопровождению и поддержке БД",
        ),
        (
            "Трудовые функции",
            "Обязательные трудовые функции",
            "2. Обеспечение работоспособности БД при сопровождении",
        ),
        ("Трудовые функции", "Дополнительные трудовые функции", "-"),
        (
            "Трудовая функция 1:\nПроведение регламентных работ по сопровождению БД",
            "Задача 1\nРезервное копирование баз данных",
            "Умения:",
        ),
    ]


def test_list_rows_56() -> None:
    doc = rows(PDF56)
    assert (
        "Перечень карточек профессий",
        "Специалист по администрированию баз данных (администратор баз данных)",
        "6-й уровень ОРК",
    ) in [r.cells for r in doc]
    related = [r.cells for r in doc if r.cells[0] == "Связь с другими профессиями в рамках ОРК"]
    assert related[:2] == [
        (
            "Связь с другими профессиями в рамках ОРК",
            "6",
            "Специалист по администрированию баз данных (администратор баз данных)",
        ),
        ("Связь с другими профессиями в рамках ОРК", "5", "Специалист по управлению базами данных"),
    ]
    competencies = next(r for r in doc if r.cells[0] == "Требования к личностным компетенциям")
    assert competencies.cells[1] == (
        "Критический анализ\nДисциплинированность\nОтветственность\nИсполнительность\n"
        "Организованность\nНавыки делового общения"
    )


# --- abilities and knowledge -----------------------------------------------------------


def test_task_items_56() -> None:
    doc = rows(PDF56)
    f1 = "Трудовая функция 1:\nПроведение регламентных работ по сопровождению БД"
    backup = "Задача 1\nРезервное копирование баз данных"
    assert items_after(doc, f1, backup, "Умения").cells[2] == (
        "1. Запустить процедуру резервного копирования\n"
        "2. Мониторить процедуры резервного копирования\n"
        "3. Контролировать завершения процедуры резервного копирования\n"
        "4. Выполнить регламентные процедуры по резервированию данных\n"
        "5. Корректировать действий по резервному копированию баз данных\n"
        "6. Архивировать и копирование данных"
    )
    assert items_after(doc, f1, backup, "Знания").cells[2] == (
        "1. Общие основы решения практических задач по созданию резервных копий БД\n"
        "2. Специальные знания по работе с установленной БД"
    )
    restore = "Задача 2\nВосстановление баз данных"  # the title is split over pages 3 and 4
    abilities = items_after(doc, f1, restore, "Умения")
    assert abilities.cells[2] == (
        "1. Запускать процедуры восстановления БД\n"
        "2. Мониторить выполнения процедуры восстановления БД\n"
        "3. Контролировать завершения процедуры восстановления БД\n"
        "4. Выполнять регламентные процедуры по восстановлению и проверке корректности"
        " восстановленных данных\n"
        "5. Корректировать действий по восстановлению баз данных после проверки корректности\n"
        "6. Управление и запуск транзакций БД"
    )
    assert abilities.loc == Location("page", 3, 4)
    assert items_after(doc, f1, restore, "Знания").cells[2] == (
        "1. Общие основы решения практических задач по восстановлению БД\n"
        "2. Методы и приемы проверки корректности восстановленных данных\n"
        "3. Специальные знания по работе с установленной БД"
    )


def test_new_row_at_page_top_56() -> None:
    """Page 5 starts with the knowledge items of a task whose "Знания:" ends page 4."""
    doc = rows(PDF56)
    f2 = "Трудовая функция 2:\nОбеспечение работоспособности БД при сопровождении"
    task = "Задача 1\nМониторинг событий, возникающих при сопровождении в процессе работы БД"
    label = next(r for r in doc if r.cells[:2] == (f2, task) and r.cells[2] == "Знания:")
    assert label.loc == Location("page", 4, 4)
    knowledge = items_after(doc, f2, task, "Знания")
    assert knowledge.cells[:2] == (f2, task)  # the merged cells are repeated
    assert knowledge.loc == Location("page", 5, 5)
    assert knowledge.cells[2] == (
        "1. Знания современных программ и утилит для мониторинга БД\n"
        "2. Типовые ошибки, возникающие при работе БД, и их признаки проявления при работе БД\n"
        "3. Техническая терминология, отражающая состояние БД и ошибки в работе БД\n"
        "4. Специальные знания по работе с установленной БД"
    )


def test_task_items_55() -> None:
    doc = rows(PDF55)
    f1 = "Трудовая функция 1:\nИсследование предметной области, формирование цели и задачи"
    task = "Задача 1\nАнализ предметной области, постановка цели и задачи"
    assert items_after(doc, f1, task, "Умения").cells[2] == (
        "1. Моделировать структуры предметной области\n"
        "2. Определить цели и задачи к определенным процессам\n"
        "3. Определить необходимость степени автоматизации"
    )
    assert items_after(doc, f1, task, "Знания").cells[2] == (
        "1. Техника моделирования с помощью средств моделирования.\n"
        "2. Композиции и декомпозиции процессов.\n"
        "3. Принципы системности и целостности"
    )
    # page 5: inline hyphens that are not at a line's end stay as printed
    f1 = (
        "Трудовая функция 1:\nАнализ требований к программ-ному обеспечению и разработка"
        " технических специфика-ций на программные компоненты и их взаимодействие"
    )
    task = "Задача 1\nАнализ требований к программному обеспечению"
    assert items_after(doc, f1, task, "Умения").cells[2] == (
        "1. Оценить результаты проведенного первоначального анализа и выявленных ограничений\n"
        "2. Организовать поиск критических участков проекта"
    )
    assert items_after(doc, f1, task, "Знания").cells[2] == (
        "1. Техники изучения, анализа и оценки ПО и требований к нему.\n"
        "2. Методы структурного анализа"
    )
    task = "Задача 2\nРазработка технических спецификаций на программные компоненты и их"
    assert items_after(doc, f1, task, "Знания").cells[2] == (
        "1. Жизненный цикл программного обеспечения\n"
        "2. Виды программных компонентов и их взаимодействие\n"
        "3. Стандарты разработки и оформления документации ИТ-проектов."
    )


def test_task_items_58() -> None:
    doc = rows(PDF58)
    f1 = (
        "Трудовая функция 1\nСбор требований, необходимых для анализа бизнес-процессов"
        " и/или ИТ-проектов организации."
    )
    task = "Задача 1\nПроведение интервью с заказчиком"
    # item 1 has a manual line break ("ситуацию / в сравнении"): still one line
    assert items_after(doc, f1, task, "Умения").cells[2] == (
        "1. Анализировать текущую ситуацию в сравнении с прошлой\n"
        "2. Определить цель и задачу проекта"
    )
    assert items_after(doc, f1, task, "Знания").cells[2] == (
        "1. Методологии сбора, анализа и формализации;\n"
        "2. Предметную область, которую нужно анализировать"
    )
    task = "Задача 2\nФиксация бизнес-задач"
    assert items_after(doc, f1, task, "Умения").cells[2] == (
        "1. Анализировать техническую документацию\n"
        "2. Анализировать текущую ситуацию в сравнении с прошлой"
    )
    f2 = "Трудовая функция 2\nАнализ и документирование требований к бизнес-процессам"
    task = "Задача 2\nФормализация и систематизация собранной информации"
    assert items_after(doc, f2, task, "Знания").cells[2] == (
        "1. Программные средства и ИТ-инфраструктура организации.\n"
        "2. Основы менеджмента.\n"
        "3. Основы менеджмента качества"
    )


# --- page breaks -------------------------------------------------------------------------


def test_rows_across_page_breaks() -> None:
    # a label split over pages 2 and 3 ("Квалификационный" / "уровень по ОРК:")
    doc55 = rows(PDF55)
    assert Row(("Квалификационный уровень по ОРК:", "4"), Location("page", 2, 3)) in doc55
    # a new row at the top of page 5 that repeats the merged "Трудовые функции" cell
    assert (
        Row(("Трудовые функции", "Дополнительные трудовые функции", "-"), Location("page", 5, 5))
        in doc55
    )
    # a row whose middle cell is split over pages 2 and 3 ("Дополнительные трудовые" / "функции")
    doc58 = rows(PDF58)
    assert (
        Row(("Трудовые функции", "Дополнительные трудовые функции", "-"), Location("page", 2, 3))
        in doc58
    )
    # the one-cell glossary row goes on over the page break
    glossary = next(r for r in doc58 if r.cells[0].startswith("Глоссарий"))
    assert glossary.loc == Location("page", 1, 2)
    assert "\nОКЭД–Общий классификатор видов экономической деятельности\n" in glossary.cells[0]
    # a split paragraph: "... мониторинг" (page 2) + "функционирования систем ..." (page 3)
    doc56 = rows(PDF56)
    summary = next(r for r in doc56 if r.cells[0] == "Краткое описание ПС:")
    assert summary.loc == Location("page", 2, 3)
    assert "мониторинг функционирования систем управления БД" in summary.cells[1]


def test_page_numbers_dropped() -> None:
    for path in (PDF55, PDF56, PDF58):
        assert all(
            not c.strip().isdigit() for r in rows(path) if len(r.cells) == 1 for c in r.cells
        )


# --- line joining ------------------------------------------------------------------------


def test_hyphenation_in_documents() -> None:
    doc56 = rows(PDF56)
    texts = "\n".join(c for r in doc56 for c in r.cells)
    # "производитель-/ности, функци-/онирования" (page 4) are syllable breaks
    assert (
        "Задача 3\nОбеспечение сохранности и целостности данных, производительности,"
        " функционирования" in texts
    )
    # "аппаратно-/программного" keeps its hyphen, also inside a word printed without spaces
    assert "Состав эксплуатируемого аппаратно-программного комплекса" in texts
    assert (
        "8. Анализировать необходимостимодернизацииаппаратно-программногокомплекса"
        "наосноверезультатовэксплуатацииБД." in texts
    )
    # "201-ө-/м" keeps its hyphen
    assert "года № 201-ө-м)" in texts
    texts55 = "\n".join(c for r in rows(PDF55) for c in r.cells)
    # words Word broke because they are longer than the narrow column
    assert "Вычислительная техника" in texts55 and "Вычислительна я" not in texts55
    assert "Информационные системы (по областям применения)" in texts55


@pytest.mark.parametrize(
    ("left", "right", "keep"),
    [
        # every line-end hyphen of the three PDFs
        ("производитель", "ности", False),
        ("функци", "онирования", False),
        ("ИТ", "проектов", True),
        ("ИТ", "инфраструктура", True),
        ("201-ө", "м", True),  # the left part as found before the line-end hyphen
        ("аппаратно", "программного", True),
        ("программно", "аппаратных", True),
        ("нормативно", "техническую", True),
        ("информационно", "поисковый", True),
        ("информационно", "технические", True),
        ("программно", "технических", True),
        ("технико", "экономического", True),
        ("бизнес", "процессов", True),
        ("бизнес", "задач", True),
        ("форм", "факторов", True),
    ],
)
def test_hyphen_rule_without_context(left: str, right: str, keep: bool) -> None:
    """The rule by form alone, for a document that never prints the word inside a line."""
    assert _Vocabulary([]).keeps_hyphen(left, right) is keep


def test_hyphen_rule_uses_the_document() -> None:
    vocabulary = _Vocabulary([])
    vocabulary.words.update({"оборудования"})
    vocabulary.first_parts.update({"клиент"})
    assert vocabulary.keeps_hyphen("оборудо", "вания") is False  # joined word printed
    assert vocabulary.keeps_hyphen("клиент", "серверной") is True  # compound printed


# --- errors ------------------------------------------------------------------------------


def test_not_a_pdf(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("this is not a PDF")
    with pytest.raises(SourceError, match=r"bad\.pdf"):
        read_pdf(bad)
    with pytest.raises(SourceError):
        read_pdf(tmp_path / "missing.pdf")
