package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// Access control (contracts.md, "Addresses and access"):
//
//   - every request's Host must be an allowed host, else 421;
//   - a state-changing request (POST, DELETE, …) whose Origin header is
//     present and names another host, or that a browser marks as coming
//     from another origin (Sec-Fetch-Site), gets 403, so a page on another
//     site, another port of the same host, or a DNS-rebound name cannot
//     act through a desk member's browser;
//   - editors' routes, registered in the group [Server.editorRoutes],
//     require the editor token when one is set: "Authorization: Bearer
//     <token>", or the HttpOnly cookie the login form sets. A missing or
//     wrong token gets 401 {"error":{"code":"unauthorized",…}}; the
//     editors' pages answer with a Japanese login form instead.

// EditorCookie is the cookie that carries the editor token for the pages.
const EditorCookie = "soudan_editor"

// loopbackHosts are always allowed: a browser on the server itself.
var loopbackHosts = []string{"localhost", "127.0.0.1", "::1"}

// AllowedHosts returns the host names a server listening on listenAddr
// accepts in the Host header: the loopback names, the host part of a
// non-wildcard listen address, and each of extra (host names, with or
// without a port). A wildcard address (":8080", "0.0.0.0:8080", "[::]:80")
// adds only what extra names.
func AllowedHosts(listenAddr string, extra []string) []string {
	hosts := append([]string(nil), loopbackHosts...)
	add := func(h string) {
		if h != "" && !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	if h := hostPart(listenAddr); h != "" {
		if ip := net.ParseIP(h); ip == nil || !ip.IsUnspecified() {
			add(h)
		}
	}
	for _, e := range extra {
		add(hostPart(strings.TrimSpace(e)))
	}
	return hosts
}

// IsLoopback reports whether a listen address only accepts connections
// from the machine itself: localhost or a loopback IP. A wildcard or any
// other name is not loopback.
func IsLoopback(listenAddr string) bool {
	h := hostPart(listenAddr)
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// hostPart returns the lower-case host of "host", "host:port", "[v6]" or
// "[v6]:port", without brackets or a trailing dot.
func hostPart(hostport string) string {
	h := hostport
	if sh, _, err := net.SplitHostPort(hostport); err == nil {
		h = sh
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// hostAllowed reports whether h (a Host header or an Origin's host) is one
// of the allowed hosts. With no list configured, only same-host checks
// apply (see checkOrigin).
func (s *Server) hostAllowed(h string) bool {
	_, ok := s.allowedHosts[hostPart(h)]
	return ok
}

// checkHost answers 421 to a request whose Host header is not an allowed
// host: a DNS-rebound name pointing at the desk's server is refused
// before any handler runs.
func (s *Server) checkHost(c *gin.Context) {
	if s.allowedHosts != nil && !s.hostAllowed(c.Request.Host) {
		msg := "this server does not answer for host " + hostPart(c.Request.Host) + "; add it to --allowed-hosts"
		if hostPart(c.Request.Host) == "" {
			msg = "this request names no host (Host header); send the name this server answers for"
		}
		s.respondError(c, newError(http.StatusMisdirectedRequest, CodeMisdirected, msg))
		return
	}
	c.Next()
}

// checkOrigin answers 403 to a state-changing request that a browser
// says came from another origin (Sec-Fetch-Site: same-site or
// cross-site), or whose Origin header is present and names a host that is
// not allowed (or, with no allowed list, a host other than the request's
// own).
func (s *Server) checkOrigin(c *gin.Context) {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	if !foreignFetch(c.Request) && s.originOK(c.Request) {
		c.Next()
		return
	}
	s.log.Warn("foreign origin refused", slog.String("method", c.Request.Method),
		slog.String("route", c.FullPath()), slog.String("client", c.ClientIP()))
	s.respondError(c, newError(http.StatusForbidden, CodeForbidden, "requests from another site's pages are not accepted"))
}

// foreignFetch reports whether a browser says r comes from a page of
// another origin. The Origin check compares host names only, so a page on
// another port of the same host (another application on the server, a
// developer's localhost:3000) passes it, and being same-site it gets the
// editors' SameSite=Strict cookie; Sec-Fetch-Site, which the browser
// computes from the whole origin, tells it apart whatever a proxy does to
// Host. "none" is a request the user made (typed, bookmarked); clients
// that send no Sec-Fetch-Site (scripts, older browsers) are left to the
// Origin check.
func foreignFetch(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return false
	}
	return true
}

// originOK reports whether r's Origin header, when present, names an
// allowed host (with no allowed list: the request's own host).
func (s *Server) originOK(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if s.allowedHosts != nil {
		return s.hostAllowed(u.Host)
	}
	return hostPart(u.Host) == hostPart(r.Host)
}

// editorRoutes is the group editors' routes are registered in: the
// duplicate finder's page and API, /insights and /api/insights/…, and
// POST /api/admin/reload. With an editor token set, each needs it.
func (s *Server) editorRoutes() *gin.RouterGroup { return s.editor }

// tokenOK compares a presented token with the editor token in constant
// time. Hashing both first makes the comparison independent of the
// tokens' lengths too.
func (s *Server) tokenOK(presented string) bool {
	if presented == "" {
		return false
	}
	got := sha256.Sum256([]byte(presented))
	return subtle.ConstantTimeCompare(got[:], s.tokenSum[:]) == 1
}

// presentedToken returns the token a request carries: the bearer token
// when the Authorization header is a Bearer one (right or wrong: the
// cookie does not overrule it), else the editor cookie, and whether it
// came from the cookie. An Authorization header of another scheme, such
// as the Basic credentials an authenticating proxy passes on, is not
// soudan's and leaves the cookie in force.
func presentedToken(r *http.Request) (tok string, fromCookie bool) {
	scheme, tok, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(tok), false
	}
	if ck, err := r.Cookie(EditorCookie); err == nil {
		return ck.Value, ck.Value != ""
	}
	return "", false
}

// requireEditor guards the editors' routes. Without a token configured it
// only logs; with one, a request without the right token gets 401 (a
// login form on the pages). Editors' state-changing actions are logged
// with the client's address, never with their bodies.
func (s *Server) requireEditor(c *gin.Context) {
	if s.editorToken && !s.editorAllowed(c) {
		return
	}
	c.Next()
	if m := c.Request.Method; m != http.MethodGet && m != http.MethodHead {
		s.log.Info("editor action", slog.String("method", m), slog.String("route", c.FullPath()),
			slog.Int("status", c.Writer.Status()), slog.String("client", c.ClientIP()))
	}
}

// editorAPIPrefixes are the paths under which every route is an
// editor's: a request there that no route matches must not tell a
// client without the token which routes exist.
var editorAPIPrefixes = []string{"/api/insights/", "/api/duplicates/", "/api/admin/"}

// editorOnly answers a request under editorAPIPrefixes that lacks the
// editor token (editorAllowed) and reports whether it did.
func (s *Server) editorOnly(c *gin.Context) bool {
	if !s.editorToken {
		return false
	}
	p := c.Request.URL.Path
	for _, pre := range editorAPIPrefixes {
		if strings.HasPrefix(p, pre) {
			return !s.editorAllowed(c)
		}
	}
	return false
}

// editorAllowed reports whether the request carries the editor token, and
// answers it when not: 429 when its client has no tries left
// (throttle.go), else 401. A presented token counts as a try, given back
// when right; a wrong cookie (the token was rotated) is cleared, so that
// the browser stops presenting it.
func (s *Server) editorAllowed(c *gin.Context) bool {
	tok, fromCookie := presentedToken(c.Request)
	if tok != "" {
		if !s.takeGuess(c) {
			return false
		}
		if s.tokenOK(tok) {
			s.rightToken(c)
			return true
		}
	}
	if fromCookie {
		s.setEditorCookie(c, "", -1)
	}
	s.log.Warn("editor token missing or wrong", slog.String("method", c.Request.Method),
		slog.String("route", c.FullPath()), slog.String("client", c.ClientIP()))
	if strings.HasPrefix(c.Request.URL.Path, "/api/") || !acceptsHTML(c.Request) {
		c.Header("WWW-Authenticate", `Bearer realm="soudan"`)
		s.respondError(c, newError(http.StatusUnauthorized, CodeUnauthorized, "this route needs the editor token (Authorization: Bearer <token>)"))
		return false
	}
	s.loginPage(c, http.StatusUnauthorized, c.Request.URL.Path, "")
	return false
}

// acceptsHTML reports whether r's Accept header admits an HTML answer:
// no header, or a text/html, text/* or */* range whose q is not 0.
// Browsers always list one; a client that accepts only JSON gets the
// JSON error instead of the editors' login form.
func acceptsHTML(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	if strings.TrimSpace(accept) == "" {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		typ, params, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(typ)) {
		case "text/html", "text/*", "*/*":
			if !zeroQ(params) {
				return true
			}
		}
	}
	return false
}

// zeroQ reports whether a media range's parameters give it q=0 (not
// acceptable).
func zeroQ(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q == 0
		}
	}
	return false
}

