package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/dupes"
	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/insights"
	"github.com/soudan-desk/soudan/mask"
	"github.com/soudan-desk/soudan/store"
	"github.com/soudan-desk/soudan/web"
)

func init() {
	register(command{name: "store", short: "back up the SQLite store, or copy marks, searches and feedback between stores", run: runStore})
}

// storeFlags select the store: SQLite in --data, or PostgreSQL at --db.
type storeFlags struct {
	data string
	db   string
}

func (f *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.data, "data", envOr("SOUDAN_DATA", "soudan-data"), "data `folder` of the SQLite store, DIR/soudan.db (env SOUDAN_DATA)")
	fs.StringVar(&f.db, "db", envOr("SOUDAN_DB", ""), "PostgreSQL `URL` (postgres://…) to use instead of SQLite, for several replicas (env SOUDAN_DB)")
}

func (f *storeFlags) config() store.Config { return store.Config{DataDir: f.data, URL: f.db} }

// check refuses a --data that is not a folder path (a URL, a key=value
// connection string), which would otherwise become a folder of that name,
// and a --db that is not a postgres:// URL. Messages never repeat a
// password.
func (f *storeFlags) check() error {
	if f.db != "" {
		if c, err := store.ParseLocation(f.db); err != nil || c.URL == "" {
			return fmt.Errorf("--db: %s is not a postgres:// URL", store.RedactURL(f.db))
		}
		if err := store.CheckURL(f.db); err != nil {
			return fmt.Errorf("--db: %s: %w", store.RedactURL(f.db), err)
		}
		return nil
	}
	if err := store.CheckDataDir(f.data); err != nil {
		return fmt.Errorf("--data: %w", err)
	}
	return nil
}

// explicit reports whether the store was named (--data, --db or their
// environment variables) rather than left to the default folder.
func (f *storeFlags) explicit(fs *flag.FlagSet) bool {
	named := f.db != "" || os.Getenv("SOUDAN_DATA") != ""
	fs.Visit(func(fl *flag.Flag) { named = named || fl.Name == "data" })
	return named
}

// checkOutside refuses a SQLite data folder inside the corpus folder:
// soudan never writes inside the corpus folder.
func (f *storeFlags) checkOutside(corpusDir string) error {
	if f.db != "" || corpusDir == "" {
		return nil
	}
	data, err1 := filepath.Abs(f.data)
	corpus, err2 := filepath.Abs(corpusDir)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if rel, err := filepath.Rel(corpus, data); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("the data folder %s is inside the corpus folder %s: soudan never writes there; choose another --data", f.data, corpusDir)
	}
	return nil
}

// recordFlags are serve's recording flags.
type recordFlags struct {
	retention string
	noRecord  bool
}

func (f *recordFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.retention, "retention", envOr("SOUDAN_RETENTION", "90d"), "how long searches and feedback are kept: `days` such as 90d, or a duration such as 36h; from an hour to 36500d (env SOUDAN_RETENTION)")
	fs.BoolVar(&f.noRecord, "no-record", envBool("SOUDAN_NO_RECORD"), "record no searches or feedback; insights show what is already stored (env SOUDAN_NO_RECORD=1)")
}

