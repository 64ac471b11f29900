package web

import (
	"bytes"
	"encoding/binary"
	"net/http"
	"runtime"
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

// The search answer is encoded once with an empty query echo and took_ms
// 0; what follows the empty query is the part kept (and cached), with the
// offset of took_ms's value in front. Writing an answer puts the request's
// own query and time into it.
const (
	queryPrefix = `{"query":""`
	tookKey     = `"took_ms":0`
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
// the answer that the cache keeps, as a 4-byte offset of took_ms's value
// followed by the JSON after the query echo. It encodes into dst's
// storage and returns it grown (buf) for reuse; body lies in buf. ok is
// false when the response type no longer starts with the query or has no
// took_ms (a test guards this).
func encodeBody(dst []byte, enc *api.Encoder, resp *retrieval.Response, debug bool) (buf, body []byte, ok bool, err error) {
	blank := *resp
	blank.Query, blank.Took = "", 0
	b, err := enc.AppendSearchResponse(dst[:0], &blank, debug)
	if err != nil {
		return b, nil, false, err
	}
	at := bytes.LastIndex(b, []byte(tookKey))
	if !bytes.HasPrefix(b, []byte(queryPrefix)) || at < len(queryPrefix) {
		return b, b, false, nil
	}
	rest := b[len(queryPrefix)-4:] // room for the offset, over the prefix's last bytes
	binary.BigEndian.PutUint32(rest, uint32(at+len(tookKey)-1-len(queryPrefix)))
	return b, rest, true, nil
}

// bodyBufs hold the storage of encodeBody between searches.
var bodyBufs = sync.Pool{New: func() any { return new([]byte) }}

// genEncoder is the response encoder of one engine generation.
type genEncoder struct {
	gen uint64
	enc *api.Encoder
}

// encoderFor returns the response encoder of engine generation gen: one
// per generation, so that each corpus's entries are encoded once and an
// old corpus's go with it.
func (s *Server) encoderFor(gen uint64) *api.Encoder {
	cur := s.encoder.Load()
	if cur != nil && cur.gen == gen {
		return cur.enc
	}
	next := &genEncoder{gen: gen, enc: api.NewEncoder()}
	if cur == nil || cur.gen < gen {
		s.encoder.CompareAndSwap(cur, next)
	}
	return next.enc
}

var answerBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeAnswer writes the answer kept in body (see encodeBody) with query
// and took put in: byte for byte what encoding the whole response gives.
func writeAnswer(c *gin.Context, query string, body []byte, took time.Duration) {
	buf := answerBufs.Get().(*bytes.Buffer)
	defer answerBufs.Put(buf)
	buf.Reset()
	at, rest := binary.BigEndian.Uint32(body), body[4:]
	buf.WriteString(`{"query":`)
	buf.Write(api.AppendString(buf.AvailableBuffer(), query))
	buf.Write(rest[:at])
	buf.Write(strconv.AppendFloat(buf.AvailableBuffer(), tookMS(took), 'f', -1, 64))
	buf.Write(rest[at+1:])
	// With its length known, the answer goes out in one piece rather
	// than chunked, and in one write where the connection can be corked
	// (onewrite.go).
	c.Header("Content-Length", strconv.Itoa(buf.Len()))
	if cc := corkFor(c); cc != nil {
		// Yield after sending (deferred calls run last first): the client's
		// next request can be in before this goroutine reads again, and it
		// would then keep the processor while other connections wait.
		defer runtime.Gosched()
		cc.cork()
		defer cc.uncork()
		defer c.Writer.Flush() // net/http's buffers into the held write
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
}

// tookMS is took in milliseconds at microsecond precision, as
// api.NewSearchResponse reports it.
func tookMS(took time.Duration) float64 { return float64(took.Microseconds()) / 1000 }
