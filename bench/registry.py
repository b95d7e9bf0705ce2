"""Benchmark: a synthetic registry of N professional standards, built as a registry operator
would (issue 22).

The registry is the bundled sources (the 28 corpus standards, seed 000 and seeds 001–004) and
copies of the bundled standards under new identities, made on demand into a folder given on
the command line (kept out of the repository). A copy is a distinct standard: the loaders
mint a standard's IRI from its registry code, else its approving order and annex, else its
title (``nqs.loaders.iris.standard_key``), and its document graph from the file's SHA-256;
a copy of round ``r`` has

* its title with `` (копия r)`` (Russian) or `` (r-көшірме)`` (Kazakh) after it, wherever
  the title is written in the document (title row, passport, card titles that repeat it);
* its approving order's number ``1000·r + number`` (№ 222 → № 1222 in round 1), so the
  copies of one round share one order, as the annexes of one real order do, and the annex
  numbers stay those of the original;
* for seed 000, the current Kazakh template, its code ``R90012023-r`` too.

Only the Word files and the text seed are copied (25 + 1 sources per round): the three PDFs
and the Word files of the older template without an approving order are built once, as
bundled. ``N`` counts professional standards; seeds 001–004 (not standards) are always
included, so ``N = 29`` is the bundled set of 33 documents.

    .venv/bin/python bench/registry.py 250 /root/registry/250           # make and build
    .venv/bin/python bench/registry.py 1000 /root/registry/1000 --no-build

The build is :func:`nqs.build.build` with ``allow_invalid`` (``nqs build --allow-invalid``)
into ``<folder>/store``; the benchmark times each of its phases (by wrapping the functions
the build calls, in this process only), samples the resident memory of the process and its
children, and prints the store's size on disk and the triples of the merge.
"""

from __future__ import annotations

import argparse
import inspect
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/, also when imported by a test
from proc import rss_samples

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
CORPUS = SOURCES / "corpus" / "ict-ru"
SEEDS = SOURCES / "seeds"
SEED_STANDARD = "000_ed35bb0e5147c5b7.txt"
NON_STANDARD_SEEDS = (
    "001_04ad280e7aaf98fd.txt",
    "002_cbc5d0d511fbfc57.txt",
    "003_443e69a912bd565d.txt",
    "004_f549413c4f15f9eb.txt",
)
ORDER_STEP = 1000
"""A copy of round r is approved by the order numbered ORDER_STEP·r + the original's number."""


# -- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One standard of the registry: a bundled source, as it is (round 0) or copied."""

    source: Path
    round: int

    @property
    def name(self) -> str:
        """The file name in the registry: the original's, with ``r0001-`` before it for a
        copy of round 1."""
        if self.round == 0:
            return self.source.name
        return f"r{self.round:04d}-{self.source.name}"


def bundled_standards() -> list[Path]:
    """The 29 bundled professional standards: the corpus files and seed 000."""
    return [*sorted(CORPUS.iterdir()), SEEDS / SEED_STANDARD]


def copyable(path: Path) -> bool:
    """Sources copied under new identities: the Word files and the text seed."""
    return path.suffix.lower() in (".docx", ".txt")


def plan(n: int) -> list[Entry]:
    """The ``n`` standards of a registry: the bundled ones first, then copies of the Word
    files and the text seed, round after round, in file-name order."""
    originals = bundled_standards()
    entries = [Entry(p, 0) for p in originals[:n]]
    sources = [p for p in originals if copyable(p)]
    round_ = 1
    while len(entries) < n:
        for path in sources[: n - len(entries)]:
            entries.append(Entry(path, round_))
        round_ += 1
    return entries


# -- identities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """What a standard's IRI is minted from, as its loader reads it."""

    title: str
    code: str | None
    order: str | None
    annex: str | None


def identity_of(path: Path) -> Identity:
    """The standard's title, code, approving order's number and annex, as loaded."""
    from nqs.loaders.documents import load_document
    from nqs.loaders.iris import Minter
    from nqs.loaders.standard.model import StandardDocument
    from nqs.namespaces import DEFAULT_BASE_IRI

    doc = load_document(path, Minter(DEFAULT_BASE_IRI)).document
    assert isinstance(doc, StandardDocument), path
    act = doc.approved_by
    return Identity(doc.title, doc.code, act.number if act else None, act.annex if act else None)


