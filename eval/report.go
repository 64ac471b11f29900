package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Provenance records what a run measured.
type Provenance struct {
	Suite string `json:"suite"`
	// Split is the half of the suite evaluated (heldout, tune, all).
	Split string `json:"split,omitempty"`
	// Target is "in-process", the server URL, or "run:" and a TREC run file.
	Target            string            `json:"target"`
	CorpusFingerprint string            `json:"corpus_fingerprint,omitempty"`
	CorpusEntries     int               `json:"corpus_entries"`
	Config            map[string]string `json:"config,omitempty"`
	GitCommit         string            `json:"git_commit,omitempty"`
	Time              time.Time         `json:"time"`
}

// Report is everything one `soudan eval` invocation found. Its JSON form is
// the --json output and the --baseline input.
type Report struct {
	Run
	// Comparison is set with a baseline or a second configuration.
	Comparison *Comparison `json:"comparison,omitempty"`
	// Alternative is the run of the second configuration, if any: the
	// comparison's candidate, while Run is its baseline.
	Alternative *Run `json:"alternative,omitempty"`
}

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// LoadReport reads a report written by [WriteJSON].
func LoadReport(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: not an eval report: %v", path, err)
	}
	if r.Summary == nil || r.PerQuery == nil {
		return nil, fmt.Errorf("%s: not an eval report: no summary or per-query results", path)
	}
	for _, q := range r.PerQuery {
		if q == nil || q.ID == "" || q.Metrics == nil {
			return nil, fmt.Errorf("%s: per-query result without id or metrics", path)
		}
	}
	return &r, nil
}

// GitCommit returns the commit checked out in dir (the working directory
// when empty), or "" when it cannot tell.
func GitCommit(ctx context.Context, dir string) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "HEAD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// writeFile creates path and writes to it with fn, reporting the first
// error of writing or closing.
func writeFile(path string, fn func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := fn(f); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
