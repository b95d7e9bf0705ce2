"""What a build keeps of each document for the next build: incremental builds (issue 22).

Reading, parsing and mapping a document is most of a build's time, and its result depends on
nothing but the file's bytes, its name (``nqs:fileName``), the base IRI and the loaders' code.
A build keeps that result per document, and the next build reuses it for every document
whose source did not change, instead of reading it again: the document graph's N-Triples,
its coverage, warnings, source texts, counts, kind and format (a :class:`DocumentRecord`),
and the document graph's check by the in-document shapes, which depends on nothing but those
N-Triples and the shapes' and ontology's files.

The cache is a folder beside the store link, ``<store>.cache/`` (as ``<store>.builds/`` and
``<store>.lock``): ``documents/`` holds three files per document, a JSON file of what the
build says of it, the N-Triples of its graph (``.nt``), what the file said at each place
(``.texts``, JSON) and its closure part under the ontology's rules (``.inferred``, headed by
what it was made of: :mod:`nqs.derive.per_document`), and ``checks/`` a JSON file per
document graph checked. Each entry names what it was made from (the file's SHA-256 and name,
the base IRI, the :func:`loader_version` or :func:`checker_version`) and the SHA-256 of its
N-Triples; an entry that does not say exactly what is asked, or cannot be read, is not used
(a corrupt or foreign one with a warning) and the document is read again. After a build that
succeeded, entries that no document of it used are removed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources, util
from pathlib import Path
from typing import Any

from nqs import __version__
from nqs.children import NotedPool
from nqs.files import write_whole
from nqs.loaders.documents import Coverage, LoadedDocument
from nqs.loaders.model import Location, SourceInfo, Warning_
from nqs.loaders.standard.model import StandardDocument
from nqs.loaders.standard.summary import document_counts
from nqs.validation.engine import DocumentCheck, DocumentChecks, DocumentData, Result

ENTRY_FORMAT = 2
"""The layout of an entry; a change of it is a change of both versions."""
CLOSURE_SUFFIX = ".inferred"
"""A document entry's closure part (:mod:`nqs.derive.per_document`), beside its ``.nt``."""
TEXTS_SUFFIX = ".texts"
"""A document entry's texts at each place (:attr:`DocumentRecord.texts_json`)."""

_LIBRARIES = ("pyoxigraph", "rdflib", "python-docx", "pypdfium2")
"""Libraries whose output the loaders' result depends on (their readers and serializers)."""
_CHECKER_LIBRARIES = ("pyoxigraph", "rdflib", "pyshacl")


def cache_dir(store: Path) -> Path:
    """Where a store's builds keep their documents: ``<store>.cache`` beside the link."""
    return store.with_name(store.name + ".cache")


