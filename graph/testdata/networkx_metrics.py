"""Reference metrics for graph's tests, computed by networkx.

Reads {"graphs": [{"n": N, "edges": [[u, v], ...]}, ...]} on stdin (nodes
0..N-1, u cites v) and writes one JSON object per graph, in order:
  pagerank     networkx.pagerank(G, alpha=0.85), iterated until the L1 change
               is below 1e-14 (networkx stops at N*tol)
  hubs,        networkx.hits(G) (sparse SVD) when the dominant singular value
  authorities  of the adjacency matrix is simple; the power iteration
               networkx.algorithms.link_analysis.hits_alg._hits_python when it
               is repeated (then networkx.hits's answer is arbitrary); null
               when G has no edges (networkx.hits returns NaN there)
  hits         "svds", "power" or "none": which of the above
  betweenness  networkx.betweenness_centrality(G, normalized=True)
"""

import json
import sys
import warnings

import networkx as nx
import numpy as np
from networkx.algorithms.link_analysis import hits_alg

warnings.simplefilter("ignore")


def metrics(n, edges):
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from(map(tuple, edges))
    out = {}
    pr = nx.pagerank(G, alpha=0.85, tol=1e-14 / n, max_iter=10000)
    out["pagerank"] = [pr[i] for i in range(n)]
    if G.number_of_edges() == 0:
        out["hits"], out["hubs"], out["authorities"] = "none", None, None
    else:
        s = np.linalg.svd(nx.to_numpy_array(G, nodelist=range(n)), compute_uv=False)
        if len(s) > 1 and s[0] - s[1] <= 1e-9 * s[0]:
            out["hits"] = "power"
            h, a = hits_alg._hits_python(G, max_iter=1000000, tol=1e-13)
        else:
            out["hits"] = "svds"
            h, a = nx.hits(G)
        out["hubs"] = [h[i] for i in range(n)]
        out["authorities"] = [a[i] for i in range(n)]
    bc = nx.betweenness_centrality(G, normalized=True)
    out["betweenness"] = [bc[i] for i in range(n)]
    return out


def main():
    req = json.load(sys.stdin)
    json.dump([metrics(g["n"], g["edges"]) for g in req["graphs"]], sys.stdout)


if __name__ == "__main__":
    main()
