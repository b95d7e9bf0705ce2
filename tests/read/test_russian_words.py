"""The Russian dictionary the PDF reader asks where a line break may be a space."""

from __future__ import annotations

import pytest

from nqs.loaders.read.russian_words import is_word


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
