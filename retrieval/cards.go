package retrieval

import (
	"strings"

	"github.com/soudan-desk/soudan/corpus"
)

// Card is a referral card: one organisation and action that the answer
// staff should give names, with the entries it comes from.
type Card struct {
	corpus.Referral
	// From holds the IDs of the results whose answer names this referral
	// (directly, or through their section when they name none), in rank
	// order.
	From []string
}

// answers returns the results whose referrals are shown: the first
// result; the others of the top ReferralsTop that answer the same question
// about as well (they score at least NearEqual of its score, wherever the
// manual puts them: a standard answer and the emergency steps for the same
// incident sit in different sections), or that are the section entry the
// first result sits in (a question under a topic answers in detail what
// the topic answers, so when the search also finds the topic, its
// destinations are the answer's too); and, when none of these names a
// referral, the best of the next results that does and scores at least
// CardFallback of the first.
func (e *Engine) answers(results []Result) []Result {
	if len(results) == 0 {
		return nil
	}
	out := results[:1:1]
	first := results[0]
	named := len(e.entryReferrals(first.Entry)) > 0
	for i := 1; i < len(results) && i < ReferralsTop; i++ {
		r := results[i]
		if e.nearEqual(first, r) {
			out = append(out, r)
			named = named || len(e.entryReferrals(r.Entry)) > 0
		}
	}
	if named || e.opts.CardFallback <= 0 {
		return out
	}
	for i := 1; i < len(results) && i < ReferralsTop; i++ {
		r := results[i]
		if r.Score < e.opts.CardFallback*first.Score {
			break
		}
		if len(e.entryReferrals(r.Entry)) > 0 {
			return append(out, r)
		}
	}
	return out
}

// nearEqual reports whether r, a result after first, answers the caller
// as first does: it scores at least NearEqual of first's score, or it is
// the section entry first sits in. NearEqual 0 shows the first result's
// cards alone.
func (e *Engine) nearEqual(first, r Result) bool {
	if e.opts.NearEqual <= 0 {
		return false
	}
	return r.Score >= e.opts.NearEqual*first.Score || (first.Entry.Section != "" && r.Entry.ID == first.Entry.Section)
}

// entryReferrals returns what an entry refers callers to: its own
// referrals, or, when it names none, those of the section it sits in.
func (e *Engine) entryReferrals(en *corpus.Entry) []corpus.Referral {
	if len(en.Referrals) > 0 {
		return en.Referrals
	}
	if sec, ok := e.c.Entry(en.Section); ok {
		return sec.Referrals
	}
	return nil
}

// EntryReferrals returns the referrals that a search shows for en: its own,
// or its section's when it names none.
func (e *Engine) EntryReferrals(en *corpus.Entry) []corpus.Referral {
	return e.entryReferrals(en)
}

// cards builds the referral cards of the answers: one card per canonical
// organisation and action, in the order the answers name them (within one
// answer, organisations to refer to before the desk's own answer,
// 窓口回答). The desk's own answer is the first result's alone: the other
// answers add the destinations they refer callers to, since beside the
// first answer another entry's "the desk answers" gives staff nothing to
// act on. Phone and URL come from the first occurrence that has them.
func (e *Engine) cards(answers []Result) []Card {
	out := []Card{}
	for n, res := range answers {
		refs := e.entryReferrals(res.Entry)
		for _, desk := range []bool{false, true} {
			if desk && n > 0 {
				break // the desk's own answer is the first result's alone
			}
			for _, r := range refs {
				if (r.Action == corpus.ActionDesk) != desk {
					continue
				}
				i := cardOf(out, r)
				if i < 0 {
					out = append(out, Card{Referral: r, From: []string{res.Entry.ID}})
					continue
				}
				c := &out[i]
				if c.Phone == "" {
					c.Phone = r.Phone
				}
				if c.URL == "" {
					c.URL = r.URL
				}
				if c.From[len(c.From)-1] != res.Entry.ID {
					c.From = append(c.From, res.Entry.ID)
				}
			}
		}
	}
	return out
}

// cardOf returns the index of the card of cards for r's action and
// organisation, or -1: a search has a few cards, so a scan beats a map.
func cardOf(cards []Card, r corpus.Referral) int {
	for i, c := range cards {
		if sameCard(c.Referral, r) {
			return i
		}
	}
	return -1
}

// sameCard reports whether a and b give one card: the same action and
// organisation (their key action NUL organisation is the same).
func sameCard(a, b corpus.Referral) bool {
	if strings.IndexByte(string(a.Action), 0) < 0 && strings.IndexByte(string(b.Action), 0) < 0 {
		return a.Action == b.Action && a.Org == b.Org
	}
	return string(a.Action)+"\x00"+a.Org == string(b.Action)+"\x00"+b.Org
}

// routingEntries lists the entries that editors marked as the desk's
// routing for out-of-scope calls, in corpus order.
func routingEntries(c *corpus.Corpus) []*corpus.Entry {
	var out []*corpus.Entry
	for _, en := range c.Entries {
		if en.Routing {
			out = append(out, en)
		}
	}
	return out
}
