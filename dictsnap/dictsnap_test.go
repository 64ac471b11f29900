package dictsnap

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"testing"
	"time"
	"unsafe"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

const testKey = "kagome-dict v0 h1:test"

// tinyDict is a small valid dictionary: two known words (あい, い), one
// class of unknown words, a 2×2 connection matrix.
func tinyDict(t testing.TB) *Snapshot {
	t.Helper()
	idx, err := dict.BuildIndexTable([]string{"あい", "い", "い"})
	if err != nil {
		t.Fatal(err)
	}
	d := &dict.Dict{
		Morphs:       dict.Morphs{{LeftID: 1, RightID: 1, Weight: 10}, {LeftID: 0, RightID: 1, Weight: 20}, {LeftID: 1, RightID: 0, Weight: 30}},
		POSTable:     dict.POSTable{POSs: []dict.POS{{1, 2}, {1}, {2}}, NameList: []string{"", "名詞", "一般"}},
		ContentsMeta: dict.ContentsMeta{dict.BaseFormIndex: 2, dict.ReadingIndex: 3},
		Connection:   dict.ConnectionTable{Row: 2, Col: 2, Vec: []int16{0, 5, -5, 3}},
		Index:        idx,
		CharClass:    dict.CharClass{"DEFAULT", "HIRAGANA"},
		CharCategory: dict.CharCategory{0, 1, 1},
		InvokeList:   dict.InvokeList{true, false},
		GroupList:    dict.GroupList{true, true},
		UnkDict: dict.UnkDict{
			Morphs:       dict.Morphs{{LeftID: 1, RightID: 1, Weight: 100}, {LeftID: 0, RightID: 0, Weight: 200}},
			Index:        map[int32]int32{0: 0, 1: 1},
			IndexDup:     map[int32]int32{},
			ContentsMeta: dict.ContentsMeta{dict.POSStartIndex: 0, dict.POSHierarchy: 1},
			Contents:     dict.Contents{{"名詞", "一般"}, {"記号"}},
		},
	}
	lex := Lexicon{Text: "あいアイいイい", Off: []uint32{0, 6, 12, 15, 18, 21, 21}}
	return &Snapshot{Dict: d, Lexicon: lex}
}

func encode(t testing.TB, s *Snapshot, key string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, s, key); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTrip(t *testing.T) {
	s := tinyDict(t)
	got, err := Decode(encode(t, s, testKey), testKey)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", got.Dict, s.Dict)
	}
	tok, err := tokenizer.New(got.Dict, tokenizer.OmitBosEos())
	if err != nil {
		t.Fatal(err)
	}
	if toks := tok.Wakati("あいいう"); len(toks) == 0 {
		t.Fatal("no tokens from the decoded dictionary")
	}
}

// TestDecodeInPlace checks that a snapshot decoded in place from aligned
// bytes, as Cache.Load decodes a mapped file, equals the one decoded into
// new memory and, on a little-endian machine, uses the bytes themselves
// for its large arrays, each aligned in the file.
func TestDecodeInPlace(t *testing.T) {
	want := tinyDict(t)
	b := alignedCopy(encode(t, want, testKey))
	got, err := decode(b, testKey, true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", got.Dict, want.Dict)
	}
	if !littleEndian {
		t.Skip("a big-endian machine decodes into new memory")
	}
	d := got.Dict
	for name, p := range map[string]unsafe.Pointer{
		"morphemes":            unsafe.Pointer(&d.Morphs[0]),
		"part-of-speech ids":   unsafe.Pointer(&d.POSTable.POSs[0][0]),
		"connection costs":     unsafe.Pointer(&d.Connection.Vec[0]),
		"double array":         unsafe.Pointer(&d.Index.Da[0]),
		"character categories": unsafe.Pointer(&d.CharCategory[0]),
		"lexicon text":         unsafe.Pointer(unsafe.StringData(got.Lexicon.Text)),
		"lexicon offsets":      unsafe.Pointer(&got.Lexicon.Off[0]),
	} {
		at := uintptr(p) - uintptr(unsafe.Pointer(&b[0]))
		if at >= uintptr(len(b)) || at%align != 0 {
			t.Errorf("%s at %d of the %d bytes", name, int(at), len(b))
		}
	}
	if _, err := decode(b[1:], testKey, true); !errors.Is(err, ErrCorrupt) {
		t.Errorf("decode of misaligned bytes = %v, want ErrCorrupt", err)
	}
	payload := alignedCopy(b[headerFixed+len(testKey)+padding(headerFixed+len(testKey)):])
	moved := append([]byte{0}, payload...)[1:] // misaligned by one byte
	if s, err := decodePayload(moved, true); err != nil || !reflect.DeepEqual(s, want) {
		t.Errorf("decodePayload of misaligned bytes = %v, %v", s, err)
	}
}

