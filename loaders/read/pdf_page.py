"""The characters and ruling lines of a PDF's pages, read with pdfium (pypdfium2).

pdfium's text page gives every character's origin and its text object (what one text-showing
operator drew: one font, size and baseline). From them this module rebuilds the characters
that pdfminer reports, which pdfplumber's words are made of (:mod:`nqs.loaders.read.pdf_words`):

* a character's box runs from its origin to the origin plus its advance (the font's width for
  the character times font size and horizontal scale), and from the font's descent below the
  baseline to one font size above it; ``top`` and ``bottom`` are measured down from the top
  of the page's MediaBox;
* the text objects are listed in content-stream order: pdfium's text page sorts the objects
  of one line by position, pdfminer keeps the stream's order;
* a text object that pdfium leaves out of its text page because it has no ink (a space
  shown on its own) is one space at its origin, as pdfminer reports it: without it the words
  on both sides of such a space run together (``"отчетную"`` + ``" "`` + ``"документацию"``);
  a text object pdfium leaves out for another reason (a duplicate drawn over itself for fake
  bold) is left out;
* a hyphen at a line's end, which pdfium marks as U+FFFE, is ``"-"`` (pdfium does not tell
  whether the file had U+002D or U+00AD there); any other character without Unicode is
  U+FFFD.

Each painted path, split into subpaths, gives the edges pdfplumber takes as ruling lines: a
closed axis-aligned rectangle its four sides, a two-point subpath one line (horizontal when
both ends are level, else vertical), any other subpath the horizontal and vertical segments
between its points.

pdfium is called per character through ctypes; the calls go through :func:`map` with
prebuilt argument sequences, pass handles and output addresses as ready pointer objects
(ctypes converts nothing) and write into arrays reused from page to page, which keeps a
47-page standard's 76 000 characters and 6 000 rectangles to a fraction of a second.
"""

from __future__ import annotations

import ctypes
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from itertools import compress, pairwise, repeat
from operator import add, mul, ne
from pathlib import Path
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from nqs.loaders.read.limits import check_pdf_pages, check_size, check_time, current_limits

Edge = tuple[str, float, float, float, float]
"""A ruling line: orientation (``"h"`` or ``"v"``), x0, top, x1, bottom."""

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


# a named tuple made from its fields' tuple without the class's Python-level ``__new__``
_new = tuple.__new__


class Run(NamedTuple):
    """The characters of one text object: one font and size on one baseline."""

    text: str
    x0: list[float]  # left edge of each character
    x1: list[float]  # right edge of each character
    top: float
    bottom: float
    size: float
    font: str
    upright: bool


@dataclass(frozen=True)
class PageContent:
    """What a page shows: its text objects in stream order and its ruling lines."""

    width: float
    height: float
    runs: list[Run]
    edges: list[Edge]


class UnreadablePdf(Exception):
    """pdfium cannot open the file as a PDF."""


class UnreadablePage(UnreadablePdf):
    """pdfium cannot load or read one page of the PDF (a broken page dictionary …)."""

    def __init__(self, page: int, reason: str) -> None:
        self.page = page
        self.reason = reason
        super().__init__(f"page {page} cannot be read: {reason}")


def read_pages(path: Path) -> Iterator[PageContent]:
    """The content of each page of the PDF at ``path``, first to last.

    Raises :class:`UnreadablePdf` when pdfium cannot open it, :class:`UnreadablePage` (with
    its number, from 1) when it cannot load or read a page, :class:`OSError` when the file
    cannot be read. A PDF past the reading limits (size, pages, time: see
    :mod:`nqs.loaders.read.limits`) is a :class:`~nqs.loaders.model.SourceError`; the time
    is checked after each page, once the caller is done with it.
    """
    limits, started = current_limits(), time.monotonic()
    check_size(path, limits)
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise UnreadablePdf(str(exc)) from exc
    with closing(document):
        count = len(document)
        check_pdf_pages(path, count, limits)
        reading = _Reading()
        for index in range(count):
            yield _page_content(document, index, reading)
            check_time(path, index + 1, count, started, limits)


