package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ollama/ollama/api"
)

// OllamaOptions configure [NewOllama]. Zero values select the defaults.
type OllamaOptions struct {
	// BaseURL is the Ollama server (default http://localhost:11434).
	BaseURL string
	// Model is the embedding model (default "bge-m3").
	Model string
	// BatchSize is the number of texts sent in one /api/embed request
	// (default 32).
	BatchSize int
	// QueryPrefix and DocumentPrefix are prepended to queries and
	// documents, for models trained with them (e.g. "query: " and
	// "passage: " for the E5 family). bge-m3 needs none.
	QueryPrefix    string
	DocumentPrefix string
	// Timeout bounds each request (default 60s; model loading is slow).
	Timeout time.Duration
	// HTTPClient is the client to use (default: a new http.Client).
	HTTPClient *http.Client
	// MaxResponseBytes bounds the body read from one response (default
	// 16 MiB: a batch of 32 vectors of 8,192 dimensions takes about 6):
	// a server or proxy that sends an endless body cannot fill memory.
	MaxResponseBytes int64
}

// DefaultMaxResponseBytes is OllamaOptions.MaxResponseBytes's default.
const DefaultMaxResponseBytes = 16 << 20

// Ollama is an [Embedder] backed by an Ollama server's /api/embed endpoint.
// It sends the texts in batches of BatchSize, one request per batch, one
// batch at a time.
type Ollama struct {
	opts   OllamaOptions
	client *api.Client
}

// NewOllama returns an Ollama embedder. It does not contact the server.
func NewOllama(opts OllamaOptions) (*Ollama, error) {
	if opts.BaseURL == "" {
		opts.BaseURL = "http://localhost:11434"
	}
	if opts.Model == "" {
		opts.Model = "bge-m3"
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 32
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Second
	}
	if opts.MaxResponseBytes <= 0 {
		opts.MaxResponseBytes = DefaultMaxResponseBytes
	}
	opts.HTTPClient = limitedClient(opts.HTTPClient, opts.MaxResponseBytes)
	u, err := parseBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	return &Ollama{opts: opts, client: api.NewClient(u, opts.HTTPClient)}, nil
}

// limitedClient returns a copy of c (a new client when nil) whose response
// bodies fail past max bytes.
func limitedClient(c *http.Client, max int64) *http.Client {
	var cp http.Client
	if c != nil {
		cp = *c
	}
	next := cp.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	cp.Transport = limitedTransport{next: next, max: max}
	return &cp
}

// limitedTransport bounds the bodies of the responses it passes on.
type limitedTransport struct {
	next http.RoundTripper
	max  int64
}

func (t limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{rc: resp.Body, left: t.max, max: t.max}
	return resp, nil
}

// limitedBody reads at most max bytes of rc, then fails.
type limitedBody struct {
	rc        io.ReadCloser
	left, max int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, fmt.Errorf("response larger than %d KiB", b.max>>10)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

// clip shortens s to at most n bytes, on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// parseBaseURL parses an Ollama server's URL: http or https, a host, and a
// port from 1 to 65535 when one is given. Its errors show the URL without
// its password.
func parseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the bare reason: url.Error repeats the whole URL
		}
		return nil, fmt.Errorf("ollama: base URL %q: %w", redactRawURL(s), err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" {
		return nil, fmt.Errorf("ollama: base URL %q: want http(s)://host[:port]", u.Redacted())
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("ollama: base URL %q: port %s is not between 1 and 65535", u.Redacted(), p)
		}
	}
	return u, nil
}

// redactRawURL hides what may be a password in a URL that does not parse:
// everything between the scheme and the last "@".
func redactRawURL(s string) string {
	at := strings.LastIndex(s, "@")
	if at < 0 {
		return s
	}
	start := 0
	if i := strings.Index(s, "://"); i >= 0 && i < at {
		start = i + 3
	}
	return s[:start] + "xxxxx" + s[at:]
}

// Name returns "ollama:<model>".
func (o *Ollama) Name() string { return "ollama:" + o.opts.Model }

// Embed implements [Embedder]. The vectors are returned as the server sends
// them; bge-m3's are unit length.
func (o *Ollama) Embed(ctx context.Context, texts []string, purpose Purpose) ([][]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("ollama: embed: %w", err)
	}
	prefix := o.opts.DocumentPrefix
	if purpose == PurposeQuery {
		prefix = o.opts.QueryPrefix
	}
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += o.opts.BatchSize {
		end := min(start+o.opts.BatchSize, len(texts))
		input := make([]string, 0, end-start)
		for _, t := range texts[start:end] {
			input = append(input, prefix+t)
		}
		vecs, err := o.embedBatch(ctx, input)
		if err != nil {
			return nil, fmt.Errorf("ollama: embed: texts %d-%d of %d: %w", start, end-1, len(texts), err)
		}
		if len(out) > 0 && len(vecs[0]) != len(out[0]) {
			return nil, fmt.Errorf("ollama: embed: model %s returned %d dimensions, then %d", o.opts.Model, len(out[0]), len(vecs[0]))
		}
		out = append(out, vecs...)
	}
	return out, nil
}

func (o *Ollama) embedBatch(ctx context.Context, input []string) ([][]float32, error) {
	ctx, cancel := context.WithTimeout(ctx, o.opts.Timeout)
	defer cancel()
	resp, err := o.client.Embed(ctx, &api.EmbedRequest{Model: o.opts.Model, Input: input})
	if err != nil {
		var se api.StatusError
		if errors.As(err, &se) {
			// The message is the body when it is not Ollama's JSON: a
			// proxy's whole HTML page.
			return nil, fmt.Errorf("server answered %d: %s", se.StatusCode, clip(se.Error(), 200))
		}
		return nil, err
	}
	if len(resp.Embeddings) != len(input) {
		return nil, fmt.Errorf("sent %d inputs, got %d embeddings", len(input), len(resp.Embeddings))
	}
	dim := len(resp.Embeddings[0])
	if dim == 0 {
		return nil, errors.New("got an empty embedding")
	}
	for i, v := range resp.Embeddings {
		if len(v) != dim {
			return nil, fmt.Errorf("embedding %d has %d dimensions, embedding 0 has %d", i, len(v), dim)
		}
	}
	return resp.Embeddings, nil
}
