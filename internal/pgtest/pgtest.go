// Package pgtest starts a throwaway PostgreSQL cluster for tests, from
// Debian's postgresql package: initdb and pg_ctl in a temporary folder, as
// the postgres user when the tests run as root, listening on a free
// loopback port only. A package that uses it runs its tests through [Run]
// (from TestMain), which stops the cluster at the end; each test gets its
// own database from [URL].
//
// Without PostgreSQL installed, tests that need it are skipped with a
// message, or fail when SOUDAN_REQUIRE_POSTGRES=1 (as CI sets it).
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// RequireEnv makes a missing PostgreSQL a failure instead of a skip.
const RequireEnv = "SOUDAN_REQUIRE_POSTGRES"

// cluster is the running throwaway cluster.
type cluster struct {
	bin, dir, data string
	asPostgres     bool
	base           string // URL of the postgres database
}

var (
	mu      sync.Mutex
	running *cluster
	failed  error
	dbSeq   atomic.Int64
)

// Run runs the package's tests, then stops the cluster if one started.
func Run(m *testing.M) int {
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	if running != nil {
		running.stop()
		running = nil
	}
	return code
}

// URL returns the URL of a new, empty database on the shared throwaway
// cluster, starting the cluster on first use. It skips the test (or fails
// it under SOUDAN_REQUIRE_POSTGRES=1) when PostgreSQL is not installed.
func URL(t testing.TB) string {
	t.Helper()
	c := shared(t)
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbSeq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.base)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	return strings.Replace(c.base, "/postgres?", "/"+name+"?", 1)
}

func shared(t testing.TB) *cluster {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if running == nil && failed == nil {
		running, failed = start()
	}
	if failed != nil {
		if errors.Is(failed, errNotInstalled) && os.Getenv(RequireEnv) != "1" {
			t.Skipf("pgtest: %v; install Debian's postgresql (make deps) or set %s=1 to make this a failure", failed, RequireEnv)
		}
		t.Fatalf("pgtest: %v", failed)
	}
	return running
}

var errNotInstalled = errors.New("PostgreSQL's initdb and pg_ctl are not installed")

// binDir finds the newest /usr/lib/postgresql/N/bin, or pg_config's.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errNotInstalled
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// start initialises and starts a cluster, trying a few free ports.
func start() (*cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin, asPostgres: os.Geteuid() == 0}
	if c.dir, err = os.MkdirTemp("", "soudan-pg-"); err != nil {
		return nil, err
	}
	c.data = filepath.Join(c.dir, "data")
	if c.asPostgres {
		if err := chownToPostgres(c.dir); err != nil {
			os.RemoveAll(c.dir)
			return nil, err
		}
	}
	if out, err := c.run("initdb", "-D", c.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(c.dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=100", port, c.dir)
		out, err := c.run("pg_ctl", "-D", c.data, "-o", opts, "-l", filepath.Join(c.dir, "log"), "-w", "-t", "30", "start")
		if err == nil {
			c.base = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
			return c, nil
		}
		if attempt == 2 {
			log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
			os.RemoveAll(c.dir)
			return nil, fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, log)
		}
	}
	return nil, errors.New("unreachable")
}

func (c *cluster) run(tool string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, tool)
	var cmd *exec.Cmd
	if c.asPostgres {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	return cmd.CombinedOutput()
}

func (c *cluster) stop() {
	_, _ = c.run("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
	os.RemoveAll(c.dir)
}

// chownToPostgres hands dir to the postgres user, which initdb runs as.
func chownToPostgres(dir string) error {
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("%w (no postgres user: %v)", errNotInstalled, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(dir, uid, gid)
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