// envBool reads a boolean environment variable: 1, true, yes or on.
func envBool(key string) bool {
	switch strings.ToLower(os.Getenv(key)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// maxRetentionDays bounds --retention: 100 years, far below the ~292
// years where a time.Duration overflows.
const maxRetentionDays = 36500

// parseRetention reads "90d" (days) or a Go duration ("36h"), from an
// hour to maxRetentionDays.
func parseRetention(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	tooLarge := fmt.Errorf("retention %q: too large (at most %d days)", s, maxRetentionDays)
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		switch {
		case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(days, "-"), err == nil && n > maxRetentionDays:
			return 0, tooLarge
		case err != nil:
			return 0, fmt.Errorf("retention %q: want days such as 90d, or a duration such as 36h", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("retention %q: want days such as 90d, or a duration such as 36h", s)
		}
	}
	switch {
	case d < time.Hour:
		return 0, fmt.Errorf("retention %q: must be at least an hour", s)
	case d > maxRetentionDays*24*time.Hour:
		return 0, tooLarge
	}
	return d, nil
}

// legacyMarksFiles are the marks files of earlier versions that are
// imported into the store once: --marks (or SOUDAN_MARKS) when given, else
// dupes-marks.json in the corpus folder and ./soudan-marks.json.
func legacyMarksFiles(flagValue, corpusDir string) []string {
	if flagValue != "" {
		return []string{flagValue}
	}
	files := []string{"soudan-marks.json"}
	if corpusDir != "" {
		files = append(files, filepath.Join(corpusDir, "dupes-marks.json"))
	}
	return files
}

// openStore opens the configured store behind a Guard (a broken store
// leaves everything else working) and imports the marks files of earlier
// versions once, as soon as the store is open: at start, or when a store
// that failed to open comes back.
func openStore(ctx context.Context, f *storeFlags, marksFlag, corpusDir string, logger *slog.Logger) *store.Guard {
	return store.NewGuardThen(ctx, f.config(), logger, func(ctx context.Context, g *store.Guard) {
		importLegacyMarks(ctx, g, marksFlag, corpusDir, logger)
	})
}

// importLegacyMarks imports the marks files of earlier versions into the
// store, each once.
func importLegacyMarks(ctx context.Context, g *store.Guard, marksFlag, corpusDir string, logger *slog.Logger) {
	for _, file := range legacyMarksFiles(marksFlag, corpusDir) {
		n, err := dupes.ImportMarksFile(ctx, g, file)
		if err != nil {
			logger.Warn("marks file not imported", slog.String("file", file), slog.String("err", err.Error()))
		} else if n > 0 {
			logger.Info("marks file imported into the store", slog.String("file", file), slog.Int("marks", n))
		}
	}
}

// recording is serve's store and what uses it: the duplicate finder's
// marks and the search insights.
type recording struct {
	store    *store.Guard
	marks    *dupes.Marks
	insights *insights.Service
}

// maskQuery scrubs a query with the process's one kagome tokenizer,
// loaded on first use (the engine's build loads it anyway).
var maskQuery = func() func(string) string {
	m := sync.OnceValue(func() *mask.Masker { return mask.New(index.Default().Tokenizer()) })
	return func(s string) string { return m().Mask(s) }
}()

// openRecording opens serve's store (a broken one leaves everything else
// working: see store.Guard) and the insights service over it. srv is
// called at request time, for the corpus being served.
func openRecording(ctx context.Context, ef *engineFlags, sf *serveFlags, srv func() *web.Server, logger *slog.Logger) (*recording, error) {
	if err := errors.Join(sf.store.check(), sf.store.checkOutside(ef.corpusDir)); err != nil {
		return nil, err
	}
	retention, err := parseRetention(sf.record.retention)
	if err != nil {
		return nil, err
	}
	st := openStore(ctx, &sf.store, sf.marks, ef.corpusDir, logger)
	svc := insights.New(insights.Config{
		Store: st, Mask: maskQuery, Retention: retention, NoRecord: sf.record.noRecord, Logger: logger,
		Corpus: func() *corpus.Corpus {
			if s := srv(); s != nil {
				if e := s.Engine(); e != nil {
					return e.Corpus()
				}
			}
			return nil
		},
	})
	status := st.Status()
	logger.Info("store", slog.String("kind", status.Kind), slog.String("where", sf.store.config().Where()), slog.Bool("ok", status.OK),
		slog.Bool("recording", svc.Recording()), slog.String("retention", retention.String()))
	return &recording{store: st, marks: dupes.NewMarks(st), insights: svc}, nil
}

// status is the store's part of GET /api/status: a ping, so the answer
// is the store's health now.
func (r *recording) status(ctx context.Context) web.StoreStatus {
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_ = r.store.Ping(pctx) // a failure is recorded in the status
	st := r.store.Status()
	return web.StoreStatus{Kind: st.Kind, OK: st.OK, Error: st.Error}
}

// runStore runs `soudan store backup FILE` and `soudan store copy`.
func runStore(ctx context.Context, args []string) error {
	usage := "usage: soudan store backup [--data DIR] FILE\n       soudan store copy --from URL|DIR --to URL|DIR"
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usage)
		return exitError{2, "give an action: backup or copy"}
	}
	switch args[0] {
	case "backup":
		return runStoreBackup(ctx, args[1:])
	case "copy":
		return runStoreCopy(ctx, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(os.Stderr, usage)
		return flag.ErrHelp
	}
	fmt.Fprintln(os.Stderr, usage)
	return exitError{2, fmt.Sprintf("unknown action %q", args[0])}
}

func runStoreBackup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("store backup", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: soudan store backup [--data DIR] FILE\n\nWrites a consistent copy of the SQLite store DIR/soudan.db, which must\nexist, to FILE (VACUUM INTO), while soudan serve keeps running. FILE may\nbe an earlier backup, which is replaced; the live database is refused.\nRestore by stopping soudan and putting FILE in place of DIR/soudan.db.\nA PostgreSQL store (--db, SOUDAN_DB) is refused: use pg_dump.\n\nflags:")
		fs.PrintDefaults()
	}
	data := fs.String("data", envOr("SOUDAN_DATA", "soudan-data"), "data `folder` of the SQLite store (env SOUDAN_DATA; sqlite:DIR too)")
	db := fs.String("db", envOr("SOUDAN_DB", ""), "refused: a PostgreSQL store (env SOUDAN_DB) is backed up with pg_dump")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitError{2, fmt.Sprintf("want one backup FILE (flags before it), got %d arguments %q", fs.NArg(), fs.Args())}
	}
	dir, err := backupSource(fs, *data, *db)
	if err != nil {
		return err
	}
	s, err := store.OpenExistingSQLite(ctx, dir)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Printf("backed up %s to %s\n", s.Path(), fs.Arg(0))
	return nil
}