def _page_content(document: pdfium.PdfDocument, index: int, reading: _Reading) -> PageContent:
    try:
        page = document[index]
    except pdfium.PdfiumError as exc:
        raise UnreadablePage(index + 1, str(exc)) from exc
    with closing(page):
        try:
            return _read_page(page, reading)
        except UnreadablePage:
            raise
        except (pdfium.PdfiumError, UnreadablePdf, ctypes.ArgumentError) as exc:
            raise UnreadablePage(index + 1, str(exc)) from exc


# --- pdfium calls ---------------------------------------------------------------------------
#
# A page makes some 6 000 pdfium calls (a character's text object and origin, a path's
# segments …). ctypes converts every Python integer it passes as a pointer, which costs more
# than the call itself; so these functions take no declared argument types: handles and
# output addresses are passed as ready pointer objects (returned by pdfium as
# :class:`_Handle`, or made once per document by :class:`_Array`), indices as ints.


class _Handle(ctypes.c_void_p):
    """A handle pdfium returned, kept as a pointer object to pass back without conversion
    (its address, for comparing, is ``.value``)."""


_FuncPtr = type(raw.FPDF_LoadPage)  # the library's cdecl function type


def _c_function(name: str, restype: Any) -> Callable[..., Any]:
    """pdfium's function ``name`` without declared argument types."""
    function: Callable[..., Any] = _FuncPtr(_address(getattr(raw, name)))
    function.restype = restype  # type: ignore[attr-defined]
    return function


def _address(pointer: Any) -> int:
    """The address a ctypes pointer or function holds."""
    address = ctypes.cast(pointer, ctypes.c_void_p).value
    if address is None:
        raise UnreadablePdf("pdfium returned no object")
    return address


_I = ctypes.c_int
# The functions that write into arrays return a success flag, which is not read: declared
# as returning nothing, ctypes makes no object of it.
_text_object = _c_function("FPDFText_GetTextObject", ctypes.c_void_p)  # an address, for keys
_char_origin = _c_function("FPDFText_GetCharOrigin", None)
_is_generated = _c_function("FPDFText_IsGenerated", _I)
_object = _c_function("FPDFPage_GetObject", _Handle)
_form_object = _c_function("FPDFFormObj_GetObject", _Handle)
_object_type = _c_function("FPDFPageObj_GetType", _I)
_object_matrix = _c_function("FPDFPageObj_GetMatrix", None)
_object_bounds = _c_function("FPDFPageObj_GetBounds", None)
_text_font = _c_function("FPDFTextObj_GetFont", ctypes.c_void_p)  # an address, for keys
_font_size = _c_function("FPDFTextObj_GetFontSize", None)
_segment_count = _c_function("FPDFPath_CountSegments", _I)
_segment = _c_function("FPDFPath_GetPathSegment", _Handle)
_segment_point = _c_function("FPDFPathSegment_GetPoint", None)
_segment_type = _c_function("FPDFPathSegment_GetType", _I)
_segment_close = _c_function("FPDFPathSegment_GetClose", _I)

_TEXT, _PATH, _FORM = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
_MOVETO, _LINETO, _BEZIERTO = (
    raw.FPDF_SEGMENT_MOVETO,
    raw.FPDF_SEGMENT_LINETO,
    raw.FPDF_SEGMENT_BEZIERTO,
)
_SPACE = re.compile(" ")
_NO_UNICODE = "\ufffe"  # what pdfium's text gives for a marked hyphen or a char without Unicode


class _Array:
    """A C array that pdfium writes into, with a pointer object to each of its elements;
    grown as needed and reused from page to page (each use reads it out before the next)."""

    def __init__(self, ctype: Any) -> None:
        self.ctype = ctype
        self.values: ctypes.Array[Any] = (ctype * 0)()
        self.pointers: list[ctypes.c_void_p] = []

    def take(self, count: int) -> tuple[ctypes.Array[Any], list[ctypes.c_void_p]]:
        """The array (at least ``count`` elements) and the pointers to its elements."""
        if count > len(self.pointers):
            size = max(count, 2 * len(self.pointers), 1024)
            self.values = (self.ctype * size)()
            start, step = ctypes.addressof(self.values), ctypes.sizeof(self.ctype)
            self.pointers = list(map(ctypes.c_void_p, range(start, start + size * step, step)))
        return self.values, self.pointers


