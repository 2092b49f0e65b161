// Package data holds the files the citegraph binary embeds: the default
// reading list (the model-compression awesome-list) and the Semantic Scholar
// snapshot of its papers, so that the main job runs with no network.
package data

import _ "embed"

// SeedList is the embedded default reading list, an awesome-list in Markdown.
//
//go:embed model-compression.md
var SeedList []byte

// SeedListName is the name under which the embedded list is reported.
const SeedListName = "model-compression.md"

// Snapshot holds one Semantic Scholar paper object per line (JSON Lines),
// in the API's shape; see README.md beside this file.
//
//go:embed model-compression.s2.jsonl
var Snapshot []byte

// SnapshotDate is the day the snapshot's records were read from Semantic Scholar.
const SnapshotDate = "2022-07-23"

// SnapshotYear is the year of SnapshotDate, used for citations per year.
const SnapshotYear = 2022

// Credit is the attribution Semantic Scholar's terms ask of artefacts built
// from the snapshot.
const Credit = "Data: Semantic Scholar (semanticscholar.org), snapshot of " + SnapshotDate
