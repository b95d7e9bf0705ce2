"""Serialize a query outcome in the format the client accepts. Runs in the evaluator's child
process, so that only bytes cross back to the server worker."""

from __future__ import annotations

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept

from nqs.server.negotiation import (
    GRAPH_FORMATS,
    GRAPH_NAMES,
    RESULT_FORMATS,
    RESULT_NAMES,
    choose,
    with_named,
)
from nqs.sparql_results import SELECT_WRITERS, boolean
from nqs.store.backends import Outcome


class NotAcceptable(Exception):
    """Nothing the client accepts is offered for this kind of result (406)."""


def render(
    outcome: Outcome, accept: MIMEAccept, formats: tuple[str, ...] = ()
) -> tuple[str, bytes]:
    """The media type and body of the answer: in the first of the format names ``formats``
    that fits this kind of answer, else as ``accept`` asks."""
    if outcome.kind == "graph":
        graph_choice = choose(with_named(accept, formats, GRAPH_NAMES), GRAPH_FORMATS)
        if graph_choice is None:
            raise NotAcceptable("no acceptable RDF format; offered: " + ", ".join(GRAPH_FORMATS))
        media, rdf_format = graph_choice
        if isinstance(outcome.raw, ox.QueryTriples):
            return media, outcome.raw.serialize(format=rdf_format) or b""
        return media, ox.serialize(outcome.triples, format=rdf_format) or b""
    result_choice = choose(with_named(accept, formats, RESULT_NAMES), RESULT_FORMATS)
    if result_choice is None:
        raise NotAcceptable("no acceptable results format; offered: " + ", ".join(RESULT_FORMATS))
    media, results_format = result_choice
    if outcome.kind == "ask":
        return media, boolean(outcome.boolean, media)
    if isinstance(outcome.raw, ox.QuerySolutions):
        return media, outcome.raw.serialize(format=results_format) or b""
    return media, SELECT_WRITERS[media](outcome.variables, outcome.rows)
