package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/cache"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/metrics"
	"github.com/soudan-desk/soudan/retrieval"
)

// The search answer is written as three parts: the query echo, the body
// (everything between, the same for every spelling of one normalised
// query) and took_ms. The result cache holds the body only.
const (
	bodyPrefix = `{"query":"",`
	bodySuffix = `,"took_ms":0}`
)

// CacheHeader tells whether the result cache answered a search: "hit" or
// "miss". It is absent when the cache is off.
const CacheHeader = "X-Soudan-Cache"

// cacheKey is the result-cache key of a valid query.
func cacheKey(q retrieval.Query) string {
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	return cache.Key(corpus.Normalize(q.Text), q.K, kinds, q.Debug)
}

// lookup returns the cached body of q for generation gen and counts the
// look-up in the metrics.
func (s *Server) lookup(gen uint64, key string) ([]byte, bool) {
	body, ok := s.cache.Get(gen, key)
	if ok {
		metrics.CacheRequests.WithLabelValues("hit").Inc()
	} else {
		metrics.CacheRequests.WithLabelValues("miss").Inc()
	}
	return body, ok
}

// encodeBody encodes resp without its query echo and took_ms: the part of
// the answer that the cache keeps. ok is false when the response type no
// longer starts with the query and ends with took_ms (a test guards this).
func encodeBody(resp api.SearchResponse) (body []byte, ok bool, err error) {
	resp.Query, resp.TookMS = "", 0
	b, err := json.Marshal(resp)
	if err != nil {
		return nil, false, err
	}
	if !bytes.HasPrefix(b, []byte(bodyPrefix)) || !bytes.HasSuffix(b, []byte(bodySuffix)) {
		return b, false, nil
	}
	return b[len(bodyPrefix) : len(b)-len(bodySuffix)], true, nil
}

var answerBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeAnswer writes {"query":<query>,<body>,"took_ms":<took>}, byte for
// byte what encoding the whole response would give.
func writeAnswer(c *gin.Context, query string, body []byte, took time.Duration) {
	buf := answerBufs.Get().(*bytes.Buffer)
	defer answerBufs.Put(buf)
	buf.Reset()
	q, _ := json.Marshal(query) // a string always encodes
	buf.WriteString(`{"query":`)
	buf.Write(q)
	buf.WriteByte(',')
	buf.Write(body)
	buf.WriteString(`,"took_ms":`)
	buf.Write(strconv.AppendFloat(buf.AvailableBuffer(), tookMS(took), 'f', -1, 64))
	buf.WriteByte('}')
	c.Data(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
}

// tookMS is took in milliseconds at microsecond precision, as
// api.NewSearchResponse reports it.
func tookMS(took time.Duration) float64 { return float64(took.Microseconds()) / 1000 }
