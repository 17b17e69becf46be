package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/cache"
	"github.com/palisadesec/palisade/pkg/vulndb"
)

const defaultDBRepository = "ghcr.io/aquasecurity/trivy-db:2"

// dbOptions say where the vulnerability DB lives and when it may be fetched.
type dbOptions struct {
	CacheDir     string
	DBPath       string
	Repositories []string
	SkipUpdate   bool
	Offline      bool
	DBInsecure   bool
}

func (o *dbOptions) addCacheFlag(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.CacheDir, "cache-dir", "", "cache directory for layer results and the vulnerability DB (default: the user cache dir/palisade)")
}

func (o *dbOptions) addFlags(cmd *cobra.Command) {
	o.addCacheFlag(cmd)
	f := cmd.Flags()
	f.StringVar(&o.DBPath, "db", "", "use this vulnerability DB (a directory holding trivy.db and metadata.json, or a trivy.db file); never updated")
	f.StringSliceVar(&o.Repositories, "db-repository", []string{defaultDBRepository}, "OCI repositories of the trivy-db artifact, tried in order")
	f.BoolVar(&o.SkipUpdate, "skip-db-update", false, "do not update the vulnerability DB even when it is stale")
	f.BoolVar(&o.Offline, "offline", false, "never touch the network for the vulnerability DB (implies --skip-db-update)")
	f.BoolVar(&o.DBInsecure, "db-insecure", false, "allow plain-HTTP and self-signed registries for the DB download")
}

func (o *dbOptions) cacheDir() (string, error) {
	if o.CacheDir != "" {
		return o.CacheDir, nil
	}
	return cache.DefaultDir()
}

func (o *dbOptions) dbDir(cacheDir string) string { return filepath.Join(cacheDir, "db") }

// open returns a ready DB, updating it first when it is missing or stale and
// the network may be used.
func (o *dbOptions) open(ctx context.Context, s Streams, cacheDir string, now time.Time) (*vulndb.DB, error) {
	if o.DBPath != "" {
		return vulndb.Open(o.DBPath)
	}
	dir := o.dbDir(cacheDir)
	if !o.SkipUpdate && !o.Offline {
		need, reason, err := vulndb.NeedsUpdate(dir, now)
		if err != nil {
			return nil, err
		}
		if need {
			fmt.Fprintf(s.Err, "Updating the vulnerability DB (%s)...\n", reason)
			if err := o.update(ctx, s, dir); err != nil {
				// A stale but intact DB is still worth scanning with.
				if db, oerr := vulndb.Open(dir); oerr == nil {
					fmt.Fprintf(s.Err, "warning: DB update failed, scanning with the existing DB: %v\n", err)
					return db, nil
				}
				return nil, err
			}
		}
	}
	if st, err := vulndb.Stat(dir); err == nil {
		if stale, reason := st.Stale(now); stale {
			fmt.Fprintf(s.Err, "warning: the vulnerability DB is stale (%s); results may miss recent vulnerabilities\n", reason)
		}
	}
	return vulndb.Open(dir)
}

func (o *dbOptions) update(ctx context.Context, s Streams, dir string) error {
	var progress io.Writer
	if isTerminal(s.Err) {
		progress = s.Err
	}
	return vulndb.Update(ctx, dir, o.Repositories, vulndb.WithInsecure(o.DBInsecure), vulndb.WithProgress(progress))
}

func newDBCmd(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Manage the vulnerability database",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newDBUpdateCmd(s), newDBStatusCmd(s))
	return cmd
}

func newDBUpdateCmd(s Streams) *cobra.Command {
	o := &dbOptions{}
	cmd := &cobra.Command{
		Use:   "update",
		Short: "Download the latest trivy-db vulnerability database",
		Long: `Download the trivy-db OCI artifact, verify it and swap it in atomically: an
interrupted download never leaves a broken database behind.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cacheDir, err := o.cacheDir()
			if err != nil {
				return err
			}
			dir := o.dbDir(cacheDir)
			if err := o.update(cmd.Context(), s, dir); err != nil {
				return err
			}
			st, err := vulndb.Stat(dir)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Err, "Vulnerability DB updated: %s (built %s)\n", dir, st.Metadata.UpdatedAt.Format(time.RFC3339))
			return nil
		},
	}
	o.addCacheFlag(cmd)
	cmd.Flags().StringSliceVar(&o.Repositories, "db-repository", []string{defaultDBRepository}, "OCI repositories of the trivy-db artifact, tried in order")
	cmd.Flags().BoolVar(&o.DBInsecure, "insecure", false, "allow plain-HTTP and self-signed registries")
	return cmd
}

func newDBStatusCmd(s Streams) *cobra.Command {
	o := &dbOptions{}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the vulnerability database's version, age and next update",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir := o.DBPath
			if dir == "" {
				cacheDir, err := o.cacheDir()
				if err != nil {
					return err
				}
				dir = o.dbDir(cacheDir)
			}
			now := time.Now()
			st, err := vulndb.Stat(dir)
			if err != nil {
				return err
			}
			if !st.HasMetadata {
				_, err = fmt.Fprintf(s.Out, "Path:        %s\nSize:        %d bytes\nMetadata:    none (metadata.json missing: age unknown)\n", st.Path, st.Size)
				return err
			}
			m := st.Metadata
			next := formatTime(m.NextUpdate)
			if stale, reason := st.Stale(now); stale {
				next += " (stale: " + reason + "; the next scan updates it)"
			}
			_, err = fmt.Fprintf(s.Out, "Path:        %s\nSchema:      %d\nUpdated at:  %s\nDownloaded:  %s\nAge:         %s\nNext update: %s\nSize:        %d bytes\n",
				st.Path, m.Version, formatTime(m.UpdatedAt), formatTime(m.DownloadedAt), st.Age(now).Round(time.Minute), next, st.Size)
			return err
		},
	}
	o.addCacheFlag(cmd)
	cmd.Flags().StringVar(&o.DBPath, "db", "", "show this DB directory instead of the cached one")
	return cmd
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.Format(time.RFC3339)
}

func newCacheCmd(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Manage the layer cache",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	o := &dbOptions{}
	var all bool
	clean := &cobra.Command{
		Use:   "clean",
		Short: "Remove cached layer results (and the DB with --all)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := o.cacheDir()
			if err != nil {
				return err
			}
			if err := cache.Clean(dir); err != nil {
				return err
			}
			if all {
				if err := os.RemoveAll(o.dbDir(dir)); err != nil && !errors.Is(err, os.ErrNotExist) {
					return fmt.Errorf("removing the vulnerability DB: %w", err)
				}
			}
			fmt.Fprintf(s.Err, "Cache cleaned: %s\n", dir)
			return nil
		},
	}
	o.addCacheFlag(clean)
	clean.Flags().BoolVar(&all, "all", false, "also remove the downloaded vulnerability DB")
	cmd.AddCommand(clean)
	return cmd
}
