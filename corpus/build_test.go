package corpus

import (
	"fmt"
	"testing"
)

// TestLineReferrals checks which plain lines of an answer name a referral
// (an organisation the directory knows, followed by a referring verb or
// given with a phone number), and with which action: the action is that
// of the clause the verb ends, not of the whole line.
func TestLineReferrals(t *testing.T) {
	dir := mustDefaultDirectory(t)
	tests := []struct {
		line string
		want string // "action:org", "" for none
	}{
		{"被害の証拠を揃えて、所轄の警察署へ届け出る", "届出:所轄の警察署"},
		{"IPA情報セキュリティ安心相談窓口に相談する", "相談:IPA情報セキュリティ安心相談窓口"},
		// A clause between the organisation and the verb.
		{"被害者の所轄の警察署に被害届を出すように促してください。", "届出:所轄の警察署"},
		{"警視庁サイバー犯罪対策課に再度連絡する（混み合っているため）", "相談:警視庁サイバー犯罪対策課"},
		{"なりすましECサイト対策協議会のHPを紹介", "相談:なりすましECサイト対策協議会"},
		{"なりすましECサイト対策協議会を紹介", "相談:なりすましECサイト対策協議会"},
		// The action is the clause's, not the line's: 被害届 is in the next clause.
		{"警視庁のサイバー犯罪対策課に問い合せたところ、所轄の警察署で被害届を受理できるかはわからない", "相談:警視庁サイバー犯罪対策課"},
		// A mention that refers to nobody.
		{"なりすまされたECサイトからの被害届を、警察が受理し立件できると判断するかは難しいところです。", ""},
		{"◆ 警察の対応", ""},
		// The verb must follow in the same clause.
		{"警察は、情報収集だけで何もしないと思われます。相談は別の窓口で", ""},
		{"警視庁サイバー犯罪対策課 03-3431-8109", "相談:警視庁サイバー犯罪対策課"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			refs, unknown := lineReferrals(tt.line, "", "", dir)
			if unknown {
				t.Fatalf("unknown = true")
			}
			got := ""
			if len(refs) > 0 {
				got = fmt.Sprintf("%s:%s", refs[0].Action, refs[0].Org)
			}
			if len(refs) > 1 {
				t.Errorf("%d referrals, want at most 1: %+v", len(refs), refs)
			}
			if got != tt.want {
				t.Errorf("lineReferrals = %q, want %q", got, tt.want)
			}
		})
	}
}