def _tree_digest(digest: Any, folder: Path, suffixes: tuple[str, ...]) -> None:
    """Add every file under ``folder`` with one of the suffixes, by relative path, in order."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in suffixes and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())


def _module_files(*modules: str) -> list[Path]:
    """The source files of the named modules (found by import, wherever they live)."""
    files = []
    for module in modules:
        spec = util.find_spec(module)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(f"no module {module} to take the cache's version from")
        files.append(Path(spec.origin))
    return files


def _versions(digest: Any, libraries: Iterable[str]) -> None:
    digest.update(f"nqs {__version__} entry {ENTRY_FORMAT}\0".encode())
    for name in libraries:
        digest.update(f"{name} {metadata.version(name)}\0".encode())


@cache
def loader_version() -> str:
    """The version of what turns a file into its document graph: the package's version, the
    reading libraries' versions and a hash of the loaders' files (``nqs.loaders`` and the
    modules of ``nqs`` they import), so that a change of the code invalidates the cache."""
    digest = hashlib.sha256()
    _versions(digest, _LIBRARIES)
    _tree_digest(digest, Path(str(resources.files("nqs.loaders"))), (".py", ".toml", ".json"))
    for path in _module_files("nqs.terms", "nqs.namespaces", "nqs.worddiff", "nqs.build_cache"):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{__version__}+{digest.hexdigest()[:16]}"


@cache
def checker_version() -> str:
    """The version of the in-document check of a document graph: the shapes, the ontology,
    the validation engine's code and pySHACL's version."""
    digest = hashlib.sha256()
    _versions(digest, _CHECKER_LIBRARIES)
    _tree_digest(digest, Path(str(resources.files("nqs.shapes"))), (".ttl",))
    _tree_digest(digest, Path(str(resources.files("nqs.ontology"))), (".ttl",))
    for path in _module_files("nqs.validation.engine", "nqs.validation.shapes", "nqs.build_cache"):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{__version__}+{digest.hexdigest()[:16]}"


@dataclass
class DocumentRecord:
    """What a build needs of one loaded document: the N-Triples of its graph and what the
    build reports of it. Made from a :class:`~nqs.loaders.documents.LoadedDocument` in the
    process that read it, or read back from the cache (``reused``)."""

    source: SourceInfo
    kind: str
    format: str
    graph_name: str
    ntriples: bytes
    triples: int
    coverage: Coverage
    warnings: list[Warning_] = field(default_factory=list)
    texts_json: bytes = b""
    """What the file said at each place (:attr:`LoadedDocument.texts`), as the JSON array
    that ``source-text.json`` holds for it (``[]`` for none): serialized once, in the process
    that read the document, and kept as bytes, so that a build writes every document's texts
    without parsing or serializing them again (90 MB at 1,000 standards)."""
    counts: dict[str, int] = field(default_factory=dict)
    """A standard's totals (:func:`~nqs.loaders.standard.summary.document_counts`); empty
    for the other kinds."""
    reused: bool = False
    closure: bytes = b""
    """The document's closure part under the ontology's rules, as
    :class:`nqs.derive.per_document.ClosurePart` keeps it (made in the process that read
    the document; empty when not made)."""
    ntriples_sha256: str = ""
    """The SHA-256 of :attr:`ntriples` (hex), computed once: in the process that read the
    document, or checked when the cache gives it back; the build's other steps take it from
    here rather than hash 720 MB again (at 1,000 standards)."""

    def __post_init__(self) -> None:
        if not self.ntriples_sha256:
            self.ntriples_sha256 = hashlib.sha256(self.ntriples).hexdigest()

    @classmethod
    def of(cls, doc: LoadedDocument) -> DocumentRecord:
        counts = document_counts(doc.document) if isinstance(doc.document, StandardDocument) else {}
        return cls(
            source=doc.source,
            kind=doc.kind,
            format=doc.format,
            graph_name=str(doc.graph_name),
            ntriples=doc.triples.ntriples(),
            triples=len(doc.triples),
            coverage=doc.coverage,
            warnings=list(doc.warnings),
            texts_json=texts_json(doc.texts),
            counts=counts,
        )


class CacheWarning(Exception):
    """An entry of the cache that was not used: corrupt, or not made by this program."""


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def _location(data: Any) -> Location | None:
    if data is None:
        return None
    unit, start, end = data
    return Location(unit, int(start), int(end))


def _record_json(record: DocumentRecord, base_iri: str) -> dict[str, Any]:
    return {
        "format": ENTRY_FORMAT,
        "loader": loader_version(),
        "file": record.source.name,
        "sha256": record.source.sha256,
        "media_type": record.source.media_type,
        "base_iri": base_iri,
        "kind": record.kind,
        "source_format": record.format,
        "graph": record.graph_name,
        "triples": record.triples,
        "coverage": [
            record.coverage.lines,
            record.coverage.unassigned,
            record.coverage.characters,
            record.coverage.unassigned_characters,
        ],
        "warnings": [
            [w.message, [w.loc.unit, w.loc.start, w.loc.end] if w.loc else None]
            for w in record.warnings
        ],
        "counts": record.counts,
        "ntriples_sha256": record.ntriples_sha256,
        "texts_sha256": hashlib.sha256(record.texts_json).hexdigest(),
    }


def texts_json(texts: Iterable[tuple[str, int, int, str]]) -> bytes:
    """The JSON array of a document's texts, as ``source-text.json`` writes them."""
    return json.dumps([list(t) for t in texts], ensure_ascii=False).encode("utf-8")


