// Package load reads external citation graphs into a graph.Compact: edge
// lists (TSV or CSV, `citing cited` per line), GraphML (as citegraph build
// writes it, or networkx and Gephi do) and the Semantic Scholar Datasets
// "citations" shards (JSON Lines with citingcorpusid and citedcorpusid,
// usually gzipped, several files); and optional paper metadata (titles,
// years, citation counts) from Semantic Scholar "papers" shards or a CSV.
//
// Every file is read streaming, never whole into memory; gzipped files
// (by their magic bytes) are decompressed on the fly. A line that cannot be
// read is a Problem naming the file and line, and is skipped: one bad line
// never sinks a whole graph.
package load