// editorPages are the pages a login may return to.
var editorPages = map[string]bool{"/duplicates": true, "/insights": true}

var loginTmpl = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>編集者ログイン — soudan</title><link rel="stylesheet" href="{{.Style}}"></head>
<body><main class="login">
<h1>編集者ログイン</h1>
<p>このページは編集者専用です。管理者から受け取った編集者トークンを入力してください。</p>
{{if .Problem}}<p id="token-error" class="error" role="alert">{{.Problem}}</p>{{end}}
<form method="post" action="/login">
<input type="hidden" name="next" value="{{.Next}}">
<label for="token">編集者トークン</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus
{{- if .Problem}} aria-invalid="true" aria-describedby="token-error"{{end}}>
<button type="submit">ログイン</button>
</form>
<p><a href="/">検索ページへ戻る</a></p>
</main></body></html>
`))

// loginPage writes the login form with the given status.
func (s *Server) loginPage(c *gin.Context, status int, next, problem string) {
	if !editorPages[next] {
		next = "/duplicates"
	}
	c.Header("Cache-Control", "no-store")
	// Under "no-referrer" Chromium sends the form's POST "Origin: null".
	c.Header("Referrer-Policy", "same-origin")
	c.Status(status)
	c.Header("Content-Type", "text/html; charset=utf-8")
	data := struct{ Next, Problem, Style string }{next, problem, "/ui/app.css?v=" + assets["app.css"].version}
	if err := loginTmpl.Execute(c.Writer, data); err != nil {
		s.log.Error("login page", slog.Any("err", err))
	}
	c.Abort()
}

// registerLoginRoutes registers GET /login, the form (where the pages'
// 「ログインし直す」 links and a reload after a failed login go), and POST
// /login and POST /logout, which set and clear the editor cookie. Both
// posts are Origin-checked like every mutation; logins share the
// expensive routes' rate limit, and each client's tries are counted
// (throttle.go): together they bound guessing.
func (s *Server) registerLoginRoutes(r gin.IRoutes) {
	r.GET("/login", func(c *gin.Context) { s.loginPage(c, http.StatusOK, c.Query("next"), "") })
	r.POST("/login", s.guardLogin, s.limitExpensive, s.handleLogin)
	r.POST("/logout", s.handleLogout)
}

// handleLogin checks the form's token; a right one is kept in an HttpOnly,
// SameSite=Strict cookie and the browser goes back to the page it asked
// for. A wrong one gets the form again with 401.
func (s *Server) handleLogin(c *gin.Context) {
	tok, next := c.PostForm("token"), c.PostForm("next")
	if !editorPages[next] {
		next = "/duplicates"
	}
	if !s.editorToken {
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	if !s.tokenOK(tok) {
		s.log.Warn("editor login failed", slog.String("client", c.ClientIP()))
		s.loginPage(c, http.StatusUnauthorized, next, "トークンが正しくありません。")
		return
	}
	s.rightToken(c)
	s.log.Info("editor login", slog.String("client", c.ClientIP()))
	s.setEditorCookie(c, tok, 0)
	c.Redirect(http.StatusSeeOther, next)
}

// guardLogin bounds the login form's body and, with a token set, counts
// the post as one of its client's tries (429 when none is left), before
// the shared rate limit: a throttled guesser does not use that up.
func (s *Server) guardLogin(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 8<<10)
	if s.editorToken && !s.takeGuess(c) {
		return
	}
	c.Next()
}

// handleLogout clears the editor cookie.
func (s *Server) handleLogout(c *gin.Context) {
	s.setEditorCookie(c, "", -1)
	c.Redirect(http.StatusSeeOther, "/")
}

// setEditorCookie sets (maxAge 0: for the browser session) or clears
// (maxAge < 0) the editor cookie. It is Secure when the browser reached
// soudan over TLS: directly, or through a TLS proxy that says so in
// X-Forwarded-Proto (Caddy does; nginx with the README's line). The
// header needs no trusted proxy: a client that forges it only makes its
// own cookie Secure.
func (s *Server) setEditorCookie(c *gin.Context, value string, maxAge int) {
	https := c.Request.TLS != nil || strings.EqualFold(strings.TrimSpace(c.GetHeader("X-Forwarded-Proto")), "https")
	http.SetCookie(c.Writer, &http.Cookie{
		Name: EditorCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: https,
	})
}
