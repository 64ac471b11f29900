package corpus

import (
	"bytes"
	"flag"
	"github.com/soudan-desk/soudan/internal/golden"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "update golden files")

func mustDefaultDirectory(t testing.TB) *Directory {
	t.Helper()
	data, err := fs.ReadFile(Default(), DirectoryFile)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseDirectory(DirectoryFile, data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

const seedFile = "000_5df5db0e6087c412.txt"

func mustSeed(t testing.TB) []byte {
	t.Helper()
	data, err := fs.ReadFile(Default(), seedFile)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestClassify(t *testing.T) {
	dir := mustDefaultDirectory(t)
	tests := []struct {
		line string
		want lineClass
	}{
		{"052.ランサムウェアを使った詐欺・恐喝", classNumbered},
		{"04．情報漏えい全般", classNumbered},
		{"30.", classNumbered},
		{"ランサムウェア標準回答", classStandard},
		{"これから検討の標準回答", classStandard},
		{"ケース1", classCase},
		{"ケース２", classCase},
		{"個人第2位 組織第2位　ランサムウェアによる被害", classThreat},
		{"【相談】IPA情報セキュリティ安心相談窓口へ", classReferral},
		{"【届出】被害の証拠を揃えて、所轄の警察署へ", classReferral},
		{"【窓口回答】【ガイドブック】P.20 を紹介", classReferral},
		{"【緊急】銀行、カード会社に届出", classReferral},
		{"【緊急】なりすましECサイト被害", classUrgent},
		{"【相談】法的にどんな対応ができるか？", classAction},
		{"【ガイドブック】P.46 を紹介", classGuidebook},
		{"【【ガイドブック】】P.148 を紹介", classGuidebook},
		{"■緊急対応として", classBody},
		{"・まず、最新のウイルス対策ソフトで感染の確認を行ってください。", classBody},
		{"①職員全員に詐欺メールの手口を周知", classBody},
		{"１　ランサムウェアウイルスに感染し", classBody},
		{"　　・日本語の言い回しが不自然なメール", classBody},
		{"【例】2017年JALでの実被害", classBody},
		{"https://namaenouta.jp/docs/attention.html", classBody},
		{"【ガイドブック】に沿った案件別FAQ", classFree},
		{"無料のウイルス対策ソフトを導入しているがそれだけで大丈夫か", classFree},
		{"架空請求", classFree},
	}
	for _, tt := range tests {
		if got := classify(tt.line, dir); got != tt.want {
			t.Errorf("classify(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestQuestionAndSituation(t *testing.T) {
	tests := []struct {
		line                string
		question, situation bool
	}{
		{"無料のウイルス対策ソフトを導入しているがそれだけで大丈夫か", true, false},
		{"Webサーバがハッキングされた場合の対処療法は", true, false},
		{"より詳細な対策内容を知りたい場合は", false, false},
		{"ランサムウェアの危険性及び対策を教えてほしい", true, false},
		{"ハッキング攻撃を受けているのでその対策等を教えてもらいたい。", true, false},
		{"ブライダル関係のお店でお客様の情報を登録したら、そのお客様に他のブライダル関係のメールが届くようになった", false, true},
		{"PC上に外部からのメッセージが書き込まれている", false, true},
		{"悪質な手口であり、１万円の件については、警察に相談することをすすめた。", false, false},
		{"IPAセキュリティセンターのウイルス届出窓口に連絡してください。", false, false},
		{"消費者ホットラインに相談", false, false},
	}
	for _, tt := range tests {
		if got := isQuestion(tt.line); got != tt.question {
			t.Errorf("isQuestion(%q) = %v, want %v", tt.line, got, tt.question)
		}
		if got := isSituation(tt.line); got != tt.situation {
			t.Errorf("isSituation(%q) = %v, want %v", tt.line, got, tt.situation)
		}
	}
}

func TestOutlineGolden(t *testing.T) {
	doc, _, err := ParseOutline(seedFile, mustSeed(t), mustDefaultDirectory(t))
	if err != nil {
		t.Fatal(err)
	}
	finishDocument(doc, mustDefaultDirectory(t), map[string]bool{})
	var buf bytes.Buffer
	if err := WriteTree(&buf, doc); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "seed_tree.golden"), buf.Bytes(), *update)
}

func findEntry(t *testing.T, c *Corpus, title string, pathHas ...string) *Entry {
	t.Helper()
	for _, e := range c.Entries {
		if e.Title != title {
			continue
		}
		ok := true
		for _, p := range pathHas {
			if !slices.Contains(e.Path, p) {
				ok = false
			}
		}
		if ok {
			return e
		}
	}
	t.Fatalf("no entry %q with path containing %q", title, pathHas)
	return nil
}

// TestSeedDoneWhen checks the corpus issue's acceptance list.
func TestSeedDoneWhen(t *testing.T) {
	c, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	e := findEntry(t, c, "ランサムウェア標準回答", "052.ランサムウェアを使った詐欺・恐喝", "05.マルウェア（ウイルス）による被害", "01.個別サイバーセキュリティ事象の相談【Mission１】")
	if e.Kind != KindStandardAnswer {
		t.Errorf("ランサムウェア標準回答 kind = %s", e.Kind)
	}
	e = findEntry(t, c, "無料のウイルス対策ソフトを導入しているがそれだけで大丈夫か", "051.ウイルス感染")
	if e.Kind != KindFAQ || len(e.Question) != 1 {
		t.Errorf("free antivirus question: kind %s question %q", e.Kind, e.Question)
	}
	if e := findEntry(t, c, "ケース1", "053.アドウェアによる詐欺"); e.Kind != KindCase {
		t.Errorf("053 ケース1 kind = %s", e.Kind)
	}
	sec := findEntry(t, c, "052.ランサムウェアを使った詐欺・恐喝")
	var ipa, police bool
	for _, r := range sec.Referrals {
		ipa = ipa || r.Action == ActionConsult && r.Org == "IPA情報セキュリティ安心相談窓口"
		police = police || r.Action == ActionReport && r.Org == "所轄の警察署"
	}
	if !ipa || !police {
		t.Errorf("052 referrals = %+v, want IPA 相談 and 所轄の警察署 届出", sec.Referrals)
	}
	findEntry(t, c, "UTMを導入した場合は、従来からのファイアウォールは撤去していいか？", "013.技術的対策", "02.全般的なサイバーセキュリティ対策の相談")
	if e := findEntry(t, c, "資料請求"); e.Kind != KindManual {
		t.Errorf("資料請求 kind = %s", e.Kind)
	}
	found := false
	for _, e := range c.Entries {
		for _, r := range e.Referrals {
			if r.Org == "IPAセキュリティセンター" && r.Phone == "03-5978-7518" {
				found = true
			}
		}
	}
	if !found {
		t.Error("no IPAセキュリティセンター referral with 03-5978-7518")
	}
	// Statement questions are entries of their own, titled by the question.
	b := findEntry(t, c, "ブライダル関係のお店でお客様の情報を登録したら、そのお客様に他のブライダル関係のメールが届くようになった")
	if b.Kind != KindFAQ || len(b.Referrals) == 0 || b.Referrals[0].Org != "消費者ホットライン（国民生活センター）" {
		t.Errorf("bridal entry = %s %+v", b.Kind, b.Referrals)
	}
	findEntry(t, c, "PC上に外部からのメッセージが書き込まれている")
	// A heading whose only content is a guidebook reference.
	if p := findEntry(t, c, "情報セキュリティポリシーの明文化"); !slices.Equal(p.GuidebookPages, []string{"P.128"}) {
		t.Errorf("policy pages = %v", p.GuidebookPages)
	}
	// Content-less headings stay in the tree without an entry.
	for _, e := range c.Entries {
		if e.Title == "011.管理的対策" {
			t.Error("011.管理的対策 became an entry")
		}
	}
	// The reception flow's Arrow Link reaches the 緊急 section.
	flow := findEntry(t, c, "相談受付対応手順")
	urgent := findEntry(t, c, "【緊急】セキュリティ侵害の可能性があるが、どこに問い合せていいかわからない?")
	if !slices.Contains(flow.SeeAlso, urgent.ID) {
		t.Errorf("相談受付対応手順 see_also = %v, want the first 緊急 entry %s", flow.SeeAlso, urgent.ID)
	}
}

func TestIDsStableAcrossUnrelatedEdits(t *testing.T) {
	dir := mustDefaultDirectory(t)
	ids := func(data []byte) map[string]string {
		doc, _, err := ParseOutline("f.txt", data, dir)
		if err != nil {
			t.Fatal(err)
		}
		finishDocument(doc, dir, map[string]bool{})
		m := map[string]string{}
		for _, e := range doc.Entries {
			m[e.PathText()] = e.ID
		}
		return m
	}
	seed := mustSeed(t)
	before := ids(seed)
	// Insert an answer line into an unrelated entry near the top.
	edited := bytes.Replace(seed, []byte("具体的な相談対応時の回答の均質化を目指す\n"), []byte("具体的な相談対応時の回答の均質化を目指す\n追記された一行\n"), 1)
	after := ids(edited)
	for k, id := range before {
		if after[k] != id {
			t.Errorf("ID of %q changed: %s → %s", k, id, after[k])
		}
	}
}

func FuzzParseOutline(f *testing.F) {
	f.Add(mustSeed(f))
	f.Add([]byte("Expand - Collapse\nroot\n【ガイドブック】に沿った案件別FAQ\n01.a\n01.b\n051.c\nケース1\n■x\n質問か？\n答え\n"))
	f.Add([]byte("緊急\n【緊急】x Arrow Link\n⇒【緊急】へ\nflag flag 【窓口回答】\n"))
	f.Add([]byte("目的\n回答の\xff均質化\n相談受付対応手順\n"))
	dir := mustDefaultDirectory(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := ParseOutline("fuzz.txt", data, dir)
		if doc == nil {
			if err == nil {
				t.Fatal("no document and no error")
			}
			return
		}
		finishDocument(doc, dir, map[string]bool{})
		ids := map[string]bool{}
		for _, e := range doc.Entries {
			if ids[e.ID] {
				t.Fatalf("duplicate ID %s", e.ID)
			}
			ids[e.ID] = true
		}
	})
}

func BenchmarkParseSeed(b *testing.B) {
	data := mustSeed(b)
	dir := mustDefaultDirectory(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		doc, _, err := ParseOutline(seedFile, data, dir)
		if err != nil {
			b.Fatal(err)
		}
		finishDocument(doc, dir, map[string]bool{})
	}
}

// A section made of situation → referral pairs routes callers: each pair is
// an entry of its own with exactly its referral, the section stays a
// heading, and a pair inside a section with text of its own stays part of
// that text.
func TestRoutingItems(t *testing.T) {
	c, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ title, org string }{
		{"消費生活全般に関する苦情や問合せ", "消費者ホットライン（国民生活センター）"},
		{"嫌がらせ、ネットストーカー", "所轄の警察署 生活安全課"},
		{"人権侵害", "みんなの人権110番（法務省人権擁護局）"},
		{"個人情報の取り扱い", "個人情報保護委員会"},
	}
	for _, under := range []string{"セキュリティ以外", "04.セキュリティ対象外"} {
		for _, tt := range tests {
			e := findEntry(t, c, tt.title, under)
			if e.Kind != KindFAQ || len(e.Question) != 1 || len(e.Referrals) != 1 || e.Referrals[0].Org != tt.org {
				t.Errorf("%s › %s: kind %s, question %q, referrals %+v; want one FAQ referring to %s", under, tt.title, e.Kind, e.Question, e.Referrals, tt.org)
			}
		}
		for _, e := range c.Entries {
			if e.Title == under {
				t.Errorf("%s is still an entry of its own", under)
			}
		}
	}
	// 04.ビジネスメール詐欺 has text of its own: its pairs stay in it.
	bec := findEntry(t, c, "04.ビジネスメール詐欺")
	if !strings.Contains(bec.Answer, "自社と取引先のどちらにも損害賠償責任があり得る") {
		t.Error("a situation line inside 04.ビジネスメール詐欺 was split off")
	}
	routing := 0
	for _, e := range c.Entries {
		if e.Routing {
			routing++
		}
	}
	if routing != 5 { // the four セキュリティ以外 items and 相談受付対応手順
		t.Errorf("%d routing entries, want 5", routing)
	}
}