def _record_of(data: dict[str, Any], path: Path, ntriples: bytes, texts: bytes) -> DocumentRecord:
    digest = hashlib.sha256(ntriples).hexdigest()
    if digest != data["ntriples_sha256"]:
        raise CacheWarning("its N-Triples (.nt) do not have the SHA-256 it records")
    return DocumentRecord(
        source=SourceInfo(path, str(data["media_type"]), str(data["sha256"])),
        kind=str(data["kind"]),
        format=str(data["source_format"]),
        graph_name=str(data["graph"]),
        ntriples=ntriples,
        triples=int(data["triples"]),
        coverage=Coverage(*(int(n) for n in data["coverage"])),
        warnings=[Warning_(str(m), _location(loc)) for m, loc in data["warnings"]],
        texts_json=texts,
        counts={str(k): int(v) for k, v in data["counts"].items()},
        reused=True,
        ntriples_sha256=digest,
    )


def _check_json(check: DocumentCheck, ntriples_sha: str) -> dict[str, Any]:
    return {
        "format": ENTRY_FORMAT,
        "checker": checker_version(),
        "ntriples_sha256": ntriples_sha,
        "graph": check.graph,
        "owned": sorted(check.owned),
        "results": [
            [r.focus, r.path, r.shape, r.severity, r.component, r.value, r.messages, r.scope]
            for r in check.results
        ],
    }


def _check_of(data: dict[str, Any]) -> DocumentCheck:
    results = tuple(
        Result(
            str(focus),
            str(path),
            str(shape),
            str(severity),
            str(component),
            str(value),
            tuple((str(lang), str(text)) for lang, text in messages),
            str(scope),
        )
        for focus, path, shape, severity, component, value, messages, scope in data["results"]
    )
    return DocumentCheck(str(data["graph"]), results, frozenset(str(n) for n in data["owned"]))


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


