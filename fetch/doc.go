// Package fetch resolves reading-list entries to paper records: the Source
// interface and its implementations (the embedded Semantic Scholar snapshot
// and the live Semantic Scholar Academic Graph API client), the on-disk cache,
// and the resolver that turns Entries into Resolutions.
package fetch
