package retrieval

import (
	"context"
	"slices"
	"testing"
)

// TestSoundWords checks the reading lexicon at the engine: a kana-only
// query gains the corpus's words it sounds like (and their thesaurus
// expansions), a query whose words are already there gains nothing, and
// ReadingWords 0 switches it off.
func TestSoundWords(t *testing.T) {
	e := mustMini(t, nil)
	tests := []struct {
		query string
		sound []string // must be among the sound words
		none  bool     // no sound words at all
	}{
		{query: "みのしろきんをしはらってもあんごうかがかいじょされない", sound: []string{"身代金", "暗号", "解除"}},
		{query: "みにおぼえのないせいきゅう", sound: []string{"請求"}},
		{query: "身代金を支払っても", none: true},
	}
	for _, tt := range tests {
		qa := e.analyse(Query{Text: tt.query})
		for _, w := range tt.sound {
			if !slices.Contains(qa.sound, w) {
				t.Errorf("%q: sound words %q, want %q among them", tt.query, qa.sound, w)
			}
		}
		if tt.none && len(qa.sound) > 0 {
			t.Errorf("%q: sound words %q, want none", tt.query, qa.sound)
		}
	}
	// 身代金, found by sound, triggers the thesaurus: ランサムウェア.
	qa := e.analyse(Query{Text: "みのしろきんをようきゅうされた"})
	if !slices.Contains(qa.expansions, "ランサムウェア") {
		t.Errorf("expansions %q, want ランサムウェア (from 身代金 by sound)", qa.expansions)
	}
	r, err := e.Search(context.Background(), Query{Text: "みのしろきんをしはらってもあんごうかがかいじょされない", K: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) == 0 || r.Results[0].Entry.Title != "ランサムウェア標準回答" {
		t.Errorf("kana query: results %q, want ランサムウェア標準回答 first", titles(r))
	}

	off := mustMini(t, func(o *Options) { o.ReadingWords = 0 })
	if qa := off.analyse(Query{Text: "みのしろきんをしはらって"}); len(qa.sound) > 0 {
		t.Errorf("ReadingWords 0: sound words %q, want none", qa.sound)
	}
}
