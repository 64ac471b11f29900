package corpus

import (
	"regexp"
	"strings"
	"testing"
)

// TestNormalizeVariantFastPath checks that skipping the variant replacer
// when no variant can start changes nothing.
func TestNormalizeVariantFastPath(t *testing.T) {
	texts := []string{"", "漢字とひらがなだけ。", "ウィルスに感染", "ｳｨﾙｽ", "Ｅメールで", "E-Mail と EMAIL", "サーバー〜コンピューター", "ヴァイオリン―ヶ月"}
	for i := 0; i < len(variantPairs); i += 2 {
		texts = append(texts, "前"+variantPairs[i]+"後", variantPairs[i])
	}
	if c, err := LoadDefault(); err == nil {
		for _, e := range c.Entries {
			texts = append(texts, e.Title, e.Answer, strings.Join(e.Examples, "\n"))
		}
	}
	for _, s := range texts {
		if got, want := Normalize(s), trimLongVowels(variants.Replace(Fold(s))); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestAliasKey checks aliasKey against its definition: normalised, runs of
// white space (RE2's \s and the ideographic space) removed, 、 and ,
// written ・.
func TestAliasKey(t *testing.T) {
	space := regexp.MustCompile(`[\s　]+`)
	texts := []string{"", "警察庁 サイバー犯罪相談窓口", "IPA、情報　セキュリティ,安心\t相談\r\n窓口", "a\vb\fc"}
	if c, err := LoadDefault(); err == nil {
		for _, e := range c.Entries {
			texts = append(texts, strings.Split(e.Answer, "\n")...)
		}
	}
	for _, s := range texts {
		want := strings.NewReplacer("、", "・", ",", "・").Replace(space.ReplaceAllString(Normalize(s), ""))
		if got := aliasKey(s); got != want {
			t.Errorf("aliasKey(%q) = %q, want %q", s, got, want)
		}
	}
}
