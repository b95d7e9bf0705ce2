"""The Russian dictionary the PDF reader asks where a line break may be a space."""

from __future__ import annotations

import pytest

from nqs.loaders.read.russian_words import agrees, is_word


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("регламентированную", True),  # Kind2 24, DOCX table 1: "…регламентированную диагностику"
        ("диагностику", True),
        ("регламентированнуюдиагностику", False),
        ("Криминалистическая", True),  # Kind2 4: "Криминалистическая экспертиза", any case
        ("криминалистическаяэкспертиза", False),
        ("несанкционированного", True),  # Kind2 4 PDF: "несанкционированно" / "го" is one word
        ("Администрирован", False),  # PdfDefault 55 page 18: "Администрирован" / "ие ПО"
        ("автоматизированно", False),  # a word's first part that is no word of its own
    ],
)
def test_dictionary_knows_word_forms_as_written(text: str, known: bool) -> None:
    assert is_word(text) is known


@pytest.mark.parametrize(
    ("adjective", "following", "agree"),
    [
        # Kind2 23, DOCX table 1, task "Анализ работоспособности устройств с
        # автоматизированными системами": the PDF cuts the first word as
        # "автоматизированным" / "и системами"
        ("автоматизированными", "системами", True),
        ("автоматизированным", "системами", False),
        # PdfDefault 56, function 3, task 1, ability 1: "различными автоматизированными средствами"
        ("различными", "автоматизированными", True),
        ("новыми", "старым", False),  # plural instrumental against singular or dative
        ("новым", "старым", True),  # "по новым и старым": both dative plural
        ("системами", "управления", False),  # a noun agrees with nothing
    ],
)
def test_adjective_agrees_with_following_word(adjective: str, following: str, agree: bool) -> None:
    assert agrees(adjective, following) is agree