class _Reading:
    """What is kept from page to page of one document: its fonts and the arrays pdfium
    writes into."""

    def __init__(self) -> None:
        self.fonts = _Fonts()
        self.floats = _Array(ctypes.c_float)
        self.doubles = _Array(ctypes.c_double)


def _matrices(objects: Sequence[_Handle], reading: _Reading) -> list[Matrix]:
    n = len(objects)
    values, pointers = reading.floats.take(6 * n)
    list(map(_object_matrix, objects, pointers[0 : 6 * n : 6]))
    flat = values[: 6 * n]
    return [tuple(flat[i : i + 6]) for i in range(0, len(flat), 6)]


def _bounds(objects: Sequence[_Handle], reading: _Reading) -> list[float]:
    """Left, bottom, right, top of each object, one after the other."""
    n = len(objects)
    values, pointers = reading.floats.take(4 * n)
    list(map(_object_bounds, objects, *(pointers[k : 4 * n : 4] for k in range(4))))
    return values[: 4 * n]


def _times(m: Matrix, n: Matrix) -> Matrix:
    """The matrix that applies ``m``, then ``n``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


class _Fonts:
    """Names, descents and advance widths of a document's fonts, looked up once each."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[str, float, dict[str, float]]] = {}
        self._value = ctypes.c_float()

    def font(self, font: int) -> tuple[str, float, dict[str, float]]:
        """The base font name, the descent (negative, per unit of font size) and the advance
        widths (per unit of font size) of the characters looked up so far."""
        known = self.known.get(font)
        if known is None:
            handle = ctypes.cast(font, raw.FPDF_FONT)
            length = raw.FPDFFont_GetBaseFontName(handle, None, 0)
            buffer = ctypes.create_string_buffer(length)
            raw.FPDFFont_GetBaseFontName(handle, buffer, length)
            raw.FPDFFont_GetDescent(handle, 1.0, ctypes.byref(self._value))
            known = (buffer.value.decode("latin-1"), self._value.value, {})
            self.known[font] = known
        return known

    def width(self, font: int, char: str) -> float:
        """Advance width of ``char`` per unit of font size (0 if the font lacks it)."""
        table = self.font(font)[2]
        width = table.get(char)
        if width is None:
            handle = ctypes.cast(font, raw.FPDF_FONT)
            ok = raw.FPDFFont_GetGlyphWidth(handle, ord(char), 1.0, ctypes.byref(self._value))
            width = table[char] = self._value.value if ok else 0.0
        return width


# --- one page -------------------------------------------------------------------------------


@dataclass
class _Objects:
    """A page's text and path objects in stream order, with their matrices to page space."""

    text: list[tuple[_Handle, Matrix]]
    paths: list[tuple[_Handle, Matrix]]


def _read_page(page: pdfium.PdfPage, reading: _Reading) -> PageContent:
    left, bottom, right, top = page.get_mediabox()
    textpage = page.get_textpage()
    with closing(textpage):
        chars = _chars_by_object(textpage, reading)
        objects = _Objects([], [])
        count = raw.FPDFPage_CountObjects(page.raw)
        _collect(objects, page.raw, count, _object, _IDENTITY, reading)
        runs = _runs(objects.text, chars, textpage, reading, top)
    return PageContent(right - left, top - bottom, runs, _edges(objects.paths, top, reading))


_Chars = dict[int, tuple[str, list[float], float, list[int]]]


