package index_test

import (
	"fmt"

	"github.com/soudan-desk/soudan/index"
)

func ExampleLexical_Search() {
	var virus, shop index.Doc
	virus.ID = "virus"
	virus.Fields[index.FieldTitle] = "ウイルス感染"
	virus.Fields[index.FieldAnswer] = "ネットワークから切断してください。"
	shop.ID = "shop"
	shop.Fields[index.FieldTitle] = "通販詐欺"
	shop.Fields[index.FieldAnswer] = "ウイルスではなく詐欺の可能性があります。"
	docs := []index.Doc{virus, shop}

	words := index.NewLexical(docs, index.Default().Terms, index.DefaultBM25Options())
	for _, h := range words.Search(words.QueryTerms("ｳｨﾙｽに感染した"), 10, nil) {
		fmt.Printf("%s %.3f\n", h.ID, h.Score)
	}
	// The bigram signal matches hiragana spellings too.
	grams := index.NewLexical(docs, index.Bigrams, index.DefaultBM25Options())
	for _, h := range grams.Search(grams.QueryTerms("ういるす"), 1, nil) {
		fmt.Println(h.ID)
	}
	// Output:
	// virus 0.625
	// shop 0.077
	// virus
}
