package corpus

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Org is a canonical referral organisation with the spellings the manual
// uses for it. Contacts come only from the corpus text or from the
// editable directory file; soudan never invents one.
type Org struct {
	Name    string   `yaml:"name" json:"name"`
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Phone   string   `yaml:"phone,omitempty" json:"phone,omitempty"`
	URL     string   `yaml:"url,omitempty" json:"url,omitempty"`
	Email   string   `yaml:"email,omitempty" json:"email,omitempty"`
	// Source says where a contact was taken from, for editors.
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
	Line   int    `yaml:"-" json:"-"`
}

// Directory maps the organisation names found in referral lines to
// canonical organisations.
type Directory struct {
	File string
	Orgs []*Org
	// aliases sorted longest first, normalised.
	aliases []dirAlias
}

type dirAlias struct {
	norm string
	org  *Org
	// runes is the set of norm's runes, hashed (see runeSet): an alias
	// can only occur in a text whose set holds all of them.
	runes runeSet
}

// runeSet is a 256-bit Bloom-style set of runes, one hashed bit each.
// Finding the directory's aliases in a line tests each alias's set
// against the line's first, which rules out most of them without a
// string search.
type runeSet [4]uint64

// runeSetOf returns the set of s's runes.
func runeSetOf(s string) runeSet {
	var set runeSet
	for _, r := range s {
		h := uint32(r) * 0x9E3779B1 >> 24
		set[h>>6] |= 1 << (h & 63)
	}
	return set
}

// within reports whether every rune of set may be in other.
func (set *runeSet) within(other *runeSet) bool {
	return set[0]&^other[0]|set[1]&^other[1]|set[2]&^other[2]|set[3]&^other[3] == 0
}

type directoryFile struct {
	Orgs []yaml.Node `yaml:"orgs"`
}

// ParseDirectory reads a directory file (YAML: `orgs: [{name, aliases,
// phone, url, email, source}]`). Errors name the file and line.
func ParseDirectory(file string, data []byte) (*Directory, error) {
	var f directoryFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, yamlError(file, string(data), err)
	}
	d := &Directory{File: file}
	seen := map[string]int{}
	for _, n := range f.Orgs {
		var o Org
		if err := n.Decode(&o); err != nil {
			return nil, yamlNodeError(file, &n, err)
		}
		o.Line = n.Line
		o.Name = strings.TrimSpace(o.Name)
		if o.Name == "" {
			return nil, &Error{File: file, Line: n.Line, Err: fmt.Errorf("organisation without a name")}
		}
		for _, a := range append([]string{o.Name}, o.Aliases...) {
			k := aliasKey(a)
			if prev, ok := seen[k]; ok {
				return nil, &Error{File: file, Line: n.Line, Err: fmt.Errorf("alias %q already belongs to the organisation at line %d", a, prev)}
			}
			seen[k] = n.Line
		}
		d.add(&o)
	}
	return d, nil
}

func (d *Directory) add(o *Org) {
	d.Orgs = append(d.Orgs, o)
	for _, a := range append([]string{o.Name}, o.Aliases...) {
		if k := aliasKey(a); k != "" {
			d.aliases = append(d.aliases, dirAlias{norm: k, org: o, runes: runeSetOf(k)})
		}
	}
	sort.SliceStable(d.aliases, func(i, j int) bool { return len(d.aliases[i].norm) > len(d.aliases[j].norm) })
}

// aliasKey is the form names are compared in: normalised, without spaces
// (ASCII white space and the ideographic space) and with 、/・ unified.
func aliasKey(s string) string { return normalizedKey(Normalize(s)) }

// normalizedKey is aliasKey of a text already normalised.
func normalizedKey(s string) string {
	var b []byte // nil until the first change
	last := 0    // s[last:i] is still to be copied to b
	for i := 0; i < len(s); {
		var repl string
		n := 1
		switch c := s[i]; {
		case c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ':
		case c == ',':
			repl = "・"
		case strings.HasPrefix(s[i:], "　"):
			n = len("　")
		case strings.HasPrefix(s[i:], "、"):
			repl, n = "・", len("、")
		default:
			i++
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(append(b, s[last:i]...), repl...)
		i += n
		last = i
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

// Lookup returns the organisation whose name or alias is exactly name.
func (d *Directory) Lookup(name string) (*Org, bool) {
	if d == nil {
		return nil, false
	}
	k := aliasKey(name)
	for _, a := range d.aliases {
		if a.norm == k {
			return a.org, true
		}
	}
	return nil, false
}

// orgMatch is one occurrence of an organisation in a text.
type orgMatch struct {
	org   *Org
	start int // byte offsets in the alias-key form of the text
	end   int
}

// find returns the non-overlapping organisation mentions in text, longest
// alias first, in text order. Offsets refer to aliasKey(text).
func (d *Directory) find(text string) ([]orgMatch, string) {
	return d.findKey(aliasKey(text))
}

// findKey is find of a text already in aliasKey form.
func (d *Directory) findKey(k string) ([]orgMatch, string) {
	if d == nil {
		return nil, k
	}
	taken := make([]bool, len(k))
	var ms []orgMatch
	in := runeSetOf(k)
	for i := range d.aliases {
		a := &d.aliases[i]
		if !a.runes.within(&in) {
			continue
		}
		for off := 0; ; {
			i := strings.Index(k[off:], a.norm)
			if i < 0 {
				break
			}
			s, e := off+i, off+i+len(a.norm)
			free := true
			for p := s; p < e; p++ {
				if taken[p] {
					free = false
					break
				}
			}
			if free {
				for p := s; p < e; p++ {
					taken[p] = true
				}
				ms = append(ms, orgMatch{org: a.org, start: s, end: e})
			}
			off = e
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	return ms, k
}

// Mentions returns the canonical organisations named in text, in text order.
func (d *Directory) Mentions(text string) []*Org {
	ms, _ := d.find(text)
	out := make([]*Org, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.org)
	}
	return out
}