def _chars_by_object(textpage: pdfium.PdfTextPage, reading: _Reading) -> _Chars:
    """Each text object's characters in the text page (by the object's address): text,
    origin x, baseline y and the characters' indices in the text page."""
    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return {}
    buffer = ctypes.create_string_buffer(2 * (n + 1))
    raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: 2 * n].decode("utf-16-le", errors="surrogatepass")
    if len(text) != n:  # a surrogate pair: one character per UTF-16 unit, as pdfium counts
        text = "".join(map(chr, memoryview(buffer.raw[: 2 * n]).cast("H")))
    owners = list(map(_text_object, repeat(tp, n), range(n)))
    # leave out the characters pdfium generated: line breaks and spaces between objects
    # belong to no object; a space for a wide gap inside an object belongs to it
    spaces = [m.start() for m in _SPACE.finditer(text) if owners[m.start()] is not None]
    for i, generated in zip(spaces, map(_is_generated, repeat(tp), spaces), strict=True):
        if generated:
            owners[i] = None
    indices = list(compress(range(n), owners))
    owned = "".join(compress(text, owners))
    m = len(indices)
    xy, pointers = reading.doubles.take(2 * m)
    list(
        map(_char_origin, repeat(tp, m), indices, pointers[0 : 2 * m : 2], pointers[1 : 2 * m : 2])
    )
    if _NO_UNICODE in owned:
        owned = "".join(
            _no_unicode(textpage, indices[k]) if ch == _NO_UNICODE else ch
            for k, ch in enumerate(owned)
        )
    xs = xy[0 : 2 * m : 2]
    owner_of = list(compress(owners, owners))
    cuts = [0, *compress(range(1, m), map(ne, owner_of[1:], owner_of)), m]
    chars: _Chars = {}
    for start, end in pairwise(cuts):
        owner = owner_of[start]
        found = chars.get(owner)
        if found is None:  # the baseline: the first character's y
            chars[owner] = (owned[start:end], xs[start:end], xy[2 * start + 1], indices[start:end])
        else:  # the object's characters are not contiguous in the text page
            chars[owner] = (
                found[0] + owned[start:end],
                found[1] + xs[start:end],
                found[2],
                found[3] + indices[start:end],
            )
    return chars


def _no_unicode(textpage: pdfium.PdfTextPage, index: int) -> str:
    return "-" if raw.FPDFText_IsHyphen(textpage.raw, index) else "\ufffd"


def _collect(
    objects: _Objects,
    holder: Any,
    count: int,
    get: Callable[[Any, int], _Handle],
    matrix: Matrix,
    reading: _Reading,
) -> None:
    """Sort the objects of a page or form into ``objects``, descending into forms."""
    handles = list(map(get, repeat(holder, count), range(count)))
    kinds = list(map(_object_type, handles))
    wanted = [k in (_TEXT, _PATH, _FORM) for k in kinds]
    paths = [h for h, k in zip(handles, kinds, strict=True) if k == _PATH]
    if paths:  # a path too small to give an edge is left out before its matrix is read
        tiny = {h.value for h in paths} - {h.value for h in _not_tiny(paths, reading)}
        if tiny:
            wanted = [w and h.value not in tiny for h, w in zip(handles, wanted, strict=True)]
    own = iter(_matrices(list(compress(handles, wanted)), reading))
    for handle, kind, keep in zip(handles, kinds, wanted, strict=True):
        if not keep:
            continue
        placed = next(own)
        if matrix != _IDENTITY:
            placed = _times(placed, matrix)
        if kind == _TEXT:
            objects.text.append((handle, placed))
        elif kind == _PATH:
            objects.paths.append((handle, placed))
        else:
            inner = raw.FPDFFormObj_CountObjects(ctypes.cast(handle, raw.FPDF_PAGEOBJECT))
            _collect(objects, handle, inner, _form_object, placed, reading)


