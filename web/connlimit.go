package web

import (
	"net"
	"sync"

	"github.com/soudan-desk/soudan/metrics"
)

// MaxConnsPerClient is how many connections one client address may hold
// open at once (see [LimitConnsPerClient]). A browser opens at most six
// to a host; a benchmark or script from another machine a few dozen.
const MaxConnsPerClient = 256

// LimitConnsPerClient returns ln limited to n open connections per client
// address (an IPv6 address by its /64, as one machine may hold the whole
// prefix): a connection past the limit is closed as soon as it is
// accepted, so that one machine of the LAN cannot hold every file
// descriptor (and some memory for each) with idle or half-sent requests
// and shut the desk out. Addresses for which exempt reports true (the
// loopback a reverse proxy runs on) are not counted. Each refusal counts
// in soudan_connections_refused_total.
func LimitConnsPerClient(ln net.Listener, n int, exempt func(net.IP) bool) net.Listener {
	return &clientLimitListener{Listener: ln, max: n, exempt: exempt, open: map[string]int{}}
}

type clientLimitListener struct {
	net.Listener
	max    int
	exempt func(net.IP) bool

	mu   sync.Mutex
	open map[string]int
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
		c.Close()
	}
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