class BuildCache:
    """The documents and checks a store's builds keep (see module doc). ``warnings`` lists
    the entries found but not used, each naming its file and why."""

    def __init__(self, folder: Path, base_iri: str) -> None:
        self.folder = folder
        self.base_iri = base_iri
        self.warnings: list[str] = []
        self._used: set[Path] = set()

    def _document_path(self, source: SourceInfo) -> Path:
        return self.folder / "documents" / f"{_key(source.sha256, source.name, self.base_iri)}.json"

    def _check_path(self, ntriples_sha: str) -> Path:
        return self.folder / "checks" / f"{ntriples_sha}.json"

    def _read(self, path: Path) -> dict[str, Any] | None:
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.warnings.append(f"{path}: not used, it cannot be read ({exc})")
            return None
        if not isinstance(data, dict):
            self.warnings.append(f"{path}: not used, it is not an entry of this cache")
            return None
        return data

    def document(self, path: Path, sha256: str) -> DocumentRecord | None:
        """The record of the file at ``path`` (whose bytes have ``sha256``), if an entry made
        from the same bytes, name, base IRI and loaders holds it."""
        entry = self._document_path(SourceInfo(path, "", sha256))
        data = self._read(entry)
        if data is None:
            return None
        if data.get("format") != ENTRY_FORMAT or data.get("loader") != loader_version():
            return None  # made by other code: read again (and the entry replaced)
        made_of = (data.get("sha256"), data.get("file"), data.get("base_iri"))
        if made_of != (sha256, path.name, self.base_iri):
            self.warnings.append(
                f"{entry}: not used, it was made of another file than {path.name}"
                f" (SHA-256 {sha256[:12]}…)"
            )
            return None
        try:
            ntriples = entry.with_suffix(".nt").read_bytes()
            texts = entry.with_suffix(TEXTS_SUFFIX).read_bytes()
            if hashlib.sha256(texts).hexdigest() != data["texts_sha256"]:
                raise CacheWarning(f"its texts ({TEXTS_SUFFIX}) do not have the SHA-256 it records")
            record = _record_of(data, path, ntriples, texts)
        except (OSError, CacheWarning, KeyError, TypeError, ValueError) as exc:
            self.warnings.append(f"{entry}: not used, {exc or type(exc).__name__}")
            return None
        try:  # its header says what it was made of (checked where it is used)
            record.closure = entry.with_suffix(CLOSURE_SUFFIX).read_bytes()
        except OSError:
            record.closure = b""
        self._used.add(entry)
        return record

    def ntriples_path(self, record: DocumentRecord) -> Path:
        """Where the entry of ``record`` keeps its N-Triples (once kept)."""
        return self._document_path(record.source).with_suffix(".nt")

    def keep_document(self, record: DocumentRecord) -> None:
        entry = self._document_path(record.source)
        self._used.add(entry)
        if not record.reused:  # the N-Triples first: the entry is there once its .json is
            write_whole(entry.with_suffix(".nt"), record.ntriples)
            write_whole(entry.with_suffix(TEXTS_SUFFIX), record.texts_json)
            if record.closure:
                self.keep_closure(record)
            write_whole(entry, _json(_record_json(record, self.base_iri)))

    def keep_closure(self, record: DocumentRecord) -> None:
        """Keep the closure part of ``record`` beside its N-Triples (one made anew for a
        document the cache held)."""
        write_whole(self._document_path(record.source).with_suffix(CLOSURE_SUFFIX), record.closure)

    def check(self, ntriples_sha: str) -> DocumentCheck | None:
        """The in-document check of the document graph whose N-Triples have ``ntriples_sha``,
        if an entry made with the same shapes, ontology and engine holds it."""
        entry = self._check_path(ntriples_sha)
        data = self._read(entry)
        if data is None:
            return None
        if data.get("format") != ENTRY_FORMAT or data.get("checker") != checker_version():
            return None
        if data.get("ntriples_sha256") != ntriples_sha:
            self.warnings.append(f"{entry}: not used, it was made of another document graph")
            return None
        try:
            check = _check_of(data)
        except (KeyError, TypeError, ValueError) as exc:
            self.warnings.append(f"{entry}: not used, {exc or type(exc).__name__}")
            return None
        self._used.add(entry)
        return check

    def keep_check(self, ntriples_sha: str, check: DocumentCheck, reused: bool) -> None:
        entry = self._check_path(ntriples_sha)
        self._used.add(entry)
        if not reused:
            write_whole(entry, _json(_check_json(check, ntriples_sha)))

    def prune(self) -> None:
        """Remove the entries this build did not use (and temporary files left behind)."""
        for part in ("documents", "checks"):
            folder = self.folder / part
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.with_suffix(".json") not in self._used:
                    path.unlink(missing_ok=True)


class CachedChecks(DocumentChecks):
    """The in-document checks of a build's documents: those ``cache`` holds for the same
    document graph (the same N-Triples) taken from it, the others started in worker
    processes (start it from the main thread). :meth:`keep` puts the new ones in the cache."""

    def __init__(
        self,
        documents: Sequence[DocumentData],
        cache: BuildCache | None,
        workers: int | None = None,
        pool: NotedPool | None = None,
    ) -> None:
        self.hashes = {d.graph: d.ntriples_sha256 for d in documents}
        known: dict[str, DocumentCheck] = {}
        for d in documents:
            check = cache.check(self.hashes[d.graph]) if cache else None
            if check is not None and check.graph == d.graph:
                known[d.graph] = check
        super().__init__([d for d in documents if d.graph not in known], workers, pool)
        started = iter(self.jobs)
        self.documents = {d.graph: d for d in documents}
        self.jobs = [
            _done(known[d.graph]) if d.graph in known else next(started) for d in documents
        ]
        self.reused = frozenset(known)
        self._graphs = {id(job): d.graph for job, d in zip(self.jobs, documents, strict=True)}

    def graph_of(self, job: Future[DocumentCheck]) -> str:
        """The document graph a job of :attr:`jobs` checks."""
        return self._graphs[id(job)]

    def keep(self, cache: BuildCache) -> None:
        """Put every check done in ``cache`` (call once they are all done)."""
        for job in self.jobs:
            if job.done() and not job.cancelled() and job.exception() is None:
                check = job.result()
                cache.keep_check(self.hashes[check.graph], check, check.graph in self.reused)


def _done(check: DocumentCheck) -> Future[DocumentCheck]:
    future: Future[DocumentCheck] = Future()
    future.set_result(check)
    return future