def _runs(
    text_objects: list[tuple[_Handle, Matrix]],
    chars: _Chars,
    textpage: pdfium.PdfTextPage,
    reading: _Reading,
    page_top: float,
) -> list[Run]:
    handles = [h for h, _ in text_objects]
    n = len(handles)
    values, pointers = reading.floats.take(n)
    list(map(_font_size, handles, pointers))
    sizes = values[:n]
    keys = [h.value for h in handles]
    inked = _inked([h for h, key in zip(handles, keys, strict=True) if key not in chars], reading)
    fonts = reading.fonts
    known = fonts.known
    runs: list[Run] = []
    for (_, matrix), key, font, size in zip(
        text_objects, keys, map(_text_font, handles), sizes, strict=True
    ):
        name, descent, table = known.get(font) or fonts.font(font)
        a, b, c, d, e, f = matrix
        height = size * d
        upright = a * d > 0 and b * c <= 0
        found = chars.get(key)  # type: ignore[arg-type]
        if found is None:
            if key in inked:
                continue  # left out by pdfium for a reason other than having no ink
            # a space shown on its own: a blank at its origin (its width matters to no rule)
            y0 = f + descent * height
            top = page_top - y0 - height
            runs.append(Run(" ", [e], [e], top, page_top - y0, height, name, upright))
            continue
        text, xs, y, indices = found
        y0 = y + descent * height
        try:
            widths = list(map(table.__getitem__, text))
        except KeyError:
            widths = [fonts.width(font, ch) for ch in text]
        x1 = list(map(add, xs, map(mul, widths, repeat(size * a))))
        if 0.0 in widths:  # the font has no width for a character: take pdfium's box
            for k, w in enumerate(widths):
                if w == 0.0 and not text[k].isspace():
                    x1[k] = _loose_right(textpage, indices[k])
        top = page_top - y0 - height
        runs.append(_new(Run, (text, xs, x1, top, page_top - y0, height, name, upright)))
    return runs


def _loose_right(textpage: pdfium.PdfTextPage, index: int) -> float:
    box = raw.FS_RECTF()
    raw.FPDFText_GetLooseCharBox(textpage.raw, index, box)
    return float(box.right)


def _inked(text_objects: list[_Handle], reading: _Reading) -> set[int | None]:
    """The addresses of the text objects whose bounds have a width (glyphs with ink)."""
    box = _bounds(text_objects, reading)
    return {h.value for k, h in enumerate(text_objects) if abs(box[4 * k + 2] - box[4 * k]) >= 0.01}


# --- ruling lines ---------------------------------------------------------------------------


def _edges(paths: list[tuple[_Handle, Matrix]], page_top: float, reading: _Reading) -> list[Edge]:
    """The ruling lines of the page's paths, in stream order."""
    handles = [h for h, _ in paths]
    counts = [max(c, 0) for c in map(_segment_count, handles)]
    owners = [h for h, c in zip(handles, counts, strict=True) for _ in range(c)]
    indices = [i for c in counts for i in range(c)]
    segments = list(map(_segment, owners, indices))
    n = len(segments)
    values, pointers = reading.floats.take(2 * n)
    list(map(_segment_point, segments, pointers[0 : 2 * n : 2], pointers[1 : 2 * n : 2]))
    types = list(map(_segment_type, segments))
    xs, ys = values[0 : 2 * n : 2], values[1 : 2 * n : 2]
    edges: list[Edge] = []
    start = 0
    for (_, matrix), count in zip(paths, counts, strict=True):
        end = start + count
        a, b, c, d, e, f = matrix
        if b == 0.0 and c == 0.0:  # the common case: no rotation or skew
            px = [a * x + e for x in xs[start:end]]
            py = [page_top - (d * y + f) for y in ys[start:end]]
        else:
            px = [a * x + c * y + e for x, y in zip(xs[start:end], ys[start:end], strict=True)]
            py = [
                page_top - (b * x + d * y + f)
                for x, y in zip(xs[start:end], ys[start:end], strict=True)
            ]
        if count == 5 and types[start:end] == _RECTANGLE and _is_rectangle(px, py):
            # "re": pdfminer's rectangle, whether or not the path is closed
            x0, x1 = (px[0], px[2]) if px[0] <= px[2] else (px[2], px[0])
            top, bottom = (py[0], py[2]) if py[0] <= py[2] else (py[2], py[0])
            edges += [
                ("h", x0, top, x1, top),
                ("h", x0, bottom, x1, bottom),
                ("v", x0, top, x0, bottom),
                ("v", x1, top, x1, bottom),
            ]
        else:
            path = _path(px, py, types[start:end], list(map(_segment_close, segments[start:end])))
            for subpath in _subpaths(path):
                edges.extend(_subpath_edges(subpath))
        start = end
    return edges


