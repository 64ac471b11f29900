package index_test

import (
	"math"
	"slices"
	"testing"

	"github.com/soudan-desk/soudan/index"
)

func ids(hits []index.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func terms(ts ...string) []index.WeightedTerm {
	q := make([]index.WeightedTerm, len(ts))
	for i, t := range ts {
		q[i] = index.WeightedTerm{Term: t, Weight: 1}
	}
	return q
}

// words is a whitespace tokenizer, so that tests control terms exactly.
func words(s string) []string {
	var out []string
	start := -1
	for i, r := range s + " " {
		if r == ' ' || r == '\n' {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	return out
}

func field(id string, f index.Field, text string) index.Doc {
	d := index.Doc{ID: id}
	d.Fields[f] = text
	return d
}

func TestLexicalRanking(t *testing.T) {
	a := index.Default()
	tok := index.NewLexical(fixture, a.Terms, index.DefaultBM25Options())
	bi := index.NewLexical(fixture, index.Bigrams, index.DefaultBM25Options())
	tests := []struct {
		name  string
		lex   *index.Lexical
		query string
		top   string
	}{
		{"virus", tok, "ｳｲﾙｽに感染したかもしれない", "virus"},
		{"virus kana", bi, "ういるすにかんせん", "virus"},
		{"ransom", tok, "ファイルが暗号化されて開けない", "ransom"},
		{"phishing", tok, "偽メールのリンクを開いてしまった", "phishing"},
		{"account", tok, "LINEが乗っ取られた", "account"},
		{"shopping", tok, "通販で商品が届かない", "shopping"},
		{"support", bi, "警告画面が消えない", "support"},
		{"police", tok, "被害届を出すには", "police"},
		{"hotline", tok, "188", "shopping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := tt.lex.Search(tt.lex.QueryTerms(tt.query), 3, nil)
			if len(hits) == 0 || hits[0].ID != tt.top {
				t.Errorf("Search(%q) = %v, want %s first", tt.query, hits, tt.top)
			}
			for i := 1; i < len(hits); i++ {
				if hits[i].Score > hits[i-1].Score {
					t.Errorf("hits not sorted by score: %v", hits)
				}
			}
		})
	}
}

func TestLexicalFieldWeights(t *testing.T) {
	docs := []index.Doc{
		field("answer", index.FieldAnswer, "x y z"),
		field("title", index.FieldTitle, "x y z"),
		field("path", index.FieldPath, "x y z"),
		field("question", index.FieldQuestion, "x y z"),
	}
	l := index.NewLexical(docs, words, index.DefaultBM25Options())
	got := ids(l.Search(terms("x"), 0, nil))
	// title and question weigh the same; the tie is broken by ID.
	want := []string{"question", "title", "answer", "path"}
	if !slices.Equal(got, want) {
		t.Errorf("ranking = %q, want %q", got, want)
	}

	// A zero weight ignores the field.
	opts := index.DefaultBM25Options()
	opts.Weights[index.FieldPath] = 0
	l = index.NewLexical(docs, words, opts)
	if got := ids(l.Search(terms("x"), 0, nil)); slices.Contains(got, "path") {
		t.Errorf("with path weight 0, ranking = %q still holds path", got)
	}
}

func TestLexicalSaturation(t *testing.T) {
	docs := []index.Doc{
		field("tf1", index.FieldAnswer, "a b c d e f g h"),
		field("tf2", index.FieldAnswer, "a a c d e f g h"),
		field("tf4", index.FieldAnswer, "a a a a e f g h"),
		field("tf8", index.FieldAnswer, "a a a a a a a a"),
		field("other", index.FieldAnswer, "z z z z z z z z"),
	}
	l := index.NewLexical(docs, words, index.DefaultBM25Options())
	score := map[string]float64{}
	for _, h := range l.Search(terms("a"), 0, nil) {
		score[h.ID] = h.Score
	}
	if !(score["tf1"] < score["tf2"] && score["tf2"] < score["tf4"] && score["tf4"] < score["tf8"]) {
		t.Fatalf("scores do not grow with tf: %v", score)
	}
	// Saturation: each doubling of tf adds less than the one before, and
	// no score exceeds idf·(k1+1), the BM25 bound for weight-1 fields.
	d1, d2, d3 := score["tf2"]-score["tf1"], score["tf4"]-score["tf2"], score["tf8"]-score["tf4"]
	if !(d1 > d2 && d2 > d3) {
		t.Errorf("gains %.4f, %.4f, %.4f do not shrink", d1, d2, d3)
	}
	if bound := l.IDF("a") * (1.2 + 1); score["tf8"] >= bound {
		t.Errorf("score %.4f reaches the bound %.4f", score["tf8"], bound)
	}
}

func TestLexicalQueries(t *testing.T) {
	docs := []index.Doc{
		field("d1", index.FieldTitle, "alpha beta"),
		field("d2", index.FieldTitle, "beta gamma"),
		field("d3", index.FieldTitle, "gamma delta"),
	}
	l := index.NewLexical(docs, words, index.DefaultBM25Options())
	tests := []struct {
		name   string
		q      []index.WeightedTerm
		k      int
		filter func(int) bool
		want   []string
	}{
		{"empty", nil, 10, nil, nil},
		{"unknown", terms("omega"), 10, nil, nil},
		{"unknown and known", terms("omega", "alpha"), 10, nil, []string{"d1"}},
		{"two docs", terms("beta"), 10, nil, []string{"d1", "d2"}},
		{"k limits", terms("beta", "gamma"), 1, nil, []string{"d2"}},
		{"k 0 is all", terms("beta", "gamma"), 0, nil, []string{"d2", "d1", "d3"}},
		{"filter", terms("beta", "gamma"), 10, func(d int) bool { return d != 1 }, []string{"d1", "d3"}},
		{"zero weight", []index.WeightedTerm{{"beta", 0}}, 10, nil, nil},
		{"weights", []index.WeightedTerm{{"alpha", 0.1}, {"delta", 1}}, 10, nil, []string{"d3", "d1"}},
		{"repeats add up", []index.WeightedTerm{{"alpha", 0.3}, {"alpha", 0.3}, {"delta", 0.5}}, 10, nil, []string{"d1", "d3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(l.Search(tt.q, tt.k, tt.filter)); !slices.Equal(got, tt.want) {
				t.Errorf("Search = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLexicalStats(t *testing.T) {
	docs := []index.Doc{
		field("d1", index.FieldTitle, "alpha beta"),
		{ID: "d2", Fields: [index.NumFields]string{index.FieldTitle: "beta", index.FieldAnswer: "beta gamma"}},
	}
	l := index.NewLexical(docs, words, index.DefaultBM25Options())
	if l.Len() != 2 {
		t.Errorf("Len = %d, want 2", l.Len())
	}
	for term, want := range map[string]int{"alpha": 1, "beta": 2, "gamma": 1, "omega": 0} {
		if got := l.DocFreq(term); got != want {
			t.Errorf("DocFreq(%q) = %d, want %d", term, got, want)
		}
	}
	if !(l.IDF("omega") > l.IDF("alpha") && l.IDF("alpha") > l.IDF("beta") && l.IDF("beta") > 0) {
		t.Errorf("IDF not decreasing with df: omega %v alpha %v beta %v", l.IDF("omega"), l.IDF("alpha"), l.IDF("beta"))
	}
	tv := l.TermVector(1)
	// beta: title weight 3 + answer weight 1.
	if want := 4 * l.IDF("beta"); math.Abs(tv["beta"]-want) > 1e-5 {
		t.Errorf("TermVector(1)[beta] = %v, want %v", tv["beta"], want)
	}
	if len(tv) != 2 {
		t.Errorf("TermVector(1) = %v, want beta and gamma", tv)
	}
	if l.TermVector(5) != nil {
		t.Error("TermVector(5) is not nil")
	}
	if got := l.Tokenize("a b"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Tokenize = %q", got)
	}
}

func TestLexicalEmpty(t *testing.T) {
	l := index.NewLexical(nil, words, index.DefaultBM25Options())
	if hits := l.Search(terms("a"), 10, nil); hits != nil {
		t.Errorf("Search on an empty index = %v", hits)
	}
}

func TestFieldString(t *testing.T) {
	for f, want := range map[index.Field]string{index.FieldTitle: "title", index.FieldPath: "path", index.Field(9): "Field(9)"} {
		if got := f.String(); got != want {
			t.Errorf("Field(%d).String() = %q, want %q", int(f), got, want)
		}
	}
}