def title_suffix(text_language: str, round_: int) -> str:
    return f" ({round_}-көшірме)" if text_language == "kk" else f" (копия {round_})"


Substitution = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def title_pattern(title: str) -> re.Pattern[str]:
    """The title as documents write it: any case, any white space between its words and
    after a hyphen (a line broken at «информационно- коммуникационных»)."""
    words = [re.escape(w).replace(r"\-", r"-\s*") for w in title.split()]
    return re.compile(r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


def replacements(ident: Identity, round_: int, language: str) -> list[Substitution]:
    """The substitutions that give a copy of round ``round_`` its identity."""
    suffix = title_suffix(language, round_)
    subs: list[Substitution] = [(title_pattern(ident.title), lambda m: m.group(0) + suffix)]
    if ident.order:
        number = str(ORDER_STEP * round_ + int(ident.order))
        order = re.compile(r"(№\s*)" + re.escape(ident.order) + r"\b")
        subs.append((order, lambda m: m.group(1) + number))
    if ident.code:
        code = ident.code
        subs.append((re.compile(re.escape(code) + r"\b"), lambda m: f"{code}-{round_}"))
    return subs


def substitute(text: str, subs: list[Substitution]) -> str:
    for pattern, new in subs:
        text = pattern.sub(new, text)
    return text


# -- copies ----------------------------------------------------------------------------------


def _runs_replace(
    paragraph: Paragraph, pattern: re.Pattern[str], new: Callable[[re.Match[str]], str]
) -> None:
    """Replace the matches of ``pattern`` in the paragraph's text, run by run: a match that
    spans runs is written into its first run (keeping that run's formatting) and removed from
    the others. The matches are replaced from the last, so the earlier offsets hold."""
    runs = paragraph.runs
    text = "".join(r.text for r in runs)
    for match in reversed(list(pattern.finditer(text))):
        start, end = match.span()
        offset, first = 0, True
        for run in runs:
            value = run.text
            lo, hi = max(start - offset, 0), min(end - offset, len(value))
            if lo < hi:
                run.text = value[:lo] + (new(match) if first else "") + value[hi:]
                first = False
            offset += len(value)


def _paragraphs(document: Any) -> Iterator[Paragraph]:
    """Every paragraph of the body (tables and nested tables too) and of every header and
    footer, each once."""
    parts = [document.element.body]
    for section in document.sections:
        for hf in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    seen: set[int] = set()
    for part in parts:
        for p in part.iter(qn("w:p")):
            if id(p) not in seen:
                seen.add(id(p))
                yield Paragraph(p, document)


def copy_docx(src: Path, dst: Path, subs: list[Substitution]) -> None:
    document = docx.Document(str(src))
    paragraphs = list(_paragraphs(document))  # keeps the proxies (and their ids) alive
    for paragraph in paragraphs:
        for pattern, new in subs:
            if pattern.search(paragraph.text):
                _runs_replace(paragraph, pattern, new)
    document.save(str(dst))


def copy_text(src: Path, dst: Path, subs: list[Substitution]) -> None:
    """The text copied line by line (the line numbers, the places, stay those of the source)."""
    text = src.read_text(encoding="utf-8")
    dst.write_text(substitute(text, subs), encoding="utf-8")


_DOCX_TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


def recopy_docx(first: Path, dst: Path, ident: Identity, round_: int) -> None:
    """A Word copy of round ``round_`` made from the copy of round 1, in its XML: that copy
    wrote each new title suffix and order number into one run, so they are replaced as text
    (python-docx's reading and writing took most of the time of making a registry)."""
    suffix_1, suffix = title_suffix("ru", 1), title_suffix("ru", round_)
    order = None
    if ident.order:
        first_number = str(ORDER_STEP + int(ident.order))
        order = re.compile(r"(№\s*)" + first_number + r"\b")
        number = str(ORDER_STEP * round_ + int(ident.order))
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if _DOCX_TEXT_PARTS.fullmatch(item.filename):
                text = data.decode("utf-8").replace(suffix_1, suffix)
                if order is not None:
                    text = order.sub(lambda m: m.group(1) + number, text)
                data = text.encode("utf-8")
            out.writestr(item, data)


def write_entry(
    entry: Entry, folder: Path, ident: Identity | None = None, first: Path | None = None
) -> Path:
    """The entry's file in ``folder``: the source itself, or its copy of the entry's round
    (of a Word file, from ``first``, its copy of round 1, when given)."""
    dst = folder / entry.name
    if entry.round == 0:
        shutil.copyfile(entry.source, dst)
        return dst
    ident = ident or identity_of(entry.source)
    language = "kk" if entry.source.suffix == ".txt" else "ru"
    subs = replacements(ident, entry.round, language)
    if entry.source.suffix.lower() != ".docx":
        copy_text(entry.source, dst, subs)
    elif first is not None:
        recopy_docx(first, dst, ident, entry.round)
    else:
        copy_docx(entry.source, dst, subs)
    return dst


def make_registry(n: int, folder: Path) -> list[Path]:
    """Write the registry of ``n`` standards and seeds 001–004 into ``folder`` (emptied
    first); the files written."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    identities: dict[Path, Identity] = {}
    firsts: dict[Path, Path] = {}
    written = [Path(shutil.copyfile(SEEDS / s, folder / s)) for s in NON_STANDARD_SEEDS]
    for entry in plan(n):
        ident = None
        if entry.round:
            if entry.source not in identities:
                identities[entry.source] = identity_of(entry.source)
            ident = identities[entry.source]
        path = write_entry(entry, folder, ident, firsts.get(entry.source))
        if entry.round == 1:
            firsts[entry.source] = path
        written.append(path)
    return written


# -- measuring a build -------------------------------------------------------------------------


@dataclass
class Timeline:
    """When each wrapped step of the build started and ended (seconds since the build began)."""

    start: float = field(default_factory=time.perf_counter)
    spans: list[tuple[str, float, float]] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds of the thread that ran each step (not of the worker processes it waits on)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            begin = time.perf_counter() - self.start
            cpu = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                end = time.perf_counter() - self.start
                cpu = time.thread_time() - cpu
                with self.lock:
                    self.spans.append((name, begin, end))
                    self.cpu[name] = self.cpu.get(name, 0.0) + cpu
                print(
                    f"  [{end:7.1f} s] {name}: {end - begin:.1f} s, CPU of its thread {cpu:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )

        return timed


def own_rss() -> int:
    """Resident bytes of this process alone (``/proc/self/statm``)."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def memory_peak(interval: float = 0.2) -> Iterator[list[float]]:
    """Sample the resident memory of this process and its children; ``[peak, seconds,
    own peak, seconds]`` after (the peak and about when it was reached, from the start; then
    the same of this process alone, the build's main process). A child forked from this
    process counts the pages it still shares with it: a sum, not the machine's memory."""
    peak = [0.0, 0.0, 0.0, 0.0]
    own: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(interval):
            own.append(own_rss())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        with rss_samples(os.getpid(), interval) as samples:
            yield peak
    finally:
        stop.set()
        thread.join()
        top = max(range(len(samples)), key=samples.__getitem__)
        mine = max(range(len(own)), key=own.__getitem__) if own else 0
        peak[:] = [samples[top], top * interval, own[mine] if own else 0, (mine + 1) * interval]


WRAPPED: list[tuple[str, str, str]] = [
    # (phase, module, attribute): the functions each build phase is
    ("load", "nqs.build", "load_sources"),
    ("merge", "nqs.build", "merge_named_graphs"),
    ("links", "nqs.build", "apply_links"),
    ("reasoning", "nqs.build", "reason"),
    ("reasoning: rules", "nqs.derive.reasoning", "run_rules"),
    ("reasoning: incremental update", "nqs.derive.incremental", "update"),
    ("reasoning: shared nodes", "nqs.derive.per_document", "shared_nodes"),
    ("reasoning: closure parts loaded", "nqs.derive.per_document", "_load"),
    ("reasoning: completion delta", "nqs.derive.per_document", "_delta"),
    ("reasoning: completion insertion", "nqs.derive.incremental", "insert"),
    ("reasoning: axiom checks", "nqs.derive.reasoning", "check"),
    ("text keys", "nqs.build", "add_text_keys"),
    ("describe build", "nqs.build", "describe_build"),
    ("validation: per document (background)", "nqs.validation.engine.DocumentChecks", "results"),
    ("validation: registry shapes (background)", "nqs.validation.run", "check_registry"),
    ("validation: report (waited)", "nqs.validation.run.BackgroundValidation", "report"),
]


def _resolve(dotted: str) -> Any:
    import importlib

    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(dotted)


@contextmanager
def timed_phases(timeline: Timeline) -> Iterator[None]:
    """Wrap the build's phases (in this process, for the block)."""
    saved = []
    for phase, owner, attr in WRAPPED:
        target = _resolve(owner)
        original = getattr(target, attr, None)
        if original is None:  # not a step of this version of the build
            continue
        saved.append((target, attr, original))
        setattr(target, attr, timeline.wrap(phase, original))
    try:
        yield
    finally:
        for target, attr, original in reversed(saved):
            setattr(target, attr, original)


@dataclass
class Measured:
    documents: int
    wall: float
    cpu: float
    """CPU seconds of the process and its children (user and system)."""
    peak_rss: int
    peak_at: float
    store_bytes: int
    triples: int
    quads: int
    phases: list[tuple[str, float, float]]
    build_phases: dict[str, float] = field(default_factory=dict)
    main_peak: int = 0
    """Peak resident memory of the build's process alone (without its worker processes)."""
    main_peak_at: float = 0.0
    thread_cpu: dict[str, float] = field(default_factory=dict)
    """The phases as the build itself times them, when it does (``BuildReport.phases``)."""


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build_registry(folder: Path, store: Path) -> Measured:
    """Build ``folder`` into ``store`` (as ``nqs build --allow-invalid``), measured."""
    from nqs.build import build
    from nqs.config import load_settings

    settings = load_settings().override(sources=(folder,), store=store)
    timeline = Timeline()
    options: dict[str, Any] = {"allow_invalid": True}
    if "use_cache" in inspect.signature(build).parameters:
        options["use_cache"] = False  # a full build: every document read
    cpu_before = _cpu()
    with memory_peak() as peak, timed_phases(timeline):
        timeline.start = time.perf_counter()
        report = build(settings, **options)
        wall = time.perf_counter() - timeline.start
    cpu = _cpu() - cpu_before
    build_dir = store.resolve()
    from nqs.store import BuildInfo

    info = BuildInfo.read(build_dir)
    return Measured(
        documents=len(report.loaded),
        wall=wall,
        cpu=cpu,
        peak_rss=int(peak[0]),
        peak_at=peak[1],
        main_peak=int(peak[2]),
        main_peak_at=peak[3],
        store_bytes=dir_size(build_dir),
        triples=info.triples,
        quads=info.quads,
        phases=sorted(timeline.spans, key=lambda s: s[1]),
        build_phases=dict(getattr(report, "phases", {})),
        thread_cpu=dict(timeline.cpu),
    )


def print_measured(m: Measured) -> None:
    print(f"documents {m.documents}, triples {m.triples:,} (quads {m.quads:,})")
    print(f"wall {m.wall:.1f} s, CPU {m.cpu:.1f} s (process and children)")
    running = ", ".join(n for n, begin, end in m.phases if begin <= m.peak_at <= end)
    print(
        f"peak RSS (process and children) {m.peak_rss / 2**30:.2f} GiB"
        f" at about {m.peak_at:.0f} s ({running or 'between the timed phases'})"
    )
    if m.main_peak:
        alone = ", ".join(n for n, begin, end in m.phases if begin <= m.main_peak_at <= end)
        print(
            f"peak RSS of the main process alone {m.main_peak / 2**30:.2f} GiB"
            f" at about {m.main_peak_at:.0f} s ({alone or 'between the timed phases'})"
        )
    print(f"store {m.store_bytes / 2**20:.0f} MiB")
    print(f"{'phase':45} {'start s':>8} {'end s':>8} {'time s':>8} {'CPU s':>8}")
    for name, begin, end in m.phases:
        cpu = m.thread_cpu.get(name, 0.0)
        print(f"{name:45} {begin:8.1f} {end:8.1f} {end - begin:8.1f} {cpu:8.1f}")
    main = [s for s in m.phases if s[0] in ("load", "merge")]
    if len(main) == 2:
        print(
            f"{'serialise + bulk load (between load and merge)':45} {main[0][2]:8.1f} "
            f"{main[1][1]:8.1f} {main[1][1] - main[0][2]:8.1f}"
        )
    for name, seconds in m.build_phases.items():
        print(f"{'build phase ' + name:45} {'':8} {'':8} {seconds:8.1f}")
    last = max((e for _, _, e in m.phases), default=0.0)
    print(
        f"{'finalise (flush, optimise, swap) and rest':45} {last:8.1f} {m.wall:8.1f} "
        f"{m.wall - last:8.1f}"
    )


def _ntriples(document: Any) -> bytes:
    """A loaded document's N-Triples (a record of the build, or the loader's document)."""
    data = getattr(document, "ntriples", None)
    return data if isinstance(data, bytes) else bytes(document.triples.ntriples())


def _timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"  {label:60} {time.perf_counter() - start:8.2f} s", flush=True)
    return result


def phases_alone(folder: Path, work: Path) -> None:
    """Each phase of a build of ``folder`` alone, one after the other in this process (no
    validation in the background): loading, the bulk load and merge, every link rule, every
    reasoning rule and axiom check, the per-document and the registry validation."""
    import pyoxigraph as ox

    from nqs.build import load_sources
    from nqs.config import load_settings
    from nqs.derive import reasoning
    from nqs.derive.links import LinkBuilder, load_rules
    from nqs.derive.textkeys import add_text_keys
    from nqs.namespaces import ONTOLOGY_IRI
    from nqs.ontology import ontology_paths
    from nqs.store import merge_named_graphs
    from nqs.validation.engine import (
        DocumentData,
        check_documents,
        check_registry,
        union_store,
    )

    settings = load_settings().override(sources=(folder,), store=work / "unused")
    loaded, _ = _timed("load (parallel)", lambda: load_sources(settings))
    documents = [
        DocumentData(str(d.graph_name), d.source.name, d.source.sha256, _ntriples(d))
        for d in loaded
    ]
    if work.exists():
        shutil.rmtree(work)
    db = ox.Store(str(work))

    def bulk() -> None:
        for path in ontology_paths():
            db.bulk_load(
                path=str(path),
                format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(ONTOLOGY_IRI),
            )
        for document in documents:
            db.bulk_load(
                input=document.ntriples,
                format=ox.RdfFormat.N_TRIPLES,
                to_graph=ox.NamedNode(document.graph),
            )

    _timed("bulk load", bulk)
    _timed("merge", lambda: merge_named_graphs(db))
    links = LinkBuilder(db, settings.base_iri)
    for query in load_rules():
        _timed(f"link rule {query.name}", partial(links.sparql_rule, query))
    _timed("link rule position-same-job", links.position_rule)
    graph = ox.NamedNode(settings.base_iri + reasoning.INFERRED_GRAPH)
    compiled = reasoning.compile_ontology(reasoning.ontology_graph(db))
    names = {r.query: r.name for r in compiled.rules}
    totals: dict[str, float] = {}
    construct = reasoning._construct

    def timed_construct(store: ox.Store, query: str) -> list[ox.Triple]:
        start = time.perf_counter()
        try:
            return construct(store, query)
        finally:
            name = names.get(query, "?")
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - start

    setattr(reasoning, "_construct", timed_construct)  # noqa: B010 (a benchmark's probe)
    try:
        _timed(
            "reasoning rules (all, to the fixpoint)",
            lambda: reasoning.run_rules(db, compiled, graph),
        )
    finally:
        setattr(reasoning, "_construct", construct)  # noqa: B010
    for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {'  of which the query of ' + name[:40]:60} {seconds:8.2f} s")
    _timed("reasoning axiom checks", lambda: reasoning.check(db, compiled))
    _timed("text keys", lambda: add_text_keys(db, settings.base_iri))
    _timed("validation per document (parallel)", lambda: check_documents(documents))
    whole = _timed("validation whole graph made", lambda: union_store(db))
    _timed("validation registry shapes", lambda: check_registry(whole))
    shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="professional standards (29 = the bundled set)")
    parser.add_argument("folder", type=Path, help="where the registry's sources are written")
    parser.add_argument("--store", type=Path, help="store location (default: FOLDER/store)")
    parser.add_argument("--no-build", action="store_true", help="only make the sources")
    parser.add_argument("--no-make", action="store_true", help="build the sources as they are")
    parser.add_argument(
        "--phases-alone",
        action="store_true",
        help="time each phase (every link rule, reasoning rule, check) alone, not a build",
    )
    args = parser.parse_args(argv)
    sources = args.folder / "sources"
    if not args.no_make:
        start = time.perf_counter()
        files = make_registry(args.n, sources)
        print(f"made {len(files)} documents in {sources} in {time.perf_counter() - start:.1f} s")
    if args.no_build:
        return
    store = args.store or args.folder / "store"
    if args.phases_alone:
        phases_alone(sources, args.folder / "phases-store")
        return
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print_measured(build_registry(sources, store))
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