_RECTANGLE = [_MOVETO, _LINETO, _LINETO, _LINETO, _LINETO]
_TINY = 0.9  # points; a path this small both ways has no edge as long as pdfplumber's 1 pt


def _not_tiny(paths: list[_Handle], reading: _Reading) -> list[_Handle]:
    """The paths whose bounds reach :data:`_TINY` in width or height: Word draws the
    corners of table borders as squares of half a point, which have no edge to keep."""
    box = _bounds(paths, reading)
    return [
        path
        for k, path in enumerate(paths)
        if box[4 * k + 2] - box[4 * k] >= _TINY or box[4 * k + 3] - box[4 * k + 1] >= _TINY
    ]


def _is_rectangle(px: list[float], py: list[float]) -> bool:
    """Five points that close an axis-aligned rectangle (as :func:`_square` tells)."""
    x0, x1, x2, x3, x4 = px
    y0, y1, y2, y3, y4 = py
    return (
        x4 == x0
        and y4 == y0
        and (
            (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
            or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        )
    )


def _path(
    px: list[float], py: list[float], types: list[int], closes: list[int]
) -> list[tuple[str, float, float]]:
    """The path as pdfminer records it: ``m``, ``l``, ``c`` (a Bézier curve, at its end
    point) and ``h`` (closing, at the subpath's start)."""
    path: list[tuple[str, float, float]] = []
    pending = 0  # Bézier points still to come before a curve's end point
    for x, y, kind, close in zip(px, py, types, closes, strict=True):
        if kind == _MOVETO:
            path.append(("m", x, y))
        elif kind == _BEZIERTO:
            pending = (pending or 3) - 1
            if pending == 0:
                path.append(("c", x, y))
        else:
            path.append(("l", x, y))
        if close:
            path.append(("h", *_subpath_start(path)))
    return path


def _subpath_start(path: list[tuple[str, float, float]]) -> tuple[float, float]:
    for op, x, y in reversed(path):
        if op == "m":
            return x, y
    return path[0][1], path[0][2]


def _subpaths(path: list[tuple[str, float, float]]) -> Iterator[list[tuple[str, float, float]]]:
    current: list[tuple[str, float, float]] = []
    for op in path:
        if op[0] == "m" and current:
            yield current
            current = []
        current.append(op)
    if current and current[0][0] == "m":
        yield current


def _subpath_edges(subpath: list[tuple[str, float, float]]) -> list[Edge]:
    """Edges of one subpath, as pdfminer classifies it and pdfplumber cuts it into edges."""
    shape = "".join(op for op, _, _ in subpath)
    pts = [(x, y) for _, x, y in subpath]
    if len(shape) > 3 and shape.endswith("lh") and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"  # a redundant line back to the start before closing
        del pts[-2]
    if shape in ("ml", "mlh"):
        (x0, y0), (x1, y1) = pts[0], pts[1]
        orientation = "h" if y0 == y1 else "v"
        return [(orientation, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))]
    if shape in ("mlllh", "mllll") and pts[0] == pts[4] and _square(pts):
        x0, x1 = sorted((pts[0][0], pts[2][0]))
        top, bottom = sorted((pts[0][1], pts[2][1]))
        return [
            ("h", x0, top, x1, top),
            ("h", x0, bottom, x1, bottom),
            ("v", x0, top, x0, bottom),
            ("v", x1, top, x1, bottom),
        ]
    edges: list[Edge] = []
    for (x0, y0), (x1, y1) in pairwise(pts):
        if x0 == x1:
            edges.append(("v", x0, min(y0, y1), x1, max(y0, y1)))
        elif y0 == y1:
            edges.append(("h", min(x0, x1), y0, max(x0, x1), y1))
    return edges


def _square(pts: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )
