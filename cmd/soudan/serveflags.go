package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/web"
)

// defaultAddr is where `soudan serve` listens unless told otherwise: the
// machine itself. Serving the desk's network is an explicit --addr.
const defaultAddr = "127.0.0.1:8080"

// defaultCacheMB is the result cache's default size: some thousands of
// answers, a small part of the process's memory.
const defaultCacheMB = 16

// serveFlags are serve's own flags: where to listen, who may do what, and
// how to log.
type serveFlags struct {
	addr           string
	marks          string
	editorToken    string
	allowedHosts   string
	trustedProxies string
	insecureNoAuth bool
	logFormat      string
	dictCache      string
	cacheMB        int
	cacheEnv       string      // SOUDAN_CACHE_MB as set, checked by checkCache
	store          storeFlags  // store.go
	record         recordFlags // store.go
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.addr, "addr", envOr("ADDR", defaultAddr), "listen `address` (env ADDR); a non-loopback address needs --editor-token or --insecure-no-auth")
	fs.StringVar(&f.marks, "marks", envOr("SOUDAN_MARKS", ""), "marks `file` of earlier versions to import into the store once (default: <corpus>/dupes-marks.json and ./soudan-marks.json; env SOUDAN_MARKS)")
	f.store.register(fs)
	f.record.register(fs)
	fs.StringVar(&f.editorToken, "editor-token", envOr("SOUDAN_EDITOR_TOKEN", ""), "`token` the editors' pages and API require (env SOUDAN_EDITOR_TOKEN; prefer the environment: flags show in ps)")
	fs.StringVar(&f.allowedHosts, "allowed-hosts", envOr("SOUDAN_ALLOWED_HOSTS", ""), "comma-separated host `names` accepted besides localhost and the listen address, e.g. the name staff type in the browser (env SOUDAN_ALLOWED_HOSTS)")
	fs.StringVar(&f.trustedProxies, "trusted-proxies", envOr("SOUDAN_TRUSTED_PROXIES", ""), "comma-separated `addresses` of reverse proxies whose X-Forwarded-For names the client in logs (env SOUDAN_TRUSTED_PROXIES)")
	fs.BoolVar(&f.insecureNoAuth, "insecure-no-auth", false, "serve a non-loopback address without an editor token (only behind a proxy that authenticates editors)")
	f.cacheEnv = os.Getenv("SOUDAN_CACHE_MB")
	f.cacheMB = defaultCacheMB
	if n, err := strconv.Atoi(f.cacheEnv); err == nil {
		f.cacheMB = n
	}
	fs.IntVar(&f.cacheMB, "cache-mb", f.cacheMB, "result cache size in `MiB`; 0 turns the cache off (env SOUDAN_CACHE_MB)")
	registerDictCache(fs, &f.dictCache)
	fs.StringVar(&f.logFormat, "log-format", envOr("SOUDAN_LOG_FORMAT", "text"), "log format: text or json (env SOUDAN_LOG_FORMAT)")
}

// registerDictCache adds --dict-cache, the folder of the dictionary
// snapshot, to fs.
func registerDictCache(fs *flag.FlagSet, dir *string) {
	fs.StringVar(dir, "dict-cache", index.DefaultDictCache(), "`folder` of the dictionary snapshot that makes start-up fast, written on first use; \"off\" for none (env "+index.DictCacheEnv+", which every command reads; default: soudan in the user's cache folder)")
}

// errNoToken is the refusal to serve the network without an editor token.
var errNoToken = errors.New("refusing to listen on a non-loopback address without an editor token: " +
	"set SOUDAN_EDITOR_TOKEN (or --editor-token), or put an authenticating proxy in front and pass --insecure-no-auth")

// errBadToken is the refusal of an editor token that cannot travel
// intact in a header and a cookie, or that is blank.
var errBadToken = errors.New("the editor token must be printable ASCII without spaces, quotes, commas, semicolons " +
	"or backslashes, since it travels in an Authorization header and a cookie (for example: openssl rand -hex 32)")

// checkAccess refuses a configuration that would open the editors' routes
// to the network, and an editor token that would lock editors out.
func (f *serveFlags) checkAccess(addr string) error {
	if f.editorToken != "" && !cookieSafe(f.editorToken) {
		return errBadToken
	}
	if f.editorToken == "" && !f.insecureNoAuth && !web.IsLoopback(addr) {
		return fmt.Errorf("%w (listen address %s)", errNoToken, addr)
	}
	return nil
}

// cookieSafe reports whether s is made only of the bytes a cookie value
// holds unquoted (RFC 6265's cookie-octet): printable ASCII but space,
// '"', ',', ';' and '\\'.
func cookieSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\' {
			return false
		}
	}
	return true
}

// checkCache rejects a negative cache size or an unreadable
// SOUDAN_CACHE_MB.
func (f *serveFlags) checkCache() error {
	if _, err := strconv.Atoi(f.cacheEnv); f.cacheEnv != "" && err != nil {
		return fmt.Errorf("SOUDAN_CACHE_MB=%q is not a whole number of MiB", f.cacheEnv)
	}
	if f.cacheMB < 0 {
		return fmt.Errorf("--cache-mb must not be negative, got %d", f.cacheMB)
	}
	return nil
}

// cacheBytes is the result cache's size in bytes.
func (f *serveFlags) cacheBytes() int64 { return int64(f.cacheMB) << 20 }

// webConfig returns the access part of the server's configuration for a
// server listening on addr.
func (f *serveFlags) webConfig(addr string, logger *slog.Logger) web.Config {
	return web.Config{
		Logger:         logger,
		EditorToken:    f.editorToken,
		AllowedHosts:   web.AllowedHosts(addr, splitList(f.allowedHosts)),
		TrustedProxies: splitList(f.trustedProxies),
		CacheBytes:     f.cacheBytes(),
	}
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// newLogger returns the process's one logger, writing text or JSON lines
// to w.
func newLogger(format string, w io.Writer) (*slog.Logger, error) {
	switch format {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("unknown log format %q (want text or json)", format)
}
