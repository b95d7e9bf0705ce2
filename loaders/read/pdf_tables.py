"""Ruled tables of a PDF page from its ruling lines, by pdfplumber's "lines" strategy.

The steps and default tolerances of pdfplumber's ``TableFinder`` (MIT licensed; ported so
that the tables are found as before, on edges read with pdfium):

1. keep vertical edges at least 1 pt high and horizontal ones at least 1 pt wide;
2. snap: cluster vertical edges by x (horizontal ones by top) within 3 pt and move each
   cluster to its mean; join edges on one line whose gap is at most 3 pt; drop edges
   shorter than 3 pt;
3. an intersection is where a vertical edge and a horizontal one meet within 3 pt, at
   (the vertical's x, the horizontal's top);
4. a cell is spanned from an intersection to the nearest intersection below it joined by a
   vertical edge and the nearest one right of it joined by a horizontal edge, whose
   opposite corner exists and is joined to both;
5. cells sharing a corner make a table; tables of one cell are dropped.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from nqs.loaders.read.pdf_page import Edge
from nqs.loaders.read.pdf_words import clusters

Bbox = tuple[float, float, float, float]
"""x0, top, x1, bottom"""
Point = tuple[float, float]

SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0
EDGE_MIN_LENGTH_PREFILTER = 1.0
INTERSECTION_TOLERANCE = 3.0


def find_tables(edges: list[Edge]) -> list[list[Bbox]]:
    """The cells of each table on the page, tables from top to bottom."""
    vertical = [e for e in edges if e[0] == "v" and e[4] - e[2] >= EDGE_MIN_LENGTH_PREFILTER]
    horizontal = [e for e in edges if e[0] == "h" and e[3] - e[1] >= EDGE_MIN_LENGTH_PREFILTER]
    merged = _merge(_snap(vertical) + _snap(horizontal))
    kept = [e for e in merged if _length(e) >= EDGE_MIN_LENGTH]
    return _tables(_cells(_intersections(kept)))


def _length(edge: Edge) -> float:
    return edge[4] - edge[2] if edge[0] == "v" else edge[3] - edge[1]


def _position(edge: Edge) -> float:
    """Where the edge's line lies: x for a vertical edge, top for a horizontal one."""
    return edge[1] if edge[0] == "v" else edge[2]


def _span(edge: Edge) -> tuple[float, float]:
    """Where the edge starts and ends along its line."""
    return (edge[2], edge[4]) if edge[0] == "v" else (edge[1], edge[3])


def _with(edge: Edge, position: float | None = None, end: float | None = None) -> Edge:
    """The edge moved to ``position`` (as pdfplumber moves it: by the difference) and/or
    extended to ``end``."""
    o, x0, top, x1, bottom = edge
    if position is not None:
        shift = position - _position(edge)
        if o == "v":
            x0, x1 = x0 + shift, x1 + shift
        else:
            top, bottom = top + shift, bottom + shift
    if end is not None:
        if o == "v":
            bottom = end
        else:
            x1 = end
    return (o, x0, top, x1, bottom)


def _snap(edges: list[Edge]) -> list[Edge]:
    """Move edges (of one orientation) whose positions lie within the snap tolerance of
    each other to their mean position."""
    grouped: dict[int, list[Edge]] = defaultdict(list)
    numbers = clusters([_position(e) for e in edges], SNAP_TOLERANCE)
    for edge in edges:
        grouped[numbers[_position(edge)]].append(edge)
    out: list[Edge] = []
    for number in sorted(grouped):
        members = grouped[number]
        mean = sum(_position(e) for e in members) / len(members)
        out.extend(_with(e, position=mean) for e in members)
    return out


def _merge(edges: list[Edge]) -> list[Edge]:
    """Join the edges on each line (same orientation and position) that overlap or whose
    gap is within the join tolerance; horizontal lines first, top to bottom, then vertical
    ones left to right."""

    def line(edge: Edge) -> tuple[str, float]:
        return (edge[0], _position(edge))

    out: list[Edge] = []
    for _, on_line in groupby(sorted(edges, key=line), key=line):
        joined: list[Edge] = []
        for edge in sorted(on_line, key=lambda e: _span(e)[0]):
            start, end = _span(edge)
            if joined and start <= _span(joined[-1])[1] + JOIN_TOLERANCE:
                if end > _span(joined[-1])[1]:
                    joined[-1] = _with(joined[-1], end=end)
            else:
                joined.append(edge)
        out.extend(joined)
    return out


class _Crossings:
    """The intersections of a page's edges and, for each, the edges through it."""

    def __init__(self) -> None:
        self.vertical: dict[Point, set[Edge]] = defaultdict(set)
        self.horizontal: dict[Point, set[Edge]] = defaultdict(set)

    def points(self) -> list[Point]:
        return sorted(self.vertical)

    def joined(self, p: Point, q: Point) -> bool:
        """Whether one edge runs through both points."""
        if p[0] == q[0] and not self.vertical[p].isdisjoint(self.vertical[q]):
            return True
        return p[1] == q[1] and not self.horizontal[p].isdisjoint(self.horizontal[q])


def _intersections(edges: list[Edge]) -> _Crossings:
    tol = INTERSECTION_TOLERANCE
    vertical = sorted((e for e in edges if e[0] == "v"), key=lambda e: (e[1], e[2]))
    horizontal = sorted((e for e in edges if e[0] == "h"), key=lambda e: (e[2], e[1]))
    crossings = _Crossings()
    for v in vertical:
        for h in horizontal:
            if v[2] <= h[2] + tol and v[4] >= h[2] - tol and h[1] - tol <= v[1] <= h[3] + tol:
                point = (v[1], h[2])
                crossings.vertical[point].add(v)
                crossings.horizontal[point].add(h)
    return crossings


def _cells(crossings: _Crossings) -> list[Bbox]:
    points = crossings.points()
    present = set(points)
    below: dict[float, list[Point]] = defaultdict(list)  # points by x, top to bottom
    right: dict[float, list[Point]] = defaultdict(list)  # points by top, left to right
    for p in points:
        below[p[0]].append(p)
        right[p[1]].append(p)
    cells: list[Bbox] = []
    for p in points:
        cell = _smallest_cell(p, crossings, present, below[p[0]], right[p[1]])
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(
    p: Point,
    crossings: _Crossings,
    present: set[Point],
    column: list[Point],
    row: list[Point],
) -> Bbox | None:
    for down in (q for q in column if q[1] > p[1]):
        if not crossings.joined(p, down):
            continue
        for across in (q for q in row if q[0] > p[0]):
            if not crossings.joined(p, across):
                continue
            corner = (across[0], down[1])
            if (
                corner in present
                and crossings.joined(corner, across)
                and crossings.joined(corner, down)
            ):
                return (p[0], p[1], corner[0], corner[1])
    return None


def _tables(cells: list[Bbox]) -> list[list[Bbox]]:
    """Group cells that touch at a corner into tables (as pdfplumber does, greedily in
    cell order); tables sorted by their top-left cell, one-cell tables dropped."""
    remaining = list(cells)
    tables: list[list[Bbox]] = []
    corners: set[Point] = set()
    current: list[Bbox] = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            cell_corners = _corners(cell)
            if not current or any(c in corners for c in cell_corners):
                corners.update(cell_corners)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(current)
            corners = set()
            current = []
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _corners(cell: Bbox) -> tuple[Point, Point, Point, Point]:
    x0, top, x1, bottom = cell
    return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
