package index

// stopwords are base forms that carry no topic in the desk's questions:
// light verbs, auxiliaries the dictionary tags as 自立, formal nouns and
// politeness words. The list is deliberately small; BM25's idf handles the
// rest.
var stopwords = map[string]bool{
	// light and auxiliary-like verbs
	"する": true, "ある": true, "いる": true, "なる": true, "れる": true,
	"られる": true, "せる": true, "させる": true, "できる": true, "おる": true,
	"いう": true, "言う": true, "くる": true, "来る": true, "やる": true,
	"くださる": true, "下さる": true, "しまう": true, "いただく": true,
	"頂く": true, "もらう": true, "思う": true, "考える": true, "わかる": true,
	"分かる": true, "いく": true, "みる": true, "おく": true,
	// formal nouns and fillers
	"こと": true, "もの": true, "ため": true, "よう": true, "とき": true,
	"ところ": true, "ほう": true, "など": true, "等": true, "方": true,
	"さん": true, "様": true, "際": true,
	// adjectives with no topic
	"ない": true, "よい": true, "いい": true, "良い": true,
}
