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
from operator import itemgetter

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


def _extended(edge: Edge, end: float) -> Edge:
    """The edge extended to ``end`` along its line."""
    o, x0, top, x1, bottom = edge
    return (o, x0, top, x1, end) if o == "v" else (o, x0, top, end, bottom)


def _snap(edges: list[Edge]) -> list[Edge]:
    """Move edges (of one orientation) whose positions lie within the snap tolerance of
    each other to their mean position (by the difference, as pdfplumber moves them)."""
    if not edges:
        return []
    vertical = edges[0][0] == "v"
    # where each edge lies: x0 of a vertical edge, top of a horizontal one
    positions = [e[1] for e in edges] if vertical else [e[2] for e in edges]
    numbers = clusters(positions, SNAP_TOLERANCE)
    grouped: dict[int, list[tuple[float, Edge]]] = defaultdict(list)
    for position, edge in zip(positions, edges, strict=True):
        grouped[numbers[position]].append((position, edge))
    out: list[Edge] = []
    for number in sorted(grouped):
        members = grouped[number]
        mean = sum([position for position, _ in members]) / len(members)
        if vertical:
            out += [(o, x0 + (mean - p), t, x1 + (mean - p), b) for p, (o, x0, t, x1, b) in members]
        else:
            out += [(o, x0, t + (mean - p), x1, b + (mean - p)) for p, (o, x0, t, x1, b) in members]
    return out


def _merge(edges: list[Edge]) -> list[Edge]:
    """Join the edges on each line (same orientation and position) that overlap or whose
    gap is within the join tolerance; horizontal lines first, top to bottom, then vertical
    ones left to right."""
    out: list[Edge] = []
    for orientation in ("h", "v"):
        # each line's edges, with where each starts and ends along it
        lines: dict[float, list[tuple[float, float, Edge]]] = defaultdict(list)
        for edge in edges:
            o, x0, top, x1, bottom = edge
            if o == orientation:
                if o == "v":
                    lines[x0].append((top, bottom, edge))
                else:
                    lines[top].append((x0, x1, edge))
        for position in sorted(lines):
            joined: list[Edge] = []
            end = 0.0  # where the last joined edge ends
            for start, stop, edge in sorted(lines[position], key=itemgetter(0)):
                if joined and start <= end + JOIN_TOLERANCE:
                    if stop > end:
                        end = stop
                        joined[-1] = _extended(joined[-1], end)
                else:
                    joined.append(edge)
                    end = stop
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
