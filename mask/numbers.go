package mask

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maskNumbers masks the phone, card, account and postal numbers in s.
func maskNumbers(s string) string {
	return outsidePlaceholders(s, func(part string) string {
		var b strings.Builder
		last := 0
		for _, loc := range numberRE.FindAllStringIndex(part, -1) {
			for _, seg := range splitNumber(part[loc[0]:loc[1]]) {
				seg = balance(part[loc[0]:loc[1]], seg)
				start, end := loc[0]+seg[0], loc[0]+seg[1]
				back, repl := classify(part[start:end], part[last:start])
				if repl == "" {
					continue
				}
				b.WriteString(part[last : start-back])
				b.WriteString(repl)
				last = end
			}
		}
		b.WriteString(part[last:])
		return b.String()
	})
}

// splitNumber cuts a candidate number into the numbers it holds, as
// [start, end) offsets. Spaces alone join two groups only when both have
// three or more digits (080 1234 5678), or among the first three groups
// of a number that starts with 0 or + (03 1234 5678, +81 90 1234 5678): "Windows 10 2004" and
// "2024-12-05 10:30" are not one number.
func splitNumber(run string) [][2]int {
	groups := groupRE.FindAllStringIndex(run, -1)
	var segs [][2]int
	start := 0
	for k := 1; k < len(groups); k++ {
		left, right := groups[k-1], groups[k]
		j := strings.Trim(run[left[1]:right[0]], "()")
		if j == "" || joinRE.MatchString(j) && strings.TrimSpace(j) != "" {
			continue
		}
		if left[1]-left[0] >= 3 && right[1]-right[0] >= 3 {
			continue
		}
		if k < 3 && (run[start] == '+' || run[groups[0][0]] == '0') && start <= groups[0][0] {
			continue
		}
		segs = append(segs, [2]int{start, closeParen(run, left[1])})
		start = right[0] - openParen(run, right[0])
	}
	return append(segs, [2]int{start, len(run)})
}

// balance leaves out of seg an opening parenthesis that is not closed
// in it, and a closing one that was not opened: "(090-…、" keeps its "(", and so does "(…)".
func balance(run string, seg [2]int) [2]int {
	t := run[seg[0]:seg[1]]
	opens, closes := strings.Count(t, "("), strings.Count(t, ")")
	if opens > closes && strings.HasPrefix(t, "(") {
		seg[0]++
	}
	if closes > opens && strings.HasSuffix(t, ")") {
		seg[1]--
	}
	if t = run[seg[0]:seg[1]]; strings.HasPrefix(t, "(") && strings.Index(t, ")") == len(t)-1 {
		seg[0]++ // "(090-1234-5678)": the parentheses wrap the number
		seg[1]--
	}
	return seg
}

func closeParen(run string, i int) int {
	if i < len(run) && run[i] == ')' {
		return i + 1
	}
	return i
}

func openParen(run string, i int) int {
	if i > 0 && run[i-1] == '(' {
		return 1
	}
	return 0
}

// numberKind is what the text just before a number says about it.
type numberKind int

const (
	plain numberKind = iota
	phoneLabel
	postalLabel
	accountLabel
	glued // glued to an ASCII word that is no label (KB5034441)
	hex   // the digits of 0x80070005
)

// classify returns the placeholder for number n, or "" to keep it, and
// how many bytes before n the placeholder starts (to take in a 〒).
func classify(n, before string) (int, string) {
	kind, back := labelBefore(before)
	digits, longest := countDigits(n)
	switch {
	case kind == hex:
		return 0, ""
	case kind == glued:
		if longest >= 8 {
			return 0, Number
		}
		return 0, ""
	case isPhone(n, digits, kind):
		return 0, Phone
	case kind == postalLabel && digits == 7:
		return back, Postal
	case readable(n) && longest < 8:
		return 0, ""
	case digits >= 8, kind == accountLabel && digits >= 6:
		return 0, Number
	case digits == 7 && (len(n) == 7 || len(n) == 8 && joinRE.MatchString(n[3:4])):
		return 0, Postal
	}
	return 0, ""
}