// backupSource is the SQLite data folder store backup copies. It refuses
// a PostgreSQL store, which pg_dump backs up: a postgres:// --data, a
// --db, or SOUDAN_DB when no --data names a folder (serve would use that
// database, not the folder).
func backupSource(fs *flag.FlagSet, data, db string) (string, error) {
	dataSet, dbSet := false, false
	fs.Visit(func(fl *flag.Flag) { dataSet, dbSet = dataSet || fl.Name == "data", dbSet || fl.Name == "db" })
	refuse := func(url string) error {
		return fmt.Errorf("%s is a PostgreSQL store: store backup copies only a SQLite store (--data DIR); back PostgreSQL up with pg_dump", store.RedactURL(url))
	}
	if db != "" && (dbSet || !dataSet) {
		return "", refuse(db)
	}
	c, err := store.ParseLocation(data)
	switch {
	case err != nil:
		return "", fmt.Errorf("--data: %w", err)
	case c.URL != "":
		return "", refuse(c.URL)
	}
	return c.DataDir, nil
}

// copyEnds reads --from and --to (store.ParseLocation): the source must
// exist, and the two must be different stores.
func copyEnds(from, to string) (src, dst store.Config, err error) {
	if src, err = store.ParseLocation(from); err != nil {
		return src, dst, fmt.Errorf("--from: %w", err)
	}
	if dst, err = store.ParseLocation(to); err != nil {
		return src, dst, fmt.Errorf("--to: %w", err)
	}
	if store.SameStore(src, dst) {
		return src, dst, fmt.Errorf("--from and --to are the same store (%s): nothing to copy", src.Where())
	}
	src.Existing = true
	return src, dst, nil
}

func runStoreCopy(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("store copy", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: soudan store copy --from URL|DIR --to URL|DIR\n\nCopies every mark, search and feedback from one store to another, for\nexample from the SQLite data folder to PostgreSQL, and the record of the\nmarks files imported, which are then not imported again. The source must\nexist, and differ from the target. Records already in the target are\nkept, so the copy can be repeated; the counts printed are the records\nadded.\n\nflags:")
		fs.PrintDefaults()
	}
	from := fs.String("from", "", "source: a postgres:// `URL` or a SQLite data folder")
	to := fs.String("to", "", "target: a postgres:// `URL` or a SQLite data folder")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fs.Usage()
		if fs.NArg() > 0 {
			return exitError{2, fmt.Sprintf("unexpected arguments %q", fs.Args())}
		}
		return exitError{2, "give both --from and --to"}
	}
	srcCfg, dstCfg, err := copyEnds(*from, *to)
	if err != nil {
		return err
	}
	src, err := store.Open(ctx, srcCfg)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, dstCfg)
	if err != nil {
		return err
	}
	defer dst.Close()
	n, err := store.Copy(ctx, dst, src)
	if err != nil {
		return err
	}
	fmt.Printf("copied %d marks, %d searches, %d feedback, %d imported marks files from %s to %s (records the target already held are not counted)\n",
		n.Marks, n.Searches, n.Feedback, n.Imports, srcCfg.Where(), dstCfg.Where())
	return nil
}
