"""The catalog as one NetworkX DiGraph of typed nodes and edges (for layout, drawing and graph questions)."""

from __future__ import annotations

import networkx as nx

from careerpath.graph.model import Catalog


def build_graph(catalog: Catalog) -> nx.DiGraph:
    """Nodes are ``(type, id)`` with ``type`` skill, credential or role; edges point from what is needed.

    Edge types: ``grants`` (credential -> skill), ``requires`` and ``requires_any`` (credential -> credential that
    needs it), ``requires_skill`` (skill -> credential that needs it), ``needs`` (skill -> role; ``optional`` and
    ``group`` attributes say how).
    """
    g = nx.DiGraph()
    for s in catalog.skills.values():
        g.add_node(("skill", s.id), type="skill", name=s.name)
    for c in catalog.credentials.values():
        node = ("credential", c.id)
        g.add_node(node, type="credential", name=c.name, hours=c.hours, cost=c.cost, provider=c.provider)
        for sk in c.grants:
            g.add_edge(node, ("skill", sk), type="grants")
        for dep in c.requires:
            g.add_edge(("credential", dep), node, type="requires")
        for i, group in enumerate(c.requires_any):
            for dep in group.of:
                g.add_edge(("credential", dep), node, type="requires_any", group=i, count=group.count)
        for sk in c.requires_skills:
            g.add_edge(("skill", sk), node, type="requires_skill")
    for r in catalog.roles.values():
        node = ("role", r.id)
        g.add_node(node, type="role", name=r.name)
        for sk in r.requires:
            g.add_edge(("skill", sk), node, type="needs", optional=False)
        for i, group in enumerate(r.requires_any):
            for sk in group.of:
                g.add_edge(("skill", sk), node, type="needs", optional=False, group=i, count=group.count)
        for sk in r.optional:
            if not g.has_edge(("skill", sk), node):
                g.add_edge(("skill", sk), node, type="needs", optional=True)
    return g
