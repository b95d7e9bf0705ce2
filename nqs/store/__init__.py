"""The storage seam, one home for every caller (build, command line, export, server):

- :mod:`nqs.store.builds`: where the store lives on disk, how a build swaps in, how its graphs
  are laid out (the merge as the default graph);
- :mod:`nqs.store.current`: the current build opened read-only, or for writing by name;
- :mod:`nqs.store.backends`: where queries are evaluated, the embedded store or a separate
  SPARQL 1.1 server, both giving the same plain terms.
"""

from nqs.store.builds import (
    BUILD_INFO,
    KEEP_BUILDS,
    LOAD_BATCH,
    MERGE,
    SOURCE_TEXTS,
    BuildInfo,
    StoreError,
    add_to_graph,
    build_lock,
    builds_dir,
    current_build,
    graph_size,
    load_graphs,
    lock_path,
    merge_named_graphs,
    merge_size,
    new_build,
    prune,
    remove_from_graph,
    swap,
)
from nqs.store.current import ReadOnlyStore, WritableStore

__all__ = [
    "BUILD_INFO",
    "KEEP_BUILDS",
    "LOAD_BATCH",
    "MERGE",
    "SOURCE_TEXTS",
    "BuildInfo",
    "ReadOnlyStore",
    "StoreError",
    "WritableStore",
    "add_to_graph",
    "build_lock",
    "builds_dir",
    "current_build",
    "graph_size",
    "load_graphs",
    "lock_path",
    "merge_named_graphs",
    "merge_size",
    "new_build",
    "prune",
    "remove_from_graph",
    "swap",
]
