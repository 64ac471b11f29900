package mask_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/mask"
)

// masker shares the process's one tokenizer, as soudan serve does.
func masker() *mask.Masker { return mask.New(index.Default().Tokenizer()) }

func TestMask(t *testing.T) {
	m := masker()
	tests := []struct {
		name, in, want string
	}{
		{"mobile with hyphens", "090-1234-5678から電話", "〔電話番号〕から電話"},
		{"mobile, no separators", "携帯は08012345678です", "携帯は〔電話番号〕です"},
		{"mobile, full-width digits and dashes", "０７０－１２３４－５６７８に折り返し", "〔電話番号〕に折り返し"},
		{"mobile with spaces", "080 1234 5678", "〔電話番号〕"},
		{"mobile with long-vowel marks", "090ー1234ー5678", "〔電話番号〕"},
		{"Tokyo landline", "03-1234-5678に電話", "〔電話番号〕に電話"},
		{"three-digit area code", "045-123-4567", "〔電話番号〕"},
		{"landline in parentheses", "(03)1234-5678", "〔電話番号〕"},
		{"full-width parentheses", "（０６）１２３４－５６７８", "〔電話番号〕"},
		{"free dial", "0120-123-456に電話した", "〔電話番号〕に電話した"},
		{"navi dial", "0570-000-123", "〔電話番号〕"},
		{"free dial, no separators", "0120123456", "〔電話番号〕"},
		{"international", "+81-90-1234-5678", "〔電話番号〕"},
		{"e-mail", "taro.yamada+desk@example.co.jp に送った", "〔メール〕 に送った"},
		{"full-width e-mail", "ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "〔メール〕"},
		{"URL with parameters", "https://example.com/login?id=12345&token=abc を開いた", "〔URL〕 を開いた"},
		{"URL with credentials", "http://user:pass@example.com/", "〔URL〕"},
		{"bare URL kept", "https://phish.example.com/ を開いた", "https://phish.example.com/ を開いた"},
		{"scheme-less URL with parameters", "www.example.com/?user=42", "〔URL〕"},
		{"postal code", "〒100-0001 東京都", "〔郵便番号〕 東京都"},
		{"postal code without mark", "住所は123-4567です", "住所は〔郵便番号〕です"},
		{"postal code, no hyphen", "〒1000001", "〔郵便番号〕"},
		{"card number", "カード番号は4111 1111 1111 1111", "カード番号は〔番号〕"},
		{"card number with hyphens", "4111-1111-1111-1111", "〔番号〕"},
		{"account number", "口座12345678に振り込んだ", "口座〔番号〕に振り込んだ"},
		{"date kept", "2026-12-03に被害", "2026-12-03に被害"},
		{"short number kept", "3回クリックした、1000円", "3回クリックした、1000円"},
		{"full name", "山田太郎さんから相談", "〔氏名〕さんから相談"},
		{"surname", "佐藤さんのパソコンがウイルスに感染", "〔氏名〕さんのパソコンがウイルスに感染"},
		{"no personal data", "ランサムウェアに感染した", "ランサムウェアに感染した"},
		{"spaces kept", "メール が 来た", "メール が 来た"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Mask(tt.in); got != tt.want {
				t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestMaskAll is the insights acceptance case: one query with a phone
// number, an e-mail address and a name keeps none of them.
func TestMaskAll(t *testing.T) {
	in := "田中一郎さん（０９０－９８７６－５４３２、ichiro.tanaka@example.jp）から不審なメールの相談"
	got := masker().Mask(in)
	for _, raw := range []string{"田中", "一郎", "9876", "5432", "ichiro", "tanaka", "example.jp"} {
		if strings.Contains(got, raw) {
			t.Errorf("Mask kept %q: %q", raw, got)
		}
	}
	for _, p := range []string{mask.Name, mask.Phone, mask.Email} {
		if !strings.Contains(got, p) {
			t.Errorf("Mask(%q) = %q: no %s", in, got, p)
		}
	}
}

func TestMaskWithoutTokenizer(t *testing.T) {
	if got := mask.New(nil).Mask("山田さん 090-1234-5678"); got != "山田さん 〔電話番号〕" {
		t.Errorf("got %q", got)
	}
}

var (
	longDigits = regexp.MustCompile(`[0-9]{8,}`)
	emailLike  = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+\.[A-Za-z0-9\-]+`)
)

// FuzzMask checks what must hold for any text: no panic, valid UTF-8
// out, no run of 8 or more digits and no e-mail address left, and masking
// twice changes nothing more.
func FuzzMask(f *testing.F) {
	for _, s := range []string{
		"090-1234-5678", "山田太郎さんから", "a@b.co", "〒100-0001", "https://x.jp/?a=1",
		"０１２０－１２３－４５６", "4111 1111 1111 1111", "〔電話番号〕", "12345678901234567890",
	} {
		f.Add(s)
	}
	m := masker()
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return
		}
		out := m.Mask(in)
		if !utf8.ValidString(out) {
			t.Fatalf("Mask(%q) = %q: invalid UTF-8", in, out)
		}
		if longDigits.MatchString(out) {
			t.Errorf("Mask(%q) = %q keeps a run of 8+ digits", in, out)
		}
		if emailLike.MatchString(out) {
			t.Errorf("Mask(%q) = %q keeps an e-mail address", in, out)
		}
		if again := m.Mask(out); longDigits.MatchString(again) || strings.Count(again, "〔") < strings.Count(out, "〔") {
			t.Errorf("masking %q again lost placeholders: %q", out, again)
		}
	})
}

// BenchmarkMask masks a typical caller description (regular expressions
// and the kagome pass for names): go test ./mask -run '^$' -bench Mask
func BenchmarkMask(b *testing.B) {
	m := masker()
	const q = "田中さんという方から、090-1234-5678に不審なSMSが届き、https://example.com/login?id=1 を開いてしまったと相談"
	b.ReportAllocs()
	for b.Loop() {
		m.Mask(q)
	}
}
