package corpus

import (
	"regexp"
	"strings"
)

// Freeplane (1.9 on) can keep a note or details as Markdown (saved with
// CONTENT-TYPE="plain/markdown") and show a node's own text as Markdown
// (FORMAT="markdownPatternFormat"), rendered in the map. markdownLines
// reads such lines without their markup, as richLines reads HTML: block
// markers (headings, quotes, bullets, rules, code fences) and inline
// markup (emphasis, code spans, links, images, escapes) are dropped, and a
// link keeps its URL after its text. Numbered list items keep their
// numbers; the text of a fenced code block is kept as it is.

var (
	mdFenceRE   = regexp.MustCompile("^\\s{0,3}(```|~~~)")
	mdHeadingRE = regexp.MustCompile(`^\s{0,3}#{1,6}(?:\s+|$)`)
	mdClosingRE = regexp.MustCompile(`\s+#+\s*$`)
	mdQuoteRE   = regexp.MustCompile(`^\s{0,3}>\s?`)
	mdRuleRE    = regexp.MustCompile(`^\s{0,3}([-*_])(?:\s*[-*_]){2,}\s*$`)
	mdBulletRE  = regexp.MustCompile(`^\s*[-*+]\s+(?:\[[ xX]\]\s+)?`)
	mdImageRE   = regexp.MustCompile(`!\[([^\]]*)\]\([^)\s]*(?:\s+"[^"]*")?\)`)
	mdLinkRE    = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	mdAutoRE    = regexp.MustCompile(`<(https?://[^>\s]+)>`)
	mdCodeRE    = regexp.MustCompile("`+([^`]+)`+")
	mdStrongRE  = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__|~~([^~]+)~~`)
	mdEmRE      = regexp.MustCompile(`(^|[^\\*\w])\*([^*\s](?:[^*]*[^*\s])?)\*`)
	mdEscapeRE  = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!>~|])")
	mdSpacesRE  = regexp.MustCompile(`[ \t]+`)
)

// markdownLines returns lines read as Markdown, without the markup.
func markdownLines(lines []Line) []Line {
	out := make([]Line, 0, len(lines))
	fenced := false
	for _, l := range lines {
		switch {
		case mdFenceRE.MatchString(l.Text):
			fenced = !fenced
			continue
		case fenced:
		case mdRuleRE.MatchString(l.Text):
			l.Text = ""
		default:
			l.Text = markdownText(l.Text)
		}
		out = append(out, l)
	}
	return out
}

// markdownStrings is markdownLines for lines of text.
func markdownStrings(ts []string) []string {
	ls := make([]Line, len(ts))
	for i, t := range ts {
		ls[i].Text = t
	}
	return texts(markdownLines(ls))
}

// markdownText returns one line of Markdown without its markup.
func markdownText(s string) string {
	for mdQuoteRE.MatchString(s) {
		s = mdQuoteRE.ReplaceAllString(s, "")
	}
	if loc := mdHeadingRE.FindStringIndex(s); loc != nil {
		s = mdClosingRE.ReplaceAllString(s[loc[1]:], "")
	}
	s = mdBulletRE.ReplaceAllString(s, "")
	s = mdImageRE.ReplaceAllString(s, "$1")
	s = mdLinkRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := mdLinkRE.FindStringSubmatch(m)
		text, url := sub[1], sub[2]
		if (strings.HasPrefix(url, "http://") || strings.HasPrefix(url, "https://")) && !strings.Contains(text, url) {
			return text + " " + url + " "
		}
		return text
	})
	s = mdAutoRE.ReplaceAllString(s, "$1")
	s = mdCodeRE.ReplaceAllString(s, "$1")
	s = mdStrongRE.ReplaceAllString(s, "$1$2$3")
	s = mdEmRE.ReplaceAllString(s, "$1$2")
	s = mdEscapeRE.ReplaceAllString(s, "$1")
	return strings.TrimSpace(mdSpacesRE.ReplaceAllString(s, " "))
}
