package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/citegraph/citegraph/fetch"
)

func newCmdCache(s *streams) *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Inspect or clear the Semantic Scholar answer cache",
	}
	cmd.PersistentFlags().StringVar(&path, "cache", "", "cache file (default "+defaultCacheHint()+")")
	open := func() (*fetch.DiskCache, error) {
		if path == "" {
			p, err := fetch.DefaultCachePath()
			if err != nil {
				return nil, err
			}
			path = p
		}
		c, err := fetch.OpenExistingCache(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("there is no cache at %s: nothing has been cached there (a build with the live API makes it)", path)
		}
		return c, err
	}
	openStats := func() (*fetch.DiskCache, fetch.CacheStats, error) {
		c, err := open()
		if err != nil {
			return nil, fetch.CacheStats{}, err
		}
		st, err := c.Stats()
		if err != nil {
			c.Close()
			return nil, fetch.CacheStats{}, err
		}
		return c, st, nil
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "stats",
		Short: "Print the number, size and age of cached answers",
		Args:  positionalArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, st, err := openStats()
			if err != nil {
				return err
			}
			defer c.Close()
			fmt.Fprintf(s.Out, "path:    %s\nentries: %d\nbytes:   %d\n", c.Path(), st.Entries, st.Bytes)
			if st.Entries > 0 {
				fmt.Fprintf(s.Out, "oldest:  %s\nnewest:  %s\n", st.Oldest.UTC().Format("2006-01-02 15:04:05Z"), st.Newest.UTC().Format("2006-01-02 15:04:05Z"))
			}
			return nil
		},
	}, &cobra.Command{
		Use:   "clear",
		Short: "Delete every cached answer",
		Args:  positionalArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, st, err := openStats()
			if err != nil {
				return err
			}
			defer c.Close()
			if err := c.Clear(); err != nil {
				return err
			}
			fmt.Fprintf(s.ErrOut, "citegraph: removed %d cached answers from %s\n", st.Entries, c.Path())
			return nil
		},
	})
	return cmd
}
