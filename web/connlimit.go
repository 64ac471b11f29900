package web

import (
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/soudan-desk/soudan/metrics"
)

// MaxConnsPerClient is how many connections one client address may hold
// open at once (see [LimitConnsPerClient]). A browser opens at most six
// to a host; a benchmark or script from another machine a few dozen.
const MaxConnsPerClient = 256

// Answering a refused connection: at most refusingMax answers are being
// written at once, each within refuseGrace; a connection refused while
// that many are under way is closed without one.
const (
	refusingMax = 32
	refuseGrace = time.Second
)

// tooManyConns is the answer a connection past its client's limit of n
// gets.
func tooManyConns(n int) []byte {
	return rawJSONAnswer(http.StatusTooManyRequests, CodeTooMany,
		"too many connections from this address (at most "+strconv.Itoa(n)+" at once); close some and retry",
		"Retry-After: 1\r\n")
}

// LimitConnsPerClient returns ln limited to n open connections per client
// address (an IPv6 address by its /64, as one machine may hold the whole
// prefix): a connection past the limit is not served, so that one
// machine of the LAN cannot hold every file descriptor (and some memory
// for each) with idle or half-sent requests and shut the desk out. It is
// answered 429 in the JSON error format, with Retry-After, and closed,
// off the accepting goroutine (see refuse). Addresses for which exempt
// reports true (the loopback a reverse proxy runs on) are not counted.
// Each refusal counts in soudan_connections_refused_total.
func LimitConnsPerClient(ln net.Listener, n int, exempt func(net.IP) bool) net.Listener {
	return &clientLimitListener{Listener: ln, max: n, exempt: exempt, open: map[string]int{},
		refusing: make(chan struct{}, refusingMax), answer: tooManyConns(n)}
}

type clientLimitListener struct {
	net.Listener
	max    int
	exempt func(net.IP) bool

	mu   sync.Mutex
	open map[string]int
	// refusing holds a token for each refusal being answered; answer is
	// what a refused connection is answered (tooManyConns).
	refusing chan struct{}
	answer   []byte
}

// Accept returns the next connection whose client is under its limit,
// closing those that are not.
func (l *clientLimitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		key, counted := l.clientOf(c)
		if !counted {
			return c, nil
		}
		if l.take(key) {
			return &clientConn{Conn: c, release: func() { l.release(key) }}, nil
		}
		metrics.ConnectionsRefused.Inc()
		l.refuse(c)
	}
}

// refuse answers c, a connection past its client's limit, with l.answer
// and closes it, in a goroutine of its own so that a slow
// reader does not hold up Accept; while refusingMax answers are under
// way, c is closed without one.
func (l *clientLimitListener) refuse(c net.Conn) {
	select {
	case l.refusing <- struct{}{}:
		go func() {
			defer func() { <-l.refusing }()
			answerRefused(c, l.answer)
		}()
	default:
		c.Close()
	}
}

// answerRefused writes answer to c without reading the request, then
// closes c, all within refuseGrace. It closes the writing side first and
// reads what the client sent until it closes too: closing a socket with
// unread data resets the connection, and a client can lose the answer to
// the reset.
func answerRefused(c net.Conn, answer []byte) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(refuseGrace))
	if _, err := c.Write(answer); err != nil {
		return
	}
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	io.Copy(io.Discard, io.LimitReader(c, MaxHeaderBytes))
}

// clientOf returns the key c's client is counted under, and false when
// it is not counted (exempt, or no IP address).
func (l *clientLimitListener) clientOf(c net.Conn) (string, bool) {
	addr, ok := c.RemoteAddr().(*net.TCPAddr)
	if !ok || addr.IP == nil || l.exempt != nil && l.exempt(addr.IP) {
		return "", false
	}
	if addr.IP.To4() == nil {
		return addr.IP.Mask(net.CIDRMask(64, 128)).String() + "/64", true
	}
	return addr.IP.String(), true
}

func (l *clientLimitListener) take(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[key] >= l.max {
		return false
	}
	l.open[key]++
	return true
}

func (l *clientLimitListener) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[key]--; l.open[key] <= 0 {
		delete(l.open, key)
	}
}

// clientConn gives its client's place back when first closed.
type clientConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *clientConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// LoopbackOrProxies reports loopback addresses and those of proxies (IPs
// or CIDRs, as --trusted-proxies gives them): the connections not to
// count per client, since a reverse proxy carries every staff member's.
// Entries that are neither are skipped (the router's own check of
// --trusted-proxies names them).
func LoopbackOrProxies(proxies []string) func(net.IP) bool {
	var nets []*net.IPNet
	for _, p := range proxies {
		if _, n, err := net.ParseCIDR(p); err == nil {
			nets = append(nets, n)
		} else if ip := net.ParseIP(p); ip != nil {
			bits := 8 * len(ip.To16())
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			nets = append(nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
		}
	}
	return func(ip net.IP) bool {
		if ip.IsLoopback() {
			return true
		}
		for _, n := range nets {
			if n.Contains(ip) {
				return true
			}
		}
		return false
	}
}
