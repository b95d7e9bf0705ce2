"""Read W3C HTTP test manifests (SPARQL 1.1 Protocol, Graph Store Protocol) into plain data.

Each test is a list of requests (method, path, headers, body) with the expected response:
status classes or codes, a boolean or result format, a body graph, a Location template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

STATUS_CODES = {
    "OK": 200,
    "Created": 201,
    "NoContent": 204,
    "BadRequest": 400,
    "NotFound": 404,
    "MethodNotAllowed": 405,
    "UnsupportedMediaType": 415,
    "Forbidden": 403,
}


@dataclass
class Expected:
    statuses: list[str] = field(default_factory=list)  # "2xx", "200", ...
    boolean: bool | None = None
    format: str | None = None
    content_type: str | None = None
    body: str | None = None
    location: str | None = None

    def accepts(self, status: int) -> bool:
        return not self.statuses or any(
            s == str(status) or (s.endswith("xx") and s[0] == str(status)[0]) for s in self.statuses
        )


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    expected: Expected


@dataclass
class Case:
    name: str
    iri: str
    requests: list[Request]
    graph_data: list[tuple[Path, str]]  # (file, graph IRI)
    requires: list[str]


def _items(g: Graph, node: Node) -> list[Node]:
    return list(Collection(g, node))


def _headers(g: Graph, node: Node | None) -> dict[str, str]:
    if node is None:
        return {}
    return {
        str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue))
        for h in _items(g, node)
    }


def _status(term: Node) -> str:
    local = str(term).rsplit("#", 1)[-1]
    if local.startswith("StatusCode"):
        return local.removeprefix("StatusCode")
    return str(STATUS_CODES[local])


def _expected(g: Graph, resp: Node | None) -> Expected:
    if resp is None:
        return Expected()
    body = g.value(resp, HT.body)
    boolean = g.value(resp, MF.expectedBoolean)
    fmt = g.value(resp, MF.expectedFormat)
    location = g.value(resp, MF.expectedLocation)
    headers = _headers(g, g.value(resp, HT.headers))
    return Expected(
        statuses=sorted(_status(s) for s in g.objects(resp, MF.expectedStatus)),
        boolean=bool(boolean.toPython()) if isinstance(boolean, Literal) else None,
        format=str(fmt) if fmt is not None else None,
        content_type=headers.get("content-type"),
        body=str(g.value(body, CNT.chars)) if body is not None else None,
        location=str(location) if location is not None else None,
    )


def load_manifest(path: Path) -> list[Case]:
    """The tests of a manifest, following ``mf:include``."""
    g = Graph().parse(path, format="turtle", publicID=path.as_uri())
    cases: list[Case] = []
    for manifest in g.subjects(RDF.type, MF.Manifest):
        include = g.value(manifest, MF.include)
        if include is not None:
            for other in _items(g, include):
                cases += load_manifest(Path(str(other).removeprefix("file://")))
        entries = g.value(manifest, MF.entries)
        for entry in _items(g, entries) if entries is not None else []:
            cases.append(_case(g, entry))
    return cases


def _case(g: Graph, entry: Node) -> Case:
    action = g.value(entry, MF.action)
    requests: list[Request] = []
    req_list = g.value(action, HT.requests) if action is not None else None
    for req in _items(g, req_list) if req_list is not None else []:
        body = g.value(req, HT.body)
        requests.append(
            Request(
                method=str(g.value(req, HT.methodName)),
                path=str(g.value(req, HT.absolutePath)),
                headers=_headers(g, g.value(req, HT.headers)),
                body=str(g.value(body, CNT.chars)) if body is not None else None,
                expected=_expected(g, g.value(req, HT.resp)),
            )
        )
    data = [
        (Path(str(g.value(d, UT.graph)).removeprefix("file://")), str(g.value(d, RDFS.label)))
        for d in g.objects(entry, UT.graphData)
    ]
    return Case(
        name=str(g.value(entry, MF.name)),
        iri=str(entry),
        requests=requests,
        graph_data=data,
        requires=[str(r).rsplit("#", 1)[-1] for r in g.objects(entry, MF.requires)],
    )


__all__ = ["Case", "Expected", "Request", "URIRef", "load_manifest"]
