package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/dupes"
	"github.com/soudan-desk/soudan/insights"
	"github.com/soudan-desk/soudan/internal/pgtest"
)

// buildSoudan builds the binary once into a temporary folder.
func buildSoudan(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "soudan")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

var listeningRE = regexp.MustCompile(`msg=listening addr=(http://127\.0\.0\.1:\d+)`)

// startReplica runs `soudan serve` as its own process on a port the
// kernel picks, and returns its base URL once it is ready.
func startReplica(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 15 * time.Second
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	var base string
	select {
	case base = <-found:
	case <-time.After(60 * time.Second):
		t.Fatal("the replica did not say where it listens")
	}
	waitReady(t, base, nil)
	return base
}

// TestReplicasShareOnePostgres runs two `soudan serve` processes on one
// throwaway PostgreSQL: a mark given on one hides the pair on the other
// at once, and a search recorded on one takes feedback on the other.
func TestReplicasShareOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts two servers")
	}
	db := pgtest.URL(t)
	bin := buildSoudan(t)
	a := startReplica(t, bin, "--db", db, "--data", t.TempDir())
	b := startReplica(t, bin, "--db", db, "--data", t.TempDir())

	var rep dupes.Report
	deadline := time.Now().Add(60 * time.Second)
	for { // the duplicate finder is built after the index
		req := mustGetStatus(t, b+"/api/duplicates")
		if req == 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	call(t, "GET", b+"/api/duplicates", "", 200, &rep)
	if len(rep.Pairs) == 0 {
		t.Fatal("the shipped manual has no duplicate pair to mark")
	}
	pair := rep.Pairs[0]
	hidden := rep.Hidden
	for range 60 { // replica a builds its finder too
		if mustGetStatus(t, a+"/api/duplicates?limit=1") == 200 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	call(t, "POST", a+"/api/duplicates/marks", `{"a":"`+pair.A.ID+`","b":"`+pair.B.ID+`"}`, 200, nil)
	call(t, "GET", b+"/api/duplicates", "", 200, &rep)
	if rep.Hidden != hidden+1 {
		t.Errorf("replica b hides %d pairs after a mark on a, want %d", rep.Hidden, hidden+1)
	}
	for _, p := range rep.Pairs {
		if p.A.ID == pair.A.ID && p.B.ID == pair.B.ID {
			t.Error("replica b still lists the pair marked on a")
		}
	}

	var rec struct{ ID string }
	call(t, "POST", a+"/api/searches", `{"query":"ランサムウェアに感染した","confidence":"high","results":["`+pair.A.ID+`"],"event":"copy"}`, 201, &rec)
	call(t, "POST", b+"/api/feedback", `{"search_id":"`+rec.ID+`","verdict":"helpful","entry_id":"`+pair.A.ID+`"}`, 201, nil)
	var ins insights.Report
	call(t, "GET", a+"/api/insights", "", 200, &ins)
	if ins.Totals.Searches != 1 || ins.Totals.Helpful != 1 {
		t.Errorf("replica a's insights after feedback on b: %+v", ins.Totals)
	}
}

// mustGetStatus returns the status code of a GET.
func mustGetStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