// TestDecodeRejects checks that every kind of bad file is an error of the
// right kind, not a panic or a wrong dictionary.
func TestDecodeRejects(t *testing.T) {
	good := encode(t, tinyDict(t), testKey)
	header := headerFixed + len(testKey)
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		return b
	}
	other := bytes.Clone(good)
	other[len(magic)]++ // format version
	cases := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrCorrupt},
		{"not a snapshot", []byte("PK\x03\x04 a zip file, say"), ErrCorrupt},
		{"header only", good[:header], ErrCorrupt},
		{"truncated in the header", good[:header-3], ErrCorrupt},
		{"truncated payload", good[:len(good)-1], ErrCorrupt},
		{"trailing bytes", append(bytes.Clone(good), 0), ErrCorrupt},
		{"flipped payload byte", flip(header + 9), ErrCorrupt},
		{"flipped checksum", flip(header - 1), ErrCorrupt},
		{"other format", other, ErrStale},
		{"other key", encode(t, tinyDict(t), "kagome-dict v9 h1:other"), ErrStale},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Decode(c.b, testKey)
			if !errors.Is(err, c.want) || s != nil {
				t.Fatalf("Decode = %v, %v; want %v", s, err, c.want)
			}
		})
	}
}

// TestValidateRejects breaks, one at a time, each invariant the tokenizer
// relies on.
func TestValidateRejects(t *testing.T) {
	cases := map[string]func(s *Snapshot){
		"connection id":      func(s *Snapshot) { s.Dict.Morphs[0].LeftID = 2 },
		"negative cost id":   func(s *Snapshot) { s.Dict.UnkDict.Morphs[1].RightID = -1 },
		"matrix size":        func(s *Snapshot) { s.Dict.Connection.Col = 3 },
		"part-of-speech id":  func(s *Snapshot) { s.Dict.POSTable.POSs[1] = dict.POS{3} },
		"missing POS":        func(s *Snapshot) { s.Dict.POSTable.POSs = s.Dict.POSTable.POSs[:2] },
		"character class":    func(s *Snapshot) { s.Dict.CharCategory[2] = 2 },
		"no categories":      func(s *Snapshot) { s.Dict.CharCategory = nil },
		"unknown index":      func(s *Snapshot) { s.Dict.UnkDict.Index[1] = 2 },
		"unknown features":   func(s *Snapshot) { s.Dict.UnkDict.Contents = s.Dict.UnkDict.Contents[:1] },
		"negative meta":      func(s *Snapshot) { s.Dict.UnkDict.ContentsMeta[dict.POSStartIndex] = -1 },
		"duplicate count":    func(s *Snapshot) { s.Dict.Index.Dup[1] = 5 },
		"no root":            func(s *Snapshot) { s.Dict.Index.Da = nil },
		"lexicon length":     func(s *Snapshot) { s.Lexicon.Off = s.Lexicon.Off[1:] },
		"lexicon order":      func(s *Snapshot) { s.Lexicon.Off[2] = 1 },
		"lexicon past text":  func(s *Snapshot) { s.Lexicon.Off[6] = 99 },
		"terminal morpheme":  func(s *Snapshot) { breakTerminal(t, s.Dict) },
		"walked on negative": func(s *Snapshot) { s.Dict.Index.Da[0].Base = -1 },
	}
	if err := Validate(tinyDict(t)); err != nil {
		t.Fatalf("the tiny dictionary: %v", err)
	}
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			s := tinyDict(t)
			breakIt(s)
			if err := Validate(s); err == nil {
				t.Fatal("Validate accepted it")
			}
			if _, err := Decode(encode(t, s, testKey), testKey); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Decode = %v, want ErrCorrupt", err)
			}
		})
	}
}

