"""The general provisions of a professional standard, in either template.

They open the standard, before the passport: the scope (paragraph 1, in the current template
``Кәсіптік стандарттың қолдану аясы: …`` / ``Область применения профессионального стандарта:
…``, in the older Russian one ``Профессиональный стандарт «…» предназначен …``), the laws it is
made under, and a glossary. The glossary is either numbered
(``2. … терминдер …:`` / ``2. … термины и определения:`` then ``1) term – definition;``, and a
third paragraph of abbreviations) or, in the ``Глоссарий`` variant of the Russian template, one
unnumbered entry per line with terms and abbreviations mixed: an entry whose term has no lower
case letter (``ОРК``, ``ИТ (IT)``) is an abbreviation there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from nqs.loaders.iris import slug
from nqs.loaders.model import CitedAct, Location
from nqs.loaders.standard.model import GeneralProvisions, GlossaryEntry
from nqs.loaders.text import join_lines, normalize_space

ProvisionLine = tuple[str, Location]
Kind = Literal["term", "abbreviation"]

PARAGRAPH = re.compile(r"^(\d{1,2})\.\s*(\S.*)$")
ITEM = re.compile(r"^(\d{1,2})\)\s*(\S.*)$")
# between term and definition: an en or em dash (spaces optional) or a hyphen between spaces
SEPARATOR = re.compile(r"\s*(?:[–—]|\s-\s)\s*")
SCOPE_LABEL = re.compile(
    r"^(?:Кәсіптік стандарттың қолдану аясы|Область применения профессионального стандарта)"
    r"\s*:\s*",
    re.I,
)
TERMS_HEADING = re.compile(r"терминдер|термины", re.I)
ABBREVIATIONS_HEADING = re.compile(r"қысқартулар|сокращения", re.I)
GLOSSARY_HEADING = re.compile(r"^Глоссарий\s*$", re.I)
CONNECTIVES = re.compile(r"\b(?:или|и|or)\b")  # «ЕТКС или КС» is one abbreviation
LOWER = re.compile(r"[a-zа-яёәғқңөұүһі]")
# «Title» Қазақстан Республикасы(ның) Заңы / Кодексі; Закон(а) Республики Казахстан «Title»
CITED_KK = re.compile(
    r"[«\"](?P<title>[^»\"]+)[»\"]\s+Қазақстан\s+Республикасы(?:ның)?\s+(?P<kind>Заң|Кодекс)"
)
CITED_RU = re.compile(
    r"(?P<kind>Закон|Кодекс)\w*\s+Республики\s+Казахстан\s+[«\"](?P<title>[^»\"]+)[»\"]"
)
# A law cited by its Kazakh or its Russian title is one law: each title (lower case) → the
# key of the law, the slug of the title it was first read under, so that the Kazakh and the
# Russian version of a standard cite the same resource (``act/<key>``).
LAW_KEYS = {
    "кәсіптік біліктілік туралы": "kasiptik-biliktilik-turaly",
    "кәсіптік біліктіліктер туралы": "kasiptik-biliktilik-turaly",
    "о профессиональных квалификациях": "kasiptik-biliktilik-turaly",
}


@dataclass
class _Entry:
    kind: Kind
    lines: list[str] = field(default_factory=list)
    locs: list[Location] = field(default_factory=list)


def split_entry(text: str) -> tuple[str, str] | None:
    """Term and definition, split at the first dash outside parentheses (``BIOS (от англ.
    … — «…») - программа …`` splits at the hyphen, not at the dash inside)."""
    depth = 0
    depth_at: list[int] = []
    for ch in text:
        depth = max(depth + (ch == "(") - (ch == ")"), 0)
        depth_at.append(depth)
    for m in SEPARATOR.finditer(text):
        term, definition = text[: m.start()].strip(), text[m.end() :].strip()
        if depth_at[m.start()] == 0 and term and definition:
            return term, definition
    return None


def _span(locs: list[Location]) -> Location:
    return Location(locs[0].unit, min(x.start for x in locs), max(x.end for x in locs))


def cited_acts(text: str, loc: Location) -> list[CitedAct]:
    """The laws and codes named in a provision, each once, identified by title (by the key
    of ``LAW_KEYS`` for a law known under titles in both languages)."""
    found: dict[str, CitedAct] = {}
    for pattern in (CITED_KK, CITED_RU):
        for m in pattern.finditer(text):
            title = normalize_space(m["title"])
            key = LAW_KEYS.get(title.lower(), slug(title))
            found.setdefault(key, CitedAct(key, title, "law", loc))
    return list(found.values())


class _Reader:
    """One pass over the lines: which paragraph we are in and the entry being read."""

    def __init__(self) -> None:
        self.out = GeneralProvisions()
        self.section: Literal["scope", "terms", "abbreviations", "other"] | None = None
        self.numbered = False
        self.scope: list[ProvisionLine] = []
        self.entries: list[_Entry] = []

    def line(self, text: str, loc: Location) -> bool:
        """Read one line; False when it belongs to no element the reader knows."""
        text = normalize_space(text)
        if not text or GLOSSARY_HEADING.match(text):
            return True
        para = PARAGRAPH.match(text)
        if para:
            self.paragraph(int(para.group(1)), para.group(2), loc)
        elif self.section in ("terms", "abbreviations"):
            self.entry_line(text, loc)
        elif self.section == "scope":
            self.scope.append((text, loc))
        elif TERMS_HEADING.search(text):  # the unnumbered "Глоссарий" variant
            self.section = "terms"
        else:
            self.section = "other"
        return self.section != "other"

    def paragraph(self, number: int, text: str, loc: Location) -> None:
        if TERMS_HEADING.search(text) and text.rstrip().endswith(":"):
            self.section, self.numbered = "terms", True
        elif ABBREVIATIONS_HEADING.search(text) and len(text) < 160:
            self.section, self.numbered = "abbreviations", True
        elif number == 1:
            self.section = "scope"
            self.scope.append((SCOPE_LABEL.sub("", text), loc))
        else:
            self.section = "other"

    def entry_line(self, text: str, loc: Location) -> None:
        assert self.section in ("terms", "abbreviations")
        item = ITEM.match(text)
        if self.numbered:
            if item:
                kind: Kind = "term" if self.section == "terms" else "abbreviation"
                self.entries.append(_Entry(kind, [item.group(2)], [loc]))
            elif self.entries:
                self.entries[-1].lines.append(text)
                self.entries[-1].locs.append(loc)
            return
        split = split_entry(text)
        if split is None and self.entries:  # a definition's second paragraph
            self.entries[-1].lines.append(text)
            self.entries[-1].locs.append(loc)
            return
        short = split is not None and not LOWER.search(CONNECTIVES.sub(" ", split[0]))
        self.entries.append(_Entry("abbreviation" if short else "term", [text], [loc]))

    def finish(self) -> GeneralProvisions:
        out = self.out
        if self.scope:
            out.scope = join_lines([t for t, _ in self.scope]) or None
            out.scope_loc = _span([loc for _, loc in self.scope])
            if out.scope and out.scope_loc:
                out.cited_acts = cited_acts(out.scope, out.scope_loc)
        for entry in self.entries:
            text = join_lines(entry.lines).rstrip(";").rstrip()
            term, definition = split_entry(text) or (text, "")
            out.glossary.append(GlossaryEntry(entry.kind, term, definition, _span(entry.locs)))
        return out


def parse_provisions(lines: list[ProvisionLine]) -> tuple[GeneralProvisions, list[int]]:
    """Scope, cited laws and glossary from the lines of the general provisions, and the
    indexes of the lines that belong to none of them (kept as unassigned by the caller)."""
    reader = _Reader()
    unread = [i for i, (text, loc) in enumerate(lines) if not reader.line(text, loc)]
    return reader.finish(), unread
