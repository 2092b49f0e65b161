"""Checks rankings.json against networkx on graph.graphml (both from one
citegraph build): PageRank, HITS and betweenness must agree to 1e-6.

Usage: check_networkx.py OUTDIR   (prints one line per disagreement; exit 1 if any)
"""
import json
import sys

import networkx as nx

out = sys.argv[1]
g = nx.read_graphml(out + "/graph.graphml")
rows = json.load(open(out + "/rankings.json"))
if g.number_of_nodes() != len(rows):
    print("graphml has %d nodes, rankings.json %d papers" % (g.number_of_nodes(), len(rows)))
    sys.exit(1)

pr = nx.pagerank(g, alpha=0.85, tol=1e-13, max_iter=100000)
if g.number_of_edges() > 0:
    hubs, auths = nx.hits(g, max_iter=100000, tol=1e-12, normalized=True)
else:
    hubs = auths = {n: 0.0 for n in g}
bc = nx.betweenness_centrality(g, normalized=True)

bad = 0
for r in rows:
    n = r["id"]
    for name, ref in (("pagerank", pr), ("hub", hubs), ("authority", auths), ("betweenness", bc)):
        if abs(r[name] - ref[n]) > 1e-6:
            print("%s %s: citegraph %.9f networkx %.9f" % (n, name, r[name], ref[n]))
            bad += 1
    indeg = g.in_degree(n)
    if r["localCitations"] != indeg:
        print("%s localCitations: citegraph %d graphml in-degree %d" % (n, r["localCitations"], indeg))
        bad += 1
print("checked %d papers, %d edges, %d disagreements" % (len(rows), g.number_of_edges(), bad))
sys.exit(1 if bad else 0)
