package index

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/soudan-desk/soudan/dictsnap"
	"github.com/soudan-desk/soudan/lattice"
)

// DictCacheOff, given as the snapshot folder, turns the snapshot off.
const DictCacheOff = "off"

// DictCacheEnv names the environment variable that sets the snapshot
// folder of every soudan command.
const DictCacheEnv = "SOUDAN_DICT_CACHE"

var dictCache struct {
	mu  sync.Mutex
	dir string
	set bool
}

// SetDictCache sets the folder where [Default] keeps its dictionary
// snapshot ([DictCacheOff] or "": none), in place of [DefaultDictCache].
// It has effect only before Default's first call.
func SetDictCache(dir string) {
	dictCache.mu.Lock()
	defer dictCache.mu.Unlock()
	dictCache.dir, dictCache.set = dir, true
}

// DefaultDictCache is the snapshot folder [Default] uses unless
// [SetDictCache] says otherwise: $SOUDAN_DICT_CACHE if set, else "soudan"
// in the user's cache folder ([os.UserCacheDir]: $XDG_CACHE_HOME or
// ~/.cache on Linux), or [DictCacheOff] when there is no such folder.
func DefaultDictCache() string {
	if dir := os.Getenv(DictCacheEnv); dir != "" {
		return dir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return DictCacheOff
	}
	return filepath.Join(base, "soudan")
}

func dictCacheDir() string {
	dictCache.mu.Lock()
	defer dictCache.mu.Unlock()
	dir := dictCache.dir
	if !dictCache.set {
		dir = DefaultDictCache()
	}
	if dir == DictCacheOff {
		return ""
	}
	return dir
}

// DictLoad says how [Default] loaded the dictionary.
type DictLoad struct {
	// Snapshot is the snapshot file read, or being written after a load
	// from kagome's files; "" without a snapshot folder.
	Snapshot string
	// FromSnapshot is true when the dictionary came from Snapshot.
	FromSnapshot bool
	// Took is the load's wall time, the lexicon's packing included.
	Took time.Duration
}

var (
	dictLoaded DictLoad
	// saving is the background write of a new snapshot; saveErr its
	// outcome.
	saving  sync.WaitGroup
	saveErr error
)

// DictLoaded reports how [Default] loaded the dictionary; it calls
// Default first.
func DictLoaded() DictLoad {
	Default()
	return dictLoaded
}

// WaitDictSnapshot waits until the snapshot that [Default] writes after
// loading kagome's files is written, and returns the write's error (nil
// when there was nothing to write). Short-lived commands call it before
// they exit, so that the next run starts from the snapshot.
func WaitDictSnapshot() error {
	saving.Wait()
	return saveErr
}

// dictSource is where loadDict looks for a snapshot: the folder ("" for
// none), the running binary's dictionary key (or why it has none) and the
// logger of its one line about a missing or bad snapshot.
type dictSource struct {
	dir    string
	key    string
	keyErr error
	log    *slog.Logger
}

// defaultSource is the process's dictSource.
func defaultSource() dictSource {
	key, err := dictsnap.BuildKey()
	return dictSource{dir: dictCacheDir(), key: key, keyErr: err, log: slog.Default()}
}

// loadDict loads the dictionary and soudan's lexicon of it: from the
// snapshot when there is a good one, else from kagome's embedded files,
// writing a new snapshot in the background. A missing, stale or damaged
// snapshot costs one log line and the slower load, never the process.
func loadDict(src dictSource) (*dict.Dict, *lexicon, DictLoad) {
	start := time.Now()
	cache := dictsnap.Cache{Dir: src.dir}
	switch {
	case cache.Dir == "":
	case src.keyErr != nil:
		src.log.Info("dictionary snapshot off", "err", src.keyErr)
		cache.Dir = ""
	default:
		path := cache.Path(src.key)
		s, err := cache.Load(src.key)
		if err == nil {
			lex := &lexicon{text: s.Lexicon.Text, off: s.Lexicon.Off, tags: s.Dict.POSTable}
			return s.Dict, lex, DictLoad{Snapshot: path, FromSnapshot: true, Took: time.Since(start)}
		}
		if errors.Is(err, os.ErrNotExist) {
			src.log.Info("no dictionary snapshot yet: loading kagome's dictionary, then writing one", "path", path)
		} else {
			src.log.Warn("dictionary snapshot ignored: loading kagome's dictionary, then writing a new one", "path", path, "err", err)
		}
	}
	d, lex := kagomeDict()
	load := DictLoad{Took: time.Since(start)}
	if cache.Dir != "" {
		load.Snapshot = cache.Path(src.key)
		saveSnapshot(cache, src, &dictsnap.Snapshot{Dict: d, Lexicon: dictsnap.Lexicon{Text: lex.text, Off: lex.off}})
	}
	return d, lex, load
}

// saveSnapshot writes s in the background (see [WaitDictSnapshot]).
func saveSnapshot(cache dictsnap.Cache, src dictSource, s *dictsnap.Snapshot) {
	saving.Add(1)
	go func() {
		defer saving.Done()
		began := time.Now()
		path := cache.Path(src.key)
		if saveErr = cache.Save(s, src.key); saveErr != nil {
			src.log.Warn("dictionary snapshot not written", "path", path, "err", saveErr)
			return
		}
		src.log.Info("dictionary snapshot written", "path", path, "took", time.Since(began).Round(time.Millisecond))
	}()
}

// kagomeDict loads the IPA dictionary from kagome's embedded files and
// packs soudan's lexicon of it, once per process: it takes kagome's
// feature strings away from kagome's process-wide dictionary.
var kagomeDict = sync.OnceValues(func() (*dict.Dict, *lexicon) {
	d := ipa.Dict()
	// The lexicon keeps the features soudan reads; kagome's own copy
	// (Contents) would cost every garbage collection a scan of two
	// million strings. Nothing else in the process reads them: tokens
	// from [Analyzer.Tokenizer] keep their part of speech.
	lex := newLexicon(d)
	d.Contents = nil
	packPOS(d)
	// Lattices read the connection costs of ids renumbered hot-first
	// through fewer cache lines; tokens do not change. On an error d is
	// left alone, and the mode analyser will not take it either.
	_ = lattice.Renumber(d)
	return d, lex
})
