package reload

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/metrics"
)

// once runs one load → check → build → swap.
func (r *Reloader) once() Status {
	began := time.Now()
	initial := r.cur == nil
	c, loadErr := r.cfg.Load()
	errs, warns := corpus.Findings(c, loadErr)
	all := problemStrings(errs)
	if c == nil {
		if len(all) == 0 {
			all = []string{"the corpus folder could not be read"}
		}
		return r.refuse(initial, all, len(warns))
	}
	if len(c.Entries) == 0 {
		return r.refuse(initial, append(all, "the corpus gives no entries"), len(warns))
	}
	if !initial {
		if blocking := r.blocking(errs); len(blocking) > 0 {
			r.log.Warn("reload refused: the new load has errors the serving one had not; the previous index still serves",
				slog.Int("errors", len(blocking)), slog.String("first", blocking[0]))
			return r.refuse(initial, all, len(warns))
		}
		if c.Fingerprint() == r.cur.Fingerprint() {
			return r.unchanged(all, len(warns))
		}
	}
	install, err := r.cfg.Build(r.base, c)
	if err != nil {
		return r.refuse(initial, append(all, fmt.Sprintf("building the index: %v", err)), len(warns))
	}
	var ch Changes
	if !initial {
		ch = Compare(r.cur, c)
	}
	st := r.swap(install, c, all, len(warns))
	gen := st.Generation
	metrics.CorpusGeneration.Set(float64(gen))
	metrics.IndexEntries.Set(float64(len(c.Entries)))
	r.follow(c, gen)
	attrs := []any{slog.Uint64("generation", gen), slog.Int("entries", len(c.Entries)),
		slog.Int("errors", len(all)), slog.Int("warnings", len(warns)),
		slog.Duration("took", time.Since(began).Round(time.Millisecond))}
	if initial {
		r.log.Info("corpus loaded", attrs...)
		if len(all) > 0 {
			r.log.Warn("the corpus has errors; each costs only its record or file (soudan corpus --check lists them)",
				slog.Int("errors", len(all)), slog.String("first", all[0]))
		}
		return st
	}
	metrics.Reloads.WithLabelValues("ok").Inc()
	r.log.Info("corpus reloaded", append(attrs, ch.logAttrs()...)...)
	return st
}

// swap installs a build and records its status in one step for Status
// readers: whoever saw the new index sees its status.
func (r *Reloader) swap(install func() uint64, c *corpus.Corpus, errs []string, warns int) Status {
	r.swapMu.Lock()
	defer r.swapMu.Unlock()
	gen := install()
	r.cur, r.curErr = c, setOf(errs)
	now := r.cfg.Now()
	st := &Status{Generation: gen, Entries: len(c.Entries), LoadedAt: now, Fingerprint: c.Fingerprint(),
		OK: true, At: now, Errors: errs, Warnings: warns}
	r.status.Store(st)
	return *st
}

// refuse records a failed attempt; the serving index stays.
func (r *Reloader) refuse(initial bool, errs []string, warns int) Status {
	st := r.Status()
	st.OK, st.At, st.Errors, st.Warnings = false, r.cfg.Now(), errs, warns
	r.status.Store(&st)
	if !initial {
		metrics.Reloads.WithLabelValues("error").Inc()
	}
	return st
}

// unchanged records an attempt that found the same files as served.
func (r *Reloader) unchanged(errs []string, warns int) Status {
	st := r.Status()
	st.OK, st.At, st.Errors, st.Warnings = true, r.cfg.Now(), errs, warns
	r.status.Store(&st)
	metrics.Reloads.WithLabelValues("ok").Inc()
	r.log.Info("corpus unchanged", slog.Uint64("generation", st.Generation))
	return st
}

// blocking returns the errors of a new load that refuse a reload: those
// the serving corpus was not accepted with. A new error may sit in a file
// that did not change: an edit of one file can break another, as when it
// drops an entry that annotations.yaml annotates, or duplicates an ID.
func (r *Reloader) blocking(errs []corpus.Problem) []string {
	var out []string
	for _, p := range errs {
		if s := p.Placed(); !r.curErr[s] {
			out = append(out, s)
		}
	}
	return out
}

func problemStrings(ps []corpus.Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Placed()
	}
	return out
}

func setOf(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
