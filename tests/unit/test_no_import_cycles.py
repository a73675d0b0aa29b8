"""No import circle in `services/` or `shared/`: the modules of each package form a tree one can
read from the bottom (vocabulary, then commands and events, then the rules), never a loop.

Imports under `TYPE_CHECKING` count too: a circle that only the type checker walks is still a
circle in the design (it is how one grew in notification's domain). The graph is grimp's — the
one import-linter checks the contracts in `.importlinter` with."""

from __future__ import annotations

import grimp

PACKAGES = (
    "konfliktrad_shared",
    "referral",
    "mediation",
    "youth_plan",
    "vetting",
    "notification",
    "desk",
)


def strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """The import circles: Tarjan's strongly connected components with more than one module,
    iterative so a deep package cannot exhaust the stack."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            following = edges.get(node, [])
            if position < len(following):
                work.append((node, position + 1))
                nxt = following[position]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    circles.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return circles


def test_the_search_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    graph.add_import(importer="a.one", imported="a.two")
    graph.add_import(importer="a.two", imported="a.three")
    graph.add_import(importer="a.three", imported="a.one")
    graph.add_import(importer="a.three", imported="a.four")
    assert strongly_connected(graph) == [["a.one", "a.three", "a.two"]]


def test_no_import_circle_in_services_or_shared() -> None:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=False, cache_dir=None)
    assert strongly_connected(graph) == []
