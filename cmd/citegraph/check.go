package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/citegraph/citegraph/bib"
	"github.com/citegraph/citegraph/data"
)

// checkOptions are the parsed flags of "citegraph check".
type checkOptions struct {
	IO       *streams
	ListPath string
	JSON     bool
}

func newCmdCheck(s *streams, runF func(context.Context, *checkOptions) error) *cobra.Command {
	opts := &checkOptions{IO: s}
	cmd := &cobra.Command{
		Use:   "check [LIST]",
		Short: "Read a reading list and print what citegraph reads from it, with no network",
		Long: `Check reads LIST as build would and prints, entry by entry, what it read: the
line, kind (paper or link), family, year, venue, title, identifiers and links,
then every problem with its line. It makes no network call: run it before
spending API calls on a list. With --json it prints one JSON object (its
schema is in the README). Without LIST the embedded model-compression list is
read. A list in which no paper entry is found is an error (exit status 1),
and the message says what the file looked like.`,
		Example: `  citegraph check awesome-pruning.md
  citegraph check refs.bib --json | jq '.entries[] | select(.ids == [])'`,
		Args: positionalArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.ListPath = args[0]
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return checkRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON object (schema in the README)")
	return cmd
}

func checkRun(opts *checkOptions) error {
	var (
		list *bib.List
		err  error
	)
	if opts.ListPath == "" {
		list, err = bib.Parse(data.SeedListName, data.SeedList)
	} else {
		list, err = bib.ParseFile(opts.ListPath)
	}
	if err != nil {
		return err
	}
	if opts.JSON {
		err = writeCheckJSON(opts.IO.Out, list)
	} else {
		err = writeCheckText(opts.IO.Out, list)
	}
	if err != nil {
		return err
	}
	if len(list.Papers()) == 0 {
		return fmt.Errorf("%s: %s", list.Name, list.Describe())
	}
	return nil
}

// checkJSON is the --json output of check; its fields are a stable schema
// (see the README).
type checkJSON struct {
	File     string         `json:"file"`
	Format   string         `json:"format"`
	Summary  string         `json:"summary"`
	Families []checkFamily  `json:"families"`
	Entries  []checkEntry   `json:"entries"`
	Problems []checkProblem `json:"problems"`
}

type checkFamily struct {
	Name   string `json:"name"`
	Slug   string `json:"slug"`
	Line   int    `json:"line"`
	Papers int    `json:"papers"`
	Links  int    `json:"links"`
}

type checkEntry struct {
	Line   int      `json:"line"`
	Kind   string   `json:"kind"`
	Family string   `json:"family"`
	Title  string   `json:"title"`
	Year   int      `json:"year"`
	Venue  string   `json:"venue"`
	IDs    []string `json:"ids"`
	URLs   []string `json:"urls"`
}

type checkProblem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func writeCheckJSON(w io.Writer, l *bib.List) error {
	out := checkJSON{File: l.Name, Format: l.Format, Summary: l.Describe(),
		Families: []checkFamily{}, Entries: []checkEntry{}, Problems: []checkProblem{}}
	for _, f := range l.Families {
		out.Families = append(out.Families, checkFamily{f.Name, f.Slug, f.Line, f.Papers, f.Links})
	}
	for _, e := range l.Entries {
		ce := checkEntry{Line: e.Line, Kind: string(e.Kind), Family: e.Family, Title: e.Title, Year: e.Year,
			Venue: e.Venue, IDs: e.IDs.List(), URLs: e.URLs}
		if ce.IDs == nil {
			ce.IDs = []string{}
		}
		if ce.URLs == nil {
			ce.URLs = []string{}
		}
		out.Entries = append(out.Entries, ce)
	}
	for _, p := range l.Problems {
		out.Problems = append(out.Problems, checkProblem{p.Line, problemText(p)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeCheckText prints the list family by family: one line per entry
// (line, kind, year, venue, title), its identifiers and links indented
// under it, then the problems.
func writeCheckText(w io.Writer, l *bib.List) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s: %s\n", l.Name, l.Describe())
	byFam := map[string][]bib.Entry{}
	for _, e := range l.Entries {
		byFam[e.Family] = append(byFam[e.Family], e)
	}
	for _, f := range l.Families {
		fmt.Fprintf(tw, "\n## %s (%s, %s)\n", f.Name, countOf(f.Papers, "paper"), countOf(f.Links, "link"))
		for _, e := range byFam[f.Name] {
			year := "-"
			if e.Year != 0 {
				year = fmt.Sprint(e.Year)
			}
			venue := e.Venue
			if venue == "" {
				venue = "-"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", e.Line, e.Kind, year, venue, quoteTitle(e.Title))
			if ids := e.IDs.List(); len(ids) > 0 {
				fmt.Fprintf(tw, "\t\tids: %s\n", strings.Join(ids, " "))
			}
			for _, u := range e.URLs {
				fmt.Fprintf(tw, "\t\tlink: %s\n", u)
			}
		}
	}
	if len(l.Problems) > 0 {
		fmt.Fprintf(tw, "\n%d problem(s):\n", len(l.Problems))
		for _, p := range l.Problems {
			fmt.Fprintf(tw, "%s:%d: %s\n", p.File, p.Line, problemText(p))
		}
	}
	return tw.Flush()
}

// countOf says "1 paper", "2 papers".
func countOf(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// quoteTitle shows a title in quotes, or "(no title)".
func quoteTitle(t string) string {
	if t == "" {
		return "(no title)"
	}
	return fmt.Sprintf("%q", t)
}
