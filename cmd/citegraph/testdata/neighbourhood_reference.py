#!/usr/bin/python3
"""Independent reference for `citegraph build --expand` against the fake
Semantic Scholar server (fetch/fetchtest) serving a corpus file.

Usage: neighbourhood_reference.py CORPUS.jsonl RESOLUTION.json MIN_LINKS

It reads the corpus the fake serves and the list papers the build resolved
(resolution.json), and computes from them alone, with the rules README.md
and graph.Neighbourhood document:

  - the citation lists the fake serves (its references inverted by id),
    and how many pages of 1,000 each walk takes;
  - prior works (outside papers the list papers' references hold) and
    derivative works (outside papers the list papers' citation lists hold),
    with the list papers each connects to;
  - the records the build must fetch (prior and derivative works linked to
    at least MIN_LINKS list papers that have an id), in batches of 500;
  - co-citation and bibliographic coupling counts for every pair of list
    papers, and for every list paper and suggested (prior or derivative)
    work, over the citations known: list papers' references, their
    citation lists, and the fetched records' references.

It prints one JSON object. Outside papers are reported with their alias
sets, so the caller matches them to the build's ids by alias. It shares no
code with citegraph.
"""

import json
import math
import sys
import unicodedata


def normalize_title(t):
    """Accents folded, lower case, every run of non-letters/digits one space."""
    t = unicodedata.normalize("NFKD", t or "")
    t = "".join(c for c in t if unicodedata.category(c) != "Mn")
    t = unicodedata.normalize("NFC", t)
    out, space = [], False
    for c in t:
        cat = unicodedata.category(c)
        if cat.startswith("L") or cat == "Nd":
            if space and out:
                out.append(" ")
            space = False
            low = c.lower()
            out.append(low if len(low) == 1 else c)
        else:
            space = True
    return "".join(out)


def ext(p, k):
    v = (p.get("externalIds") or {}).get(k)
    return "" if v is None else str(v)


def ids(p):
    """paperId, arXiv, DOI (lower case), corpus id of a record or item."""
    corpus = p.get("corpusId")
    corpus = "" if corpus is None else str(corpus)
    if not corpus:
        corpus = ext(p, "CorpusId")
    return [p.get("paperId") or "", ext(p, "ArXiv"), ext(p, "DOI").lower(), corpus]


def id_keys(p):
    s2, ax, doi, corpus = ids(p)
    keys = []
    for pre, v in (("", s2), ("ARXIV:", ax), ("DOI:", doi), ("CorpusId:", corpus)):
        if v:
            keys.append(pre + v)
    return keys


def title_key(p):
    t = normalize_title(p.get("title"))
    return "TITLE:" + t if t else ""


def identified(p):
    return bool(id_keys(p) or title_key(p))


def api_id(p):
    s2, ax, doi, corpus = p.get("paperId") or "", ext(p, "ArXiv"), ext(p, "DOI"), ids(p)[3]
    if s2:
        return s2
    if ax:
        return "ARXIV:" + ax
    if doi:
        return "DOI:" + doi
    if corpus:
        return "CorpusId:" + corpus
    return ""


def key(p):
    return api_id(p) or "TITLE:" + normalize_title(p.get("title"))


# --- the fake's inversion of references (its citations endpoint) ---------

def fake_record_ids(p):
    out = []
    if p.get("paperId"):
        out.append(p["paperId"].lower())
    if p.get("corpusId") not in (None, ""):
        out.append("CORPUSID:" + str(p["corpusId"]))
    prefixes = {"ArXiv": "ARXIV:", "DOI": "DOI:", "CorpusId": "CORPUSID:", "MAG": "MAG:",
                "ACL": "ACL:", "PubMed": "PMID:", "PubMedCentral": "PMCID:"}
    x = p.get("externalIds") or {}
    for k in sorted(x):
        if k in prefixes and x[k] is not None and str(x[k]) != "":
            v = str(x[k])
            if k in ("DOI", "ArXiv"):
                v = v.lower()
            out.append(prefixes[k] + v)
    return out