// breakTerminal points a terminal node of the double array past the
// morphemes.
func breakTerminal(t *testing.T, d *dict.Dict) {
	da := d.Index.Da
	for i, n := range da {
		p := n.Check
		if p >= 0 && int(p) < len(da) && int(da[p].Base) == i && n.Base <= 0 {
			da[i].Base = -int32(len(d.Morphs))
			return
		}
	}
	t.Fatal("no terminal node")
}

func TestCache(t *testing.T) {
	dir := t.TempDir()
	c := Cache{Dir: filepath.Join(dir, "sub")}
	if _, err := c.Load(testKey); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Load of nothing = %v", err)
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	oldSnap := filepath.Join(c.Dir, filePrefix+"f0-0011223344556677"+fileSuffix)
	oldTemp := filepath.Join(c.Dir, filePrefix+"123"+tempSuffix)
	freshTemp := filepath.Join(c.Dir, filePrefix+"456"+tempSuffix)
	unrelated := filepath.Join(c.Dir, "notes.txt")
	for _, p := range []string{oldSnap, oldTemp, freshTemp, unrelated} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(oldTemp, old, old); err != nil {
		t.Fatal(err)
	}
	s := tinyDict(t)
	if err := c.Save(s, testKey); err != nil {
		t.Fatal(err)
	}
	got, err := c.Load(testKey)
	if err != nil || !reflect.DeepEqual(got, s) {
		t.Fatalf("Load after Save = %v, %v", got, err)
	}
	for p, want := range map[string]bool{oldSnap: false, oldTemp: false, freshTemp: true, unrelated: true, c.Path(testKey): true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: exists = %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
	if _, err := c.Load("kagome-dict v2 h1:x"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("another key's Load = %v, want not found", err)
	}
	if err := os.WriteFile(c.Path(testKey), encode(t, s, testKey)[:100], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Load(testKey); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Load of a truncated file = %v, want ErrCorrupt", err)
	}
	if err := (Cache{}).Save(s, testKey); err == nil {
		t.Error("the zero Cache saved")
	}
}

func TestKeyOf(t *testing.T) {
	mod := func(path, version, sum string) *debug.Module {
		return &debug.Module{Path: path, Version: version, Sum: sum}
	}
	base, ipa := mod(dictModules[0], "v1.1.7", "h1:a="), mod(dictModules[1], "v1.2.6", "h1:b=")
	local := mod(dictModules[1], "v1.2.6", "h1:b=")
	local.Replace = mod("../ipa", "", "")
	forked := mod(dictModules[1], "v1.2.6", "h1:b=")
	forked.Replace = mod("example.com/ipa", "v1.2.7", "h1:c=")
	cases := []struct {
		name string
		deps []*debug.Module
		want string
	}{
		{"both", []*debug.Module{base, ipa}, dictModules[0] + " v1.1.7 h1:a=\n" + dictModules[1] + " v1.2.6 h1:b="},
		{"fork", []*debug.Module{base, forked}, dictModules[0] + " v1.1.7 h1:a=\nexample.com/ipa v1.2.7 h1:c="},
		{"no ipa", []*debug.Module{base}, ""},
		{"local replacement", []*debug.Module{base, local}, ""},
		{"no sum", []*debug.Module{base, mod(dictModules[1], "v1.2.6", "")}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := keyOf(c.deps)
			if got != c.want || (c.want == "") != errors.Is(err, ErrNoKey) {
				t.Fatalf("keyOf = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}
