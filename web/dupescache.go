package web

import (
	"encoding/json"
	"sync"

	"github.com/soudan-desk/soudan/dupes"
)

// The duplicate report is computed once per duplicate finder (one per
// corpus generation) and marks version, and kept encoded: asking again
// costs a copy, not a diff of every pair. A mark or unmark through this
// server starts a new marks version; a finder whose marks can change
// elsewhere (a store shared by replicas) says so through MarksVersion.

// marksVersioner is implemented by duplicate finders that know the
// version of their marks.
type marksVersioner interface {
	MarksVersion() uint64
}

// Bounds of the report cache: a handful of query variants, and no report
// bigger than reportCacheMaxBytes is kept.
const (
	reportCacheMaxEntries = 16
	reportCacheMaxBytes   = 32 << 20
)

// reportKey is what a full report depends on besides the versions.
type reportKey struct {
	threshold float64
	all, diff bool
}

// reportVersion identifies the finder and its marks.
type reportVersion struct {
	finder, localMarks, finderMarks uint64
}

// cachedReport is a full report and its JSON encoding.
type cachedReport struct {
	rep  *dupes.Report
	body []byte
}

// reportCache holds the reports of one version.
type reportCache struct {
	mu      sync.Mutex
	version reportVersion
	reports map[reportKey]cachedReport
	bytes   int
}

// get returns the report for (v, k) if cached.
func (rc *reportCache) get(v reportVersion, k reportKey) (cachedReport, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.version != v {
		return cachedReport{}, false
	}
	r, ok := rc.reports[k]
	return r, ok
}

// put encodes rep and keeps it for (v, k) when it fits; a new version
// drops the old version's reports.
func (rc *reportCache) put(v reportVersion, k reportKey, rep *dupes.Report) (cachedReport, error) {
	body, err := json.Marshal(rep)
	if err != nil {
		return cachedReport{}, err
	}
	r := cachedReport{rep: rep, body: body}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.version != v || rc.reports == nil {
		rc.version, rc.reports, rc.bytes = v, map[reportKey]cachedReport{}, 0
	}
	if len(rc.reports) < reportCacheMaxEntries && rc.bytes+len(body) <= reportCacheMaxBytes {
		rc.reports[k] = r
		rc.bytes += len(body)
	}
	return r, nil
}
