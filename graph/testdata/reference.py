"""Reference metrics and timings for citegraph's graph code, by python-igraph
or networkx (Debian's python3-igraph and python3-networkx).

    reference.py metrics LIB EDGES.tsv   -> JSON of every node's metrics
    reference.py bench LIB EDGES.tsv [--betweenness]   -> JSON of timings

EDGES.tsv holds one citation per line, "citing<TAB>cited"; node names are
strings. LIB is igraph or networkx. The metrics are those citegraph
computes:
  pagerank     damping 0.85, dangling rank spread uniformly: networkx.pagerank
               iterated until the L1 change is below 1e-14 (networkx stops at
               N*tol); igraph's Graph.pagerank (PRPACK, solved directly)
  hubs,        networkx.hits (sparse SVD); igraph's hub_score and
  authorities  authority_score (ARPACK), each divided by its sum
  betweenness  networkx.betweenness_centrality(G, normalized=True);
               igraph's Graph.betweenness(directed=True) / ((n-1)(n-2))
The metrics output is {"nodes": [...], "pagerank": [...], "hubs": [...],
"authorities": [...], "betweenness": [...]}, lists in the order of "nodes".

The bench output is {"load": s, "pagerank": s, "hits": s, "betweenness": s
or null, "peak_after_hits": bytes, "peak": bytes}: wall-clock seconds of
each step and the process's peak resident memory (VmHWM) after loading and
ranking by PageRank and HITS, and at the end.
"""

import json
import sys
import time
import warnings

warnings.simplefilter("ignore")


def vm_hwm():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return None


class IGraph:
    def __init__(self):
        import igraph  # imported before any timing

        self.igraph = igraph

    def load(self, path):
        self.g = self.igraph.Graph.Read_Ncol(path, names=True, directed=True, weights=False)

    def nodes(self):
        return self.g.vs["name"]

    def pagerank(self):
        return self.g.pagerank(damping=0.85, directed=True)

    def hits(self):
        h = self.g.hub_score(scale=False)
        a = self.g.authority_score(scale=False)
        sh, sa = sum(h), sum(a)
        return [x / sh for x in h], [x / sa for x in a]

    def betweenness(self):
        n = self.g.vcount()
        b = self.g.betweenness(directed=True)
        if n <= 2:
            return b
        f = 1.0 / ((n - 1) * (n - 2))
        return [x * f for x in b]


class NetworkX:
    def __init__(self):
        import networkx as nx  # imported before any timing

        self.nx = nx

    def load(self, path):
        nx = self.nx
        self.g = nx.read_edgelist(path, create_using=nx.DiGraph, nodetype=str, delimiter="\t", data=False)

    def nodes(self):
        return list(self.g.nodes())

    def pagerank(self):
        n = self.g.number_of_nodes()
        pr = self.nx.pagerank(self.g, alpha=0.85, tol=1e-14 / n, max_iter=10000)
        return [pr[v] for v in self.g.nodes()]

    def hits(self):
        h, a = self.nx.hits(self.g)
        return [h[v] for v in self.g.nodes()], [a[v] for v in self.g.nodes()]

    def betweenness(self):
        b = self.nx.betweenness_centrality(self.g, normalized=True)
        return [b[v] for v in self.g.nodes()]


LIBS = {"igraph": IGraph, "networkx": NetworkX}


def metrics(lib, path):
    lib.load(path)
    h, a = lib.hits()
    return {
        "nodes": lib.nodes(),
        "pagerank": lib.pagerank(),
        "hubs": h,
        "authorities": a,
        "betweenness": lib.betweenness(),
    }


def bench(lib, path, betweenness):
    out = {}
    t = time.perf_counter()
    lib.load(path)
    out["load"] = time.perf_counter() - t
    t = time.perf_counter()
    lib.pagerank()
    out["pagerank"] = time.perf_counter() - t
    t = time.perf_counter()
    lib.hits()
    out["hits"] = time.perf_counter() - t
    out["peak_after_hits"] = vm_hwm()
    out["betweenness"] = None
    if betweenness:
        t = time.perf_counter()
        lib.betweenness()
        out["betweenness"] = time.perf_counter() - t
    out["peak"] = vm_hwm()
    return out


def main():
    mode, name, path = sys.argv[1], sys.argv[2], sys.argv[3]
    lib = LIBS[name]()
    if mode == "metrics":
        json.dump(metrics(lib, path), sys.stdout)
    elif mode == "bench":
        json.dump(bench(lib, path, "--betweenness" in sys.argv[4:]), sys.stdout)
    else:
        sys.exit("usage: reference.py metrics|bench igraph|networkx EDGES.tsv [--betweenness]")
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
