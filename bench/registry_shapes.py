"""Benchmark: the registry shapes (``shapes/registry.ttl``) over the whole graph of a built
store, shape by shape and constraint by constraint.

For every shape with targets (and every SPARQL constraint of a node shape on its own) it
times pySHACL over the whole graph with only that shape targeted (``before``: how
``check_registry`` ran every shape until issue 22), then each SPARQL constraint run once
over the whole graph (:class:`nqs.validation.engine.WholeGraphConstraint`, with the time to
find the shape's focus nodes), then both whole runs: plain pySHACL with every registry shape
and ``check_registry``, and checks that they give the same results. The whole graph (the
store's merge without the inferred graph, in memory) is kept as N-Triples in ``--cache``.

    .venv/bin/python bench/registry_shapes.py STORE [--cache FILE] [--skip-per-shape]
        [--skip-compare] [--after-only] [--only SHAPE ...] [--before-shapes TTL]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from nqs.validation.engine import (
    Result,
    StoreGraph,
    _Templates,
    check_registry,
    memory_store,
    run_shapes,
    union_store,
    whole_graph_constraints,
)
from nqs.validation.shapes import REGISTRY, shapes_graph

T = TypeVar("T")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def timed(fn: Callable[..., T], *args: Any) -> tuple[float, float, T]:
    """(wall seconds, CPU seconds of the process, value) of ``fn(*args)``."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, value


def whole_graph(store: Path, cache: Path | None) -> ox.Store:
    """The whole graph of a built store in memory (read from ``cache`` when it exists)."""
    if cache is not None and cache.is_file():
        return memory_store([cache.read_bytes()])
    whole = union_store(ox.Store.read_only(str(store.resolve())))
    if cache is not None:
        data = whole.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        assert data is not None
        cache.write_bytes(data)
    return whole


def units(shapes: Graph) -> list[tuple[URIRef, URIRef | None]]:
    """Every targeted shape, and every SPARQL constraint of a shape, as (shape, constraint)."""
    out: list[tuple[URIRef, URIRef | None]] = []
    targeted = {s for p in TARGETS for s in shapes.subjects(p, None) if isinstance(s, URIRef)}
    for shape in sorted(targeted):
        sparql = sorted(c for c in shapes.objects(shape, SH.sparql) if isinstance(c, URIRef))
        if not sparql or (shape, SH.path, None) in shapes:
            out.append((shape, None))
        out.extend((shape, c) for c in sparql)
    return out


def only(shapes: Graph, shape: URIRef, constraint: URIRef | None) -> Graph:
    """The shapes with only ``shape`` targeted, and only ``constraint`` among its SPARQL
    constraints."""
    graph = Graph(store="SimpleMemory")
    for s, p, o in shapes:
        if s != shape and p in TARGETS:
            continue
        if s == shape and p == SH.sparql and constraint is not None and o != constraint:
            continue
        graph.add((s, p, o))
    return graph


def name(node: Node | None) -> str:
    return "" if node is None else str(node).rsplit("#", 1)[-1]


def per_shape(whole: ox.Store, shapes: Graph, pick: set[str]) -> None:
    print("\npySHACL, one shape (or one SPARQL constraint) at a time:")
    print(f"  {'shape':34} {'constraint':34} {'wall s':>8} {'CPU s':>8} {'results':>7}")
    total = 0.0
    for shape, constraint in units(shapes):
        if pick and name(shape) not in pick:
            continue
        wall, cpu, found = timed(run_shapes, whole, only(shapes, shape, constraint), "")
        total += wall
        print(
            f"  {name(shape):34} {name(constraint):34} {wall:8.2f} {cpu:8.2f} {len(found):7}",
            flush=True,
        )
    print(f"  {'sum':69} {total:8.2f}")


def per_constraint(whole: ox.Store, shapes: Graph, pick: set[str]) -> None:
    print("\nEach SPARQL constraint once over the whole graph (focus nodes found once per shape):")
    print(f"  {'shape':34} {'constraint':34} {'wall s':>8} {'CPU s':>8} {'results':>7}")
    data = StoreGraph(whole)
    templates = _Templates(shapes)
    focus: dict[Node, set[Node]] = {}
    total = 0.0
    for constraint in whole_graph_constraints(shapes):
        shape = constraint.shape.node
        if pick and name(shape) not in pick:
            continue
        if shape not in focus:
            wall, cpu, nodes = timed(constraint.focus_nodes, data)
            focus[shape] = set(nodes)
            total += wall
            print(f"  {name(shape):34} {'(focus nodes)':34} {wall:8.2f} {cpu:8.2f} {len(nodes):7}")
        wall, cpu, found = timed(constraint.check, data, focus[shape], templates)
        total += wall
        row = f"  {name(shape):34} {name(constraint.helper.node):34} {wall:8.2f} {cpu:8.2f}"
        print(f"{row} {len(found):7}", flush=True)
    print(f"  {'sum':69} {total:8.2f}")


def compare(whole: ox.Store, shapes: Graph, after_only: bool) -> None:
    print("\nThe registry shapes in one run:")
    wall, cpu, after = timed(check_registry, whole)
    print(f"  check_registry (after)                    {wall:8.2f} s wall {cpu:8.2f} s CPU")
    if after_only:
        print(f"  results: {len(after)}")
        return
    wall, cpu, before = timed(run_shapes, whole, shapes, REGISTRY)
    print(f"  pySHACL, every registry shape (before)   {wall:8.2f} s wall {cpu:8.2f} s CPU")
    same = set(before) == set(after)
    print(f"  results: {len(before)} before, {len(after)} after, the same: {same}")
    if not same:
        show: Callable[[set[Result]], str] = lambda rs: "\n    ".join(map(str, sorted(rs)[:10]))  # noqa: E731
        print(f"  only before:\n    {show(set(before) - set(after))}")
        print(f"  only after:\n    {show(set(after) - set(before))}")
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="A built store (opened read-only).")
    parser.add_argument("--cache", type=Path, help="N-Triples of the whole graph, kept.")
    parser.add_argument("--skip-per-shape", action="store_true", help="No pySHACL per shape.")
    parser.add_argument("--skip-compare", action="store_true", help="No whole runs.")
    parser.add_argument("--after-only", action="store_true", help="No pySHACL whole run.")
    parser.add_argument("--only", nargs="*", default=[], help="Shapes to time (local names).")
    parser.add_argument(
        "--before-shapes",
        type=Path,
        help="The registry shapes pySHACL runs (default: shapes/registry.ttl), e.g. "
        "git show da68baa^:shapes/registry.ttl, before the queries were rewritten.",
    )
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}")
    wall, cpu, whole = timed(lambda: whole_graph(args.store, args.cache))
    print(f"whole graph: {len(whole)} triples, {wall:.1f} s wall, {cpu:.1f} s CPU")
    shapes = shapes_graph(REGISTRY)
    before = shapes
    if args.before_shapes is not None:
        before = Graph(store="SimpleMemory")
        before.parse(args.before_shapes, format="turtle")
    pick = set(args.only)
    if not args.skip_per_shape:
        per_shape(whole, before, pick)
    per_constraint(whole, shapes, pick)
    if not args.skip_compare and not pick:
        compare(whole, before, args.after_only)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"\npeak RSS {peak:.2f} GiB; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
