package index

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/bench"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/dictsnap"
)

const testKey = "github.com/ikawaha/kagome-dict/ipa test h1:x="

// kagomeFull is a tokenizer over kagome's IPA dictionary with its feature
// strings, as kagome itself loads it (see TestMain).
func kagomeFull(t *testing.T) *tokenizer.Tokenizer {
	t.Helper()
	Default()
	full := *ipa.Dict()
	full.Contents = ipaContents
	tok, err := tokenizer.New(&full, tokenizer.OmitBosEos())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// snapshotOf encodes the process's dictionary and lexicon as a snapshot
// file.
func snapshotOf(t *testing.T) []byte {
	t.Helper()
	d, lex := kagomeDict()
	var b bytes.Buffer
	s := &dictsnap.Snapshot{Dict: d, Lexicon: dictsnap.Lexicon{Text: lex.text, Off: lex.off}}
	if err := dictsnap.Encode(&b, s, testKey); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// suiteTexts are analyseTexts plus every query of every evaluation suite.
func suiteTexts(t *testing.T) []string {
	texts := analyseTexts(t)
	paths, err := filepath.Glob("../eval/testdata/*.jsonl")
	if err != nil || len(paths) == 0 {
		t.Fatalf("suites: %v %v", paths, err)
	}
	for _, p := range paths {
		qs, err := bench.LoadQueries(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, qs...)
	}
	return texts
}

// TestSnapshotMatchesKagome checks that the tokenizer and lexicon decoded
// from a snapshot give every text of the default corpus and every suite
// query, in both modes soudan uses, exactly the tokens kagome's own
// dictionary gives: surface, class, morpheme id, positions, part of
// speech, base form and reading; and that an Analyzer over them analyses
// every text as the process's Analyzer does. The snapshot is loaded as
// Default loads it (Cache.Load: mapped, its arrays used in place).
func TestSnapshotMatchesKagome(t *testing.T) {
	ref := kagomeFull(t)
	cache := dictsnap.Cache{Dir: t.TempDir()}
	if err := os.WriteFile(cache.Path(testKey), snapshotOf(t), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := cache.Load(testKey)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := tokenizer.New(s.Dict, tokenizer.OmitBosEos())
	if err != nil {
		t.Fatal(err)
	}
	lex := &lexicon{text: s.Lexicon.Text, off: s.Lexicon.Off, tags: s.Dict.POSTable}
	texts, n := suiteTexts(t), 0
	for _, text := range texts {
		norm := corpus.Normalize(text)
		for _, mode := range []tokenizer.TokenizeMode{tokenizer.Normal, tokenizer.Search} {
			want, got := ref.Analyze(norm, mode), tok.Analyze(norm, mode)
			if len(got) != len(want) {
				t.Fatalf("%q mode %v: %d tokens, kagome %d", norm, mode, len(got), len(want))
			}
			for i := range want {
				if g, w := snapToken(got[i], lex), kagomeToken(want[i]); g != w {
					t.Fatalf("%q mode %v token %d:\n got %s\nwant %s", norm, mode, i, g, w)
				}
				n++
			}
		}
	}
	t.Logf("%d texts, %d tokens compared", len(texts), n)
	sameAnalyses(t, Default(), s.Dict, lex, texts)
}

// kagomeToken and snapToken describe a token: kagome's own reading of
// its features, and the snapshot lexicon's.
func kagomeToken(tk tokenizer.Token) string {
	base, _ := tk.BaseForm()
	reading, _ := tk.Reading()
	return tokenString(tk, tk.POS(), base, reading)
}

func snapToken(tk tokenizer.Token, lx *lexicon) string {
	p, want := lx.pos(tk), tk.POS()
	if p.n != len(want) || p.n > 0 && p.s[0] != want[0] || p.n > 1 && p.s[1] != want[1] {
		return "lexicon POS " + strings.Join(p.s[:], ",") + " differs from the token's"
	}
	return tokenString(tk, tk.POS(), lx.baseForm(tk), lx.reading(tk))
}

func tokenString(tk tokenizer.Token, pos []string, base, reading string) string {
	return strings.Join([]string{tk.String(), tk.Class.String(), strings.Join(pos, ","), base, reading}, " | ")
}

// TestLoadDictFallback checks loadDict with each kind of snapshot: a
// missing, truncated, corrupt or stale one is ignored with one log line,
// the dictionary comes from kagome, and a good snapshot is written in
// its place; a good one is used.
func TestLoadDictFallback(t *testing.T) {
	good := snapshotOf(t)
	stale := bytes.Clone(good)
	stale[len("soudanDS")]++ // the format version
	cases := []struct {
		name  string
		file  []byte // nil: no file
		warns int
	}{
		{"missing", nil, 0},
		{"empty", []byte{}, 1},
		{"truncated", good[:len(good)/2], 1},
		{"corrupt", corruptAt(good, len(good)-1000), 1},
		{"stale format", stale, 1},
		{"garbage", []byte(strings.Repeat("壊れた", 100)), 1},
		{"good", good, 0},
	}
	ref := Default()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			var logs bytes.Buffer
			src := dictSource{dir: dir, key: testKey, log: slog.New(slog.NewTextHandler(&logs, nil))}
			path := dictsnap.Cache{Dir: dir}.Path(testKey)
			if c.file != nil {
				if err := os.WriteFile(path, c.file, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			d, lex, load := loadDict(src)
			if err := WaitDictSnapshot(); err != nil {
				t.Fatal(err)
			}
			if load.FromSnapshot != (c.name == "good") || load.Snapshot != path {
				t.Errorf("load = %+v", load)
			}
			if got := strings.Count(logs.String(), "level=WARN"); got != c.warns {
				t.Errorf("%d warnings, want %d:\n%s", got, c.warns, logs.String())
			}
			if _, err := (dictsnap.Cache{Dir: dir}).Load(testKey); err != nil {
				t.Errorf("snapshot after the load: %v", err)
			}
			sameAnalyses(t, ref, d, lex, analyseTexts(t)[:300])
		})
	}
}

func corruptAt(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 0xff
	return b
}

// sameAnalyses checks that an Analyzer over d and lex (as Default makes
// it) analyses texts as ref does.
func sameAnalyses(t *testing.T, ref *Analyzer, d *dict.Dict, lex *lexicon, texts []string) {
	t.Helper()
	a := newAnalyzer(d, lex)
	if a.modes == nil {
		t.Fatal("no mode analyser")
	}
	for _, text := range texts {
		if g, w := a.Analyse(text), ref.Analyse(text); !slices.Equal(g.Terms, w.Terms) || !slices.Equal(g.Words, w.Words) || g.Reading != w.Reading || g.Acted != w.Acted {
			t.Fatalf("%q: %+v, want %+v", text, g, w)
		}
	}
}

// TestLoadDictNoSnapshot checks the two ways to have no snapshot: no
// folder, and a binary without dictionary versions to key it on.
func TestLoadDictNoSnapshot(t *testing.T) {
	for name, src := range map[string]dictSource{
		"off":    {},
		"no key": {dir: t.TempDir(), keyErr: dictsnap.ErrNoKey},
	} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			src.log = slog.New(slog.NewTextHandler(&logs, nil))
			_, _, load := loadDict(src)
			if load.FromSnapshot || load.Snapshot != "" || WaitDictSnapshot() != nil {
				t.Errorf("load = %+v", load)
			}
			if src.dir != "" {
				if entries, _ := os.ReadDir(src.dir); len(entries) != 0 {
					t.Errorf("wrote %v", entries)
				}
			}
		})
	}
}

func TestDictCacheDir(t *testing.T) {
	t.Setenv(DictCacheEnv, "/srv/cache")
	if got := DefaultDictCache(); got != "/srv/cache" {
		t.Errorf("DefaultDictCache = %q", got)
	}
	t.Setenv(DictCacheEnv, "")
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	if got := DefaultDictCache(); got != "/xdg/soudan" {
		t.Errorf("DefaultDictCache = %q", got)
	}
	SetDictCache(DictCacheOff)
	defer func() { dictCache.set = false }()
	if got := dictCacheDir(); got != "" {
		t.Errorf("dictCacheDir after SetDictCache(off) = %q", got)
	}
}
