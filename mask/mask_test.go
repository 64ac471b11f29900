package mask_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/mask"
)

// masker shares the process's one tokenizer, as soudan serve does:
// kagome's IPA dictionary is loaded once per test process.
func masker() *mask.Masker { return mask.New(index.Default().Tokenizer()) }

type maskCase struct{ name, in, want string }

func runCases(t *testing.T, cases []maskCase) {
	t.Helper()
	m := masker()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Mask(tt.in); got != tt.want {
				t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMaskPhones(t *testing.T) {
	runCases(t, []maskCase{
		{"mobile with hyphens", "090-1234-5678から電話", "〔電話番号〕から電話"},
		{"mobile, no separators", "携帯は08012345678です", "携帯は〔電話番号〕です"},
		{"mobile, full-width digits and dashes", "０７０－１２３４－５６７８に折り返し", "〔電話番号〕に折り返し"},
		{"mobile with spaces", "080 1234 5678", "〔電話番号〕"},
		{"mobile with double spaces", "090  1234  5678", "〔電話番号〕"},
		{"spaced hyphens", "090 - 1234 - 5678", "〔電話番号〕"},
		{"hyphen then space", "090- 1234- 5678", "〔電話番号〕"},
		{"tildes", "090~1234~5678", "〔電話番号〕"},
		{"full-width tildes", "090～1234～5678", "〔電話番号〕"},
		{"wave dashes", "090〜1234〜5678", "〔電話番号〕"},
		{"の between groups", "090の1234の5678", "〔電話番号〕"},
		{"dots", "090.1234.5678", "〔電話番号〕"},
		{"long-vowel marks", "090ー1234ー5678", "〔電話番号〕"},
		{"full-width long-vowel marks", "０９０ー１２３４ー５６７８", "〔電話番号〕"},
		{"horizontal bars", "090―1234―5678", "〔電話番号〕"},
		{"Unicode hyphens", "090‐1234‐5678", "〔電話番号〕"},
		{"Tokyo landline", "03-1234-5678に電話", "〔電話番号〕に電話"},
		{"landline with spaces", "03 1234 5678", "〔電話番号〕"},
		{"three-digit area code", "045-123-4567", "〔電話番号〕"},
		{"landline in parentheses", "(03)1234-5678", "〔電話番号〕"},
		{"full-width parentheses", "（０６）１２３４－５６７８", "〔電話番号〕"},
		{"number in parentheses keeps them", "(090-1234-5678)", "(〔電話番号〕)"},
		{"free dial", "0120-123-456に電話した", "〔電話番号〕に電話した"},
		{"navi dial", "0570-000-123", "〔電話番号〕"},
		{"free dial, no separators", "0120123456", "〔電話番号〕"},
		{"international", "+81-90-1234-5678", "〔電話番号〕"},
		{"international with (0)", "+81(0)90-1234-5678", "〔電話番号〕"},
		{"international, spaces", "+81 90 1234 5678", "〔電話番号〕"},
		{"glued to TEL", "TEL090-1234-5678", "TEL〔電話番号〕"},
		{"glued to Tel:", "Tel:03-1234-5678", "Tel:〔電話番号〕"},
		{"glued to 電話", "電話090-1234-5678", "電話〔電話番号〕"},
		{"glued to 携帯", "携帯09012345678", "携帯〔電話番号〕"},
		{"after a place name", "市役所03-1234-5678", "市役所〔電話番号〕"},
	})
}

func TestMaskNumbers(t *testing.T) {
	runCases(t, []maskCase{
		{"card number", "カード番号は4111 1111 1111 1111", "カード番号は〔番号〕"},
		{"card number with hyphens", "4111-1111-1111-1111", "〔番号〕"},
		{"card number, double spaces", "4111  1111  1111  1111", "〔番号〕"},
		{"card number, spaced hyphens", "4111 - 1111 - 1111 - 1111", "〔番号〕"},
		{"card number with の", "4111の1111の1111の1111", "〔番号〕"},
		{"card number with commas", "4111,1111,1111,1111", "〔番号〕"},
		{"full-width card number", "４１１１－１１１１－１１１１－１１１１", "〔番号〕"},
		{"My Number", "マイナンバーは1234 5678 9012", "マイナンバーは〔番号〕"},
		{"account number", "口座12345678に振り込んだ", "口座〔番号〕に振り込んだ"},
		{"7-digit account number after 口座番号", "口座番号は1234567", "口座番号は〔番号〕"},
		{"6-digit account number after 口座", "口座 654321", "口座 〔番号〕"},
		{"long run glued to letters", "abc123456789", "abc〔番号〕"},
		{"postal code", "〒100-0001 東京都", "〔郵便番号〕 東京都"},
		{"postal code without mark", "住所は123-4567です", "住所は〔郵便番号〕です"},
		{"postal code, no hyphen", "〒1000001", "〔郵便番号〕"},
		{"postal code after its label", "郵便番号: 100-0001", "郵便番号: 〔郵便番号〕"},
	})
}

func TestMaskURLs(t *testing.T) {
	runCases(t, []maskCase{
		{"query string", "https://example.com/login?id=12345&token=abc を開いた", "https://example.com/login?〔URL〕 を開いた"},
		{"fragment", "https://example.com/#access_token=xyz", "https://example.com/#〔URL〕"},
		{"credentials", "http://user:pass@example.com/", "http://〔URL〕@example.com/"},
		{"bare URL kept", "https://phish.example.com/ を開いた", "https://phish.example.com/ を開いた"},
		{"plain path kept", "https://example.com/support/faq", "https://example.com/support/faq"},
		{"hex token in the path", "https://example.com/pw/reset/9f8e7d6c5b4a3f2e1d0c", "https://example.com/pw/reset/〔URL〕"},
		{"user number in the path", "https://example.com/users/123456/profile", "https://example.com/users/〔URL〕/profile"},
		{"long token in the path", "https://example.com/s/AbCdEfGhIjKlMnOpQr", "https://example.com/s/〔URL〕"},
		{"scheme-less with parameters", "www.example.com/?user=42", "www.example.com/?〔URL〕"},
		{"scheme-less, no www", "example.com/login?session=SECRET999", "example.com/login?〔URL〕"},
		{"Japanese text right after", "example.com/login?session=SECRET999を開いた", "example.com/login?〔URL〕を開いた"},
		{"full stop after", "https://example.com/a?x=1.", "https://example.com/a?〔URL〕."},
		{"host name alone kept", "example.comから来た", "example.comから来た"},
		{"e-mail", "taro.yamada+desk@example.co.jp に送った", "〔メール〕 に送った"},
		{"full-width e-mail", "ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "〔メール〕"},
	})
}

func TestMaskIPs(t *testing.T) {
	runCases(t, []maskCase{
		{"IPv4", "192.168.10.25にアクセス", "〔IPアドレス〕にアクセス"},
		{"IPv4 with port", "10.0.0.1:8080", "〔IPアドレス〕:8080"},
		{"IPv4 in a URL", "http://192.168.1.1/admin", "http://〔IPアドレス〕/admin"},
		{"IPv6", "fe80::1ff:fe23:4567:890a から", "〔IPアドレス〕 から"},
		{"IPv6, short", "2001:db8::1", "〔IPアドレス〕"},
		{"IPv6, full", "2001:0db8:0000:0000:0000:ff00:0042:8329", "〔IPアドレス〕"},
		{"not an IPv4: octet over 255", "10.0.19045.3803", "10.0.19045.3803"},
		{"not an IPv6: a time", "10:30:00に", "10:30:00に"},
		{"not an IPv6: C++", "std::cout", "std::cout"},
	})
}

func TestMaskAddressesAndIDs(t *testing.T) {
	runCases(t, []maskCase{
		{"Tokyo address", "東京都千代田区千代田1-1", "東京都千代田区千代田〔住所〕"},
		{"flat number", "大阪府大阪市北区梅田3-1-3-1201号室", "大阪府大阪市北区梅田〔住所〕"},
		{"丁目 form", "3丁目5番2号に住んでいる", "〔住所〕に住んでいる"},
		{"番地 form", "中町12番地の家", "中町〔住所〕の家"},
		{"date of birth after its label", "生年月日は1980年1月2日です", "生年月日は〔生年月日〕です"},
		{"date of birth before 生まれ", "1980/01/02生まれ", "〔生年月日〕生まれ"},
		{"Japanese era", "誕生日:平成2年3月4日", "誕生日:〔生年月日〕"},
		{"passport number", "パスポート番号TK1234567", "パスポート番号〔番号〕"},
		{"member ID", "会員ID: ab12345", "会員ID: 〔番号〕"},
		{"No.", "No.AB-12345", "No.〔番号〕"},
	})
}

// TestMaskPasswords: a password or PIN a caller reads out, typed after
// its label, is a credential and is not stored; the words about passwords
// stay.
func TestMaskPasswords(t *testing.T) {
	runCases(t, []maskCase{
		{"after パスワード", "パスワード hunter2 を入れた", "パスワード 〔パスワード〕 を入れた"},
		{"after パスワードは", "パスワードはTanaka2024!です", "パスワードは〔パスワード〕です"},
		{"PIN after 暗証番号", "暗証番号1234を教えてしまった", "暗証番号〔パスワード〕を教えてしまった"},
		{"full-width after NFKC", "暗証番号は１２３４", "暗証番号は〔パスワード〕"},
		{"PW label", "PW: abc-123", "PW: 〔パスワード〕"},
		{"password label", "password=qwerty", "password=〔パスワード〕"},
		{"with an ID", "ID tanaka01 パスワード tanaka01", "ID 〔番号〕 パスワード 〔パスワード〕"},
		{"words about passwords stay", "パスワードを使い回している", "パスワードを使い回している"},
		{"a password change stays", "パスワード変更のメールが来た", "パスワード変更のメールが来た"},
		{"a short number stays", "パスワードは8文字以上", "パスワードは8文字以上"},
		{"PINコード word stays", "PINコードを忘れた", "PINコードを忘れた"},
	})
}

func TestMaskNames(t *testing.T) {
	runCases(t, []maskCase{
		{"full name", "山田太郎さんから相談", "〔氏名〕さんから相談"},
		{"surname", "佐藤さんのパソコンがウイルスに感染", "〔氏名〕さんのパソコンがウイルスに感染"},
		{"name with a space", "山田 太郎さん", "〔氏名〕さん"},
		{"name before a role", "田中部長から", "〔氏名〕部長から"},
		{"katakana name kagome does not know", "ヤマダタロウさん", "〔氏名〕さん"},
		{"variant kanji", "髙橋さん", "〔氏名〕さん"},
		{"one-kanji surname", "東さん", "〔氏名〕さん"},
		{"surname kagome calls a company", "川崎さん", "〔氏名〕さん"},
		{"rare surname", "小鳥遊さん", "〔氏名〕さん"},
		{"given name", "陽菜さん", "〔氏名〕さん"},
		{"hiragana given name", "さくらさん", "〔氏名〕さん"},
		{"hiragana full name", "やまだたろうさん", "〔氏名〕さん"},
		{"hiragana name, no honorific", "こばやしみさきから電話", "〔氏名〕から電話"},
		{"reading in parentheses", "小林美咲（こばやしみさき）様", "〔氏名〕様"},
		{"given name, prefix kanji", "大翔", "〔氏名〕"},
		{"given name, two kanji", "陽翔が", "〔氏名〕が"},
		{"様", "小林様", "〔氏名〕様"},
		{"くん", "山田くん", "〔氏名〕くん"},
		{"ちゃん", "花子ちゃん", "〔氏名〕ちゃん"},
		{"氏", "山田氏", "〔氏名〕氏"},
		{"殿", "山田殿", "〔氏名〕殿"},
		{"Latin name before さん", "Taro Yamadaさん", "〔氏名〕さん"},
		{"Latin name, capitals, space", "YAMADA Taro さん", "〔氏名〕 さん"},
		{"Mr.", "Mr. Smith から", "Mr. 〔氏名〕 から"},
		{"Ms. with full name", "Ms. Jane Doe", "Ms. 〔氏名〕"},
	})
}

// TestMaskKeeps lists what must stay as typed: roles before an honorific,
// words kagome takes for names inside compounds, security vocabulary,
// amounts, dates, versions, error codes and ports.
func TestMaskKeeps(t *testing.T) {
	var cases []maskCase
	for _, s := range []string{
		"お客さん", "お客様", "業者さん", "銀行さん", "大家さん", "担当さん", "社長さん", "外注さん",
		"息子さん", "お母さん", "みなさん", "皆さん", "赤ちゃん", "あかちゃん", "おばあちゃん",
		"お巡りさん", "パートさん", "電気屋さん", "サーバ屋さん", "患者さん", "会員さん", "隣の人さん",
		"NTTさん", "IPAさん",
		"マイナンバー", "マイナンバーカード", "スマートフォン", "スマート家電", "スマートスピーカー",
		"マイページ", "すまほ", "たくさん来た", "ちゃんと設定した", "様子がおかしい",
		"ランサムウェアに感染した", "フィッシング詐欺", "二段階認証", "メール が 来た",
		"1,000,000円", "12,345円振り込んだ", "1000円", "3回クリックした",
		"2026-12-03に被害", "2024/12/05", "2024.12.05", "2024年12月5日", "12/5に", "2024-12-05 10:30",
		"Windows 10", "Windows 10 2004", "Windows10", "TLS 1.2", "iOS 17.4.1", "10.0.19045.3803", "KB5034441",
		"0x80070005", "エラー0x800F081F", "ポート8080", "443番ポート", "localhost:3000",
		"Sec01-08-3 相談対応手順書", "Taro Yamada",
		"",
	} {
		cases = append(cases, maskCase{"keeps " + s, s, s})
	}
	runCases(t, cases)
}

// TestMaskAnnotations masks every example question and title of the
// default corpus's annotations.yaml: callers' sample wording and the
// manual's titles hold no name, so no 〔氏名〕 may appear (kagome reads
// マイ, スマート and すま as names; a masked compound splits an insights
// group).
func TestMaskAnnotations(t *testing.T) {
	data, err := fs.ReadFile(corpus.Default(), corpus.AnnotationsFile)
	if err != nil {
		t.Fatal(err)
	}
	a, err := corpus.ParseAnnotations(corpus.AnnotationsFile, data)
	if err != nil {
		t.Fatal(err)
	}
	m, n := masker(), 0
	for _, e := range a.Entries {
		for _, s := range append([]string{e.Title}, e.Examples...) {
			n++
			if got := m.Mask(s); strings.Contains(got, mask.Name) {
				t.Errorf("Mask(%q) = %q", s, got)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d examples and titles: is annotations.yaml still there?", n)
	}
}

// TestMaskAll is the insights acceptance case: one query with a phone
// number, an e-mail address and a name keeps none of them.
func TestMaskAll(t *testing.T) {
	in := "田中一郎さん（０９０－９８７６－５４３２、ichiro.tanaka@example.jp）から不審なメールの相談"
	got := masker().Mask(in)
	if want := "〔氏名〕さん(〔電話番号〕、〔メール〕)から不審なメールの相談"; got != want {
		t.Errorf("Mask(%q) = %q, want %q", in, got, want)
	}
}

func TestMaskWithoutTokenizer(t *testing.T) {
	if got := mask.New(nil).Mask("山田さん 090-1234-5678"); got != "山田さん 〔電話番号〕" {
		t.Errorf("got %q", got)
	}
}

var (
	longDigits = regexp.MustCompile(`[0-9]{8,}`)
	hexCode    = regexp.MustCompile(`0[xX][0-9A-Fa-f]+`)
	emailLike  = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+\.[A-Za-z0-9\-]+`)
)

// FuzzMask checks what must hold for any text: no panic, valid UTF-8
// out, no run of 8 or more digits (but in a 0x code) and no e-mail
// address left, and masking twice loses no placeholder.
func FuzzMask(f *testing.F) {
	for _, s := range []string{
		"090-1234-5678", "山田太郎さんから", "a@b.co", "〒100-0001", "https://x.jp/?a=1",
		"０１２０－１２３－４５６", "4111 1111 1111 1111", "〔電話番号〕", "12345678901234567890",
		"+81(0)90-1234-5678", "090の1234の5678", "(03)1234-5678)", "4111 - 1111 - 1111 - 1111",
		"example.com/a/9f8e7d6c5b4a3f2e1d0c?x=1#y", "192.168.10.25", "fe80::1", "小林美咲(こばやしみさき)様",
		"やまだたろうさん", "YAMADA Taro さん", "Mr. Smith", "マイナンバー", "大阪市北区梅田3-1-3-1201号室",
		"生年月日は1980年1月2日", "パスポート番号TK1234567", "0x80070005", "1,000,000円", "10000000.00", "さん", "(", "〔",
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
		if longDigits.MatchString(hexCode.ReplaceAllString(out, "")) {
			t.Errorf("Mask(%q) = %q keeps a run of 8+ digits", in, out)
		}
		if emailLike.MatchString(out) {
			t.Errorf("Mask(%q) = %q keeps an e-mail address", in, out)
		}
		if again := m.Mask(out); strings.Count(again, "〔") < strings.Count(out, "〔") {
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