// isPhone reports a Japanese phone number's shape: 0 and 10 or 11 digits,
// or a country code and 9 or more; after a phone label, 0 and 9 or more.
func isPhone(n string, digits int, kind numberKind) bool {
	n = strings.TrimLeft(n, "(")
	switch {
	case strings.HasPrefix(n, "+"):
		return digits >= 9
	case !strings.HasPrefix(n, "0"):
		return false
	case kind == phoneLabel:
		return digits >= 9 && digits <= 13
	}
	return digits == 10 || digits == 11
}

// readable reports the numbers that stay as typed: dates, amounts and
// versions.
func readable(n string) bool {
	return dateRE.MatchString(n) || amountRE.MatchString(n) || versionRE.MatchString(n)
}

// labelBefore reads the label right before a number, and for 〒 how many
// bytes it takes.
func labelBefore(before string) (numberKind, int) {
	if strings.HasSuffix(before, "0x") || strings.HasSuffix(before, "0X") {
		return hex, 0
	}
	if w := asciiWordRE.FindString(before); w != "" && !phoneLabelRE.MatchString(w) &&
		!accountLabelRE.MatchString(w) {
		return glued, 0
	}
	t := strings.TrimRight(before, labelTrim)
	switch {
	case postalLabelRE.MatchString(t):
		if strings.HasSuffix(t, "〒") {
			return postalLabel, len(before) - len(t) + len("〒")
		}
		return postalLabel, 0
	case phoneLabelRE.MatchString(t):
		return phoneLabel, 0
	case accountLabelRE.MatchString(t):
		return accountLabel, 0
	}
	return plain, 0
}

// countDigits returns the number of ASCII digits in s and the longest run
// of them.
func countDigits(s string) (n, longest int) {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return n, longest
}

// maskIPs masks IPv4 addresses (four numbers up to 255) and IPv6
// addresses that stand alone.
func maskIPs(s string) string {
	s = ipv4RE.ReplaceAllStringFunc(s, func(ip string) string {
		for _, o := range strings.Split(ip, ".") {
			if v, err := strconv.Atoi(o); err != nil || v > 255 {
				return ip
			}
		}
		return IP
	})
	return replaceStandalone(s, ipv6RE.FindAllStringIndex(s, -1), IP)
}

// replaceStandalone replaces the matches at locs that no letter, digit
// or colon touches.
func replaceStandalone(s string, locs [][]int, repl string) string {
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		if touchesWord(s, loc[0], loc[1]) || strings.Count(s[loc[0]:loc[1]], ":") < 2 {
			continue
		}
		b.WriteString(s[last:loc[0]])
		b.WriteString(repl)
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

func touchesWord(s string, start, end int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:start])
	q, _ := utf8.DecodeRuneInString(s[end:])
	return isASCIIWord(r) || isASCIIWord(q)
}

func isASCIIWord(r rune) bool {
	return r < utf8.RuneSelf && (r == '_' || r == ':' || r >= '0' && r <= '9' ||
		r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

// maskBirthdays masks a date after 生年月日/誕生日 or before 生まれ.
func maskBirthdays(s string) string {
	return birthdayRE.ReplaceAllString(s, "${1}"+Birthday+"${2}")
}

// maskAddresses masks the block and house numbers of addresses; the
// place names before them stay.
func maskAddresses(s string) string {
	s = addressRE.ReplaceAllStringFunc(s, func(a string) string {
		m := addressRE.FindStringSubmatchIndex(a)
		num := a[m[4]:m[5]]
		if d, _ := countDigits(num); strings.HasPrefix(num, "0") && d >= 10 {
			return a // a phone number after a place name (市役所03-…)
		}
		return a[:m[4]] + Address
	})
	return chomeRE.ReplaceAllString(s, Address)
}

// maskIDs masks alphanumeric IDs after a label (パスポート番号TK1234567,
// 会員ID ab12345): letters and digits both. Digit-only ones are numbers.
// maskPasswords replaces a password or PIN after its label.
func maskPasswords(s string) string {
	return passwordRE.ReplaceAllString(s, "${1}${2}"+Password)
}

func maskIDs(s string) string {
	return idRE.ReplaceAllStringFunc(s, func(m string) string {
		g := idRE.FindStringSubmatch(m)
		id := g[3]
		if d, _ := countDigits(id); d == 0 || !asciiLetterRE.MatchString(id) {
			return m
		}
		return g[1] + g[2] + Number
	})
}
