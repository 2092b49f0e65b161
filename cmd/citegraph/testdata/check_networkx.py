"""Checks rankings.json against networkx on graph.graphml (both from one
citegraph build): PageRank, HITS and betweenness must agree to 1e-6; the
graph's own typed attributes (label, bibKey, rank, metrics) must match.

Usage: check_networkx.py OUTDIR   (prints one line per disagreement; exit 1 if any)
"""
import json
import sys

import networkx as nx

out = sys.argv[1]
g = nx.read_graphml(out + "/graph.graphml")
rows = json.load(open(out + "/rankings.json"))
bib = open(out + "/references.bib").read()
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
    # graph.graphml carries the same metrics, typed, and a label for Gephi.
    d = g.nodes[n]
    if not isinstance(d.get("label"), str) or not d["label"]:
        print("%s: no label" % n)
        bad += 1
    for name in ("pagerank", "hub", "authority", "betweenness"):
        if not isinstance(d.get(name), float) or abs(d[name] - r[name]) > 1e-12:
            print("%s %s: graphml %r rankings.json %r" % (n, name, d.get(name), r[name]))
            bad += 1
    if d.get("rank") != r["rank"] or d.get("localCitations") != r["localCitations"]:
        print("%s rank/localCitations: graphml %r/%r rankings.json %r/%r" % (n, d.get("rank"), d.get("localCitations"), r["rank"], r["localCitations"]))
        bad += 1
    if not isinstance(d.get("bibKey"), str) or ("{" + d["bibKey"] + ",") not in bib:
        print("%s: bibKey %r not in references.bib" % (n, d.get("bibKey")))
        bad += 1
    indeg = g.in_degree(n)
    if r["localCitations"] != indeg:
        print("%s localCitations: citegraph %d graphml in-degree %d" % (n, r["localCitations"], indeg))
        bad += 1
print("checked %d papers, %d edges, %d disagreements" % (len(rows), g.number_of_edges(), bad))
sys.exit(1 if bad else 0)
