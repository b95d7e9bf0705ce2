"""Long lists on a page shown a page at a time: the first ``size`` items, how many there are
in all, and links to the other pages (``?page=N``, or a parameter of the list's own where a
page has several; the other parameters kept). The whole list stays in the resource's RDF
description and at the SPARQL endpoint."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode

from flask import request

PAGE_PARAMETER = "page"
T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    """Page ``number`` (from 1) of a list of ``total`` items, ``size`` a page, asked for by
    the request parameter ``parameter``."""

    number: int
    size: int
    total: int
    parameter: str = PAGE_PARAMETER

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        """The index of the page's first item (from 0)."""
        return (self.number - 1) * self.size

    @property
    def end(self) -> int:
        """The index after the page's last item."""
        return min(self.total, self.start + self.size)

    @property
    def many(self) -> bool:
        """Whether the list takes more than one page (the page shows the pager)."""
        return self.total > self.size

    def slice(self, items: Sequence[T]) -> list[T]:
        """The page's items of the whole list ``items``."""
        return list(items[self.start : self.end])

    def href(self, number: int) -> str:
        """This request's address for page ``number`` (page 1 without the parameter)."""
        args = [(k, v) for k, v in request.args.items(multi=True) if k != self.parameter]
        if number > 1:
            args.append((self.parameter, str(number)))
        query = urlencode(args)
        return request.script_root + request.path + ("?" + query if query else "")

    def links(self) -> list[tuple[str, str]]:
        """(key, href) for the first, previous, next and last pages that differ from this
        one (``paging.first`` …: the keys of their names)."""
        out = []
        if self.number > 1:
            out += [("first", self.href(1)), ("prev", self.href(self.number - 1))]
        if self.number < self.pages:
            out += [("next", self.href(self.number + 1)), ("last", self.href(self.pages))]
        return out


def requested_page(parameter: str = PAGE_PARAMETER) -> int:
    """The page number this request asks for by ``parameter`` (1 when none or not a
    positive number)."""
    raw = request.args.get(parameter, "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def pager(total: int, size: int, parameter: str = PAGE_PARAMETER) -> Pager:
    """The pager of this request for a list of ``total`` items (a page past the last is the
    last)."""
    last = max(1, -(-total // size))
    return Pager(min(requested_page(parameter), last), size, total, parameter)