def main():
    corpus_path, resolution_path, min_links = sys.argv[1], sys.argv[2], int(sys.argv[3])
    recs = [json.loads(l) for l in open(corpus_path, encoding="utf-8") if l.strip()]
    by_fake_id = {}
    for i, r in enumerate(recs):
        for k in fake_record_ids(r):
            by_fake_id.setdefault(k, i)

    def fake_lookup(api):
        if len(api) == 40 and all(c in "0123456789abcdefABCDEF" for c in api):
            return by_fake_id.get(api.lower())
        pre, _, val = api.partition(":")
        pre = pre.upper()
        if pre in ("DOI", "ARXIV"):
            val = val.lower()
        return by_fake_id.get({"CORPUSID": "CORPUSID:"}.get(pre, pre + ":") + val)

    citing = {i: [] for i in range(len(recs))}
    for i, r in enumerate(recs):
        seen = set()
        for ref in r.get("references") or []:
            for k in fake_record_ids(ref):
                t = by_fake_id.get(k)
                if t is not None:
                    if t not in seen:
                        seen.add(t)
                        citing[t].append(i)
                    break

    # --- the list papers -------------------------------------------------
    resolution = json.load(open(resolution_path, encoding="utf-8"))
    list_keys = sorted({r["id"] for r in resolution if r["status"] == "resolved"})
    list_rec = {}
    for k in list_keys:
        i = fake_lookup(k)
        if i is None:
            sys.exit("list paper %s is not in the corpus" % k)
        list_rec[k] = recs[i]

    # Alias index of the list: an alias two list papers share matches none.
    AMBIG = object()
    alias = {}
    for k in list_keys:
        p = list_rec[k]
        for a in id_keys(p) + ([title_key(p)] if title_key(p) else []):
            if alias.get(a, k) != k:
                alias[a] = AMBIG
            else:
                alias[a] = k

    def conflict(a, b):
        return any(x and y and x != y for x, y in zip(ids(a), ids(b)))

    def match(p):
        """('list', key), ('ambiguous', None) or ('outside', None)."""
        for a in id_keys(p):
            if a in alias:
                return ("ambiguous", None) if alias[a] is AMBIG else ("list", alias[a])
        t = title_key(p)
        if t and t in alias:
            if alias[t] is AMBIG:
                return ("ambiguous", None)
            if conflict(p, list_rec[alias[t]]):
                return ("outside", None)
            return ("list", alias[t])
        return ("outside", None)

    # --- occurrences -----------------------------------------------------
    occ = []        # outside records and items
    edges = set()   # (from, to): list keys, or ("occ", i)
    prior, deriv = [], []
    walks = {}

    def add_occ(p, record=False):
        occ.append((p, record))
        return ("occ", len(occ) - 1)

    for k in list_keys:
        refs = list_rec[k].get("references")
        if refs is None:
            continue
        for r in refs:
            kind, v = match(r)
            if kind == "list":
                if v != k:
                    edges.add((k, v))
            elif kind == "outside" and identified(r):
                o = add_occ(r)
                edges.add((k, o))
                prior.append((k, o))
    for k in list_keys:
        items = [recs[i] for i in citing[fake_lookup(k)]]
        walks[k] = len(items)
        for c in items:
            item = {f: c.get(f) for f in ("paperId", "title", "externalIds")}
            kind, v = match(item)
            if kind == "list":
                if v != k:
                    edges.add((v, k))
            elif kind == "outside" and identified(item):
                o = add_occ(item)
                edges.add((o, k))
                deriv.append((o, k))

    def group(occ):
        """Union-find: ids join; then equal titles join what no id separates."""
        parent = list(range(len(occ)))
        idsets = [[set(), set(), set(), set()] for _ in occ]
        for i, (p, _) in enumerate(occ):
            for j, v in enumerate(ids(p)):
                if v:
                    idsets[i][j].add(v)

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i, j):
            i, j = find(i), find(j)
            if i == j:
                return i
            if j < i:
                i, j = j, i
            parent[j] = i
            for a in range(4):
                idsets[i][a] |= idsets[j][a]
                idsets[j][a] = set()
            return i

        first, titles = {}, {}
        for i, (p, _) in enumerate(occ):
            t = title_key(p)
            if t:
                titles.setdefault(t, []).append(i)
            for a in id_keys(p):
                if a in first:
                    union(i, first[a])
                else:
                    first[a] = i

        def empty(r):
            return not any(idsets[r])

        def conflicts(r, s):
            return any(idsets[r][a] and idsets[s][a] and not (idsets[r][a] & idsets[s][a]) for a in range(4))

        for t in sorted(titles):
            with_ids, bare, seen = [], [], set()
            for i in titles[t]:
                r = find(i)
                if r in seen:
                    continue
                seen.add(r)
                (bare if empty(r) else with_ids).append(r)
            clusters = []
            for r in with_ids:
                for ci, c in enumerate(clusters):
                    c = find(c)
                    if not conflicts(c, r):
                        clusters[ci] = union(c, r)
                        break
                else:
                    clusters.append(r)
            if len(clusters) <= 1:
                bare += clusters
            for r in bare[1:]:
                union(bare[0], r)
        return [find(i) for i in range(len(occ))]

    # Suggestions before the records: direct links.
    def direct(occ, prior, deriv):
        g = group(occ)
        cited_by, cites = {}, {}
        for k, o in prior:
            cited_by.setdefault(g[o[1]], set()).add(k)
        for o, k in deriv:
            cites.setdefault(g[o[1]], set()).add(k)
        works = {}
        for root in set(cited_by) | set(cites):
            links = cited_by.get(root, set()) | cites.get(root, set())
            if len(links) >= min_links:
                works[root] = (cited_by.get(root, set()), cites.get(root, set()))
        return g, works

    g, works = direct(occ, prior, deriv)

    def aliases_of(root, g):
        a = set()
        for i, (p, _) in enumerate(occ):
            if g[i] == root:
                a.update(id_keys(p))
                if title_key(p):
                    a.add(title_key(p))
        return a

    def best_key(root, g):
        """The key of the group's record: paperId first, then by ids."""
        members = [occ[i][0] for i in range(len(occ)) if g[i] == root]
        s2 = {p.get("paperId") for p in members if p.get("paperId")}
        if len(s2) == 1:
            return s2.pop()
        for pre, j in (("ARXIV:", 1), ("DOI:", 2)):
            vals = {ids(p)[j] for p in members if ids(p)[j]}
            if len(vals) == 1:
                return pre + vals.pop()  # a DOI in lower case, as the client sends it
        return None

    to_fetch = []
    for root in works:
        k = best_key(root, g)
        if k is not None:
            to_fetch.append(k)
    to_fetch = sorted(set(to_fetch))

    # The records the build fetches, and their references.
    fetched = []
    for k in to_fetch:
        i = fake_lookup(k)
        if i is not None:
            fetched.append(recs[i])
    for p in fetched:
        kind, _ = match(p)
        if kind != "outside":
            continue
        ro = add_occ(p, record=True)
        for r in p.get("references") or []:
            kind, v = match(r)
            if kind == "list":
                edges.add((ro, v))
            elif kind == "outside" and identified(r):
                o = add_occ(r)
                edges.add((ro, o))

    g = group(occ)

    def node(e):
        return e if isinstance(e, str) else ("w", g[e[1]])

    out_, in_ = {}, {}
    for a, b in edges:
        a, b = node(a), node(b)
        if a == b:
            continue
        out_.setdefault(a, set()).add(b)
        in_.setdefault(b, set()).add(a)

    suggested = {}
    for root in works:
        cb = {k for k, o in prior if g[o[1]] == g[root]}
        ct = {k for o, k in deriv if g[o[1]] == g[root]}
        suggested[g[root]] = (cb, ct)

    def sim(a, b):
        cc = len(in_.get(a, set()) & in_.get(b, set()))
        cp = len(out_.get(a, set()) & out_.get(b, set()))
        ca, ra = len(in_.get(a, ())), len(out_.get(a, ()))
        cb, rb = len(in_.get(b, ())), len(out_.get(b, ()))
        st = (cc + cp) / math.sqrt((ca + ra) * (cb + rb)) if cc + cp else 0.0
        return cc, cp, st

    # Similar works: outside works other than the prior and derivative
    # ones that share at least MIN_LINKS citers or references with each of
    # at least MIN_LINKS list papers.
    similar = {}
    works_all = {node(("occ", i)) for i in range(len(occ))}
    for w in sorted(works_all):
        if w[1] in suggested:
            continue
        to = [a for a in list_keys if sum(sim(a, w)[:2]) >= min_links]
        if len(to) >= min_links:
            similar[w[1]] = to
    record_groups = {g[i] for i, (_, rec) in enumerate(occ) if rec}
    second = sorted({k for k in (best_key(w, g) for w in similar if w not in record_groups) if k} - set(to_fetch))

    pairs = []
    for i, a in enumerate(list_keys):
        for b in list_keys[i + 1:]:
            cc, cp, st = sim(a, b)
            if cc or cp:
                pairs.append({"a": a, "b": b, "cocitation": cc, "coupling": cp, "strength": st})
    outside_pairs = []
    for w in sorted(suggested):
        al = sorted(aliases_of(w, g))
        for a in list_keys:
            cc, cp, st = sim(a, ("w", w))
            if cc or cp:
                outside_pairs.append({"list": a, "aliases": al, "cocitation": cc, "coupling": cp, "strength": st})

    print(json.dumps({
        "list": list_keys,
        "citationPages": {k: max(1, math.ceil(n / 1000)) for k, n in walks.items()},
        "citations": walks,
        "batches": math.ceil(len(to_fetch) / 500) + math.ceil(len(second) / 500),
        "fetch": to_fetch + second,
        "similar": [
            {"aliases": sorted(aliases_of(w, g)), "similarTo": sorted(to)}
            for w, to in sorted(similar.items())
        ],
        "suggestions": [
            {"aliases": sorted(aliases_of(w, g)), "citedBy": sorted(cb), "cites": sorted(ct)}
            for w, (cb, ct) in sorted(suggested.items())
        ],
        "pairs": pairs,
        "outsidePairs": outside_pairs,
    }, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
