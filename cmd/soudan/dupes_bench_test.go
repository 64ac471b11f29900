package main

import (
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/internal/synth"
	"github.com/soudan-desk/soudan/store"
)

// BenchmarkDupesCommand runs the whole `soudan dupes --corpus DIR` process
// (loading the folder, the dictionary, the finder and its report) over
// synthetic manuals of 10,000 and 100,000 entries written as 20 CSV files
// (internal/synth; one entry in 50 a reworded copy, one in 75 a
// containment). It reports the process's wall time, CPU time (user +
// system) and peak resident memory, and the pairs it printed. Target at
// 100,000 entries: the whole run ≤ 20 s (issue 12).
//
//	go test ./cmd/soudan -run '^$' -bench DupesCommand -benchtime 1x -timeout 30m
func BenchmarkDupesCommand(b *testing.B) {
	bin := buildSoudan(b)
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			es, _ := synth.Entries(n, 1)
			if err := synth.WriteCSV(dir, es, 20); err != nil {
				b.Fatal(err)
			}
			data := b.TempDir() // with an empty store: dupes never creates one
			st, err := store.OpenSQLite(b.Context(), data)
			if err != nil {
				b.Fatal(err)
			}
			st.Close()
			var wall, cpu time.Duration
			var rss int64
			pairs := 0
			for b.Loop() {
				cmd := exec.Command(bin, "dupes", "--corpus", dir, "--data", data)
				began := time.Now()
				out, err := cmd.Output()
				if err != nil {
					b.Fatalf("soudan dupes: %v", err)
				}
				wall += time.Since(began)
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				cpu += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
				rss = max(rss, ru.Maxrss)
				pairs = strings.Count(string(out), "\n")
			}
			n := float64(b.N)
			b.ReportMetric(wall.Seconds()/n, "wall-s")
			b.ReportMetric(cpu.Seconds()/n, "cpu-s")
			b.ReportMetric(float64(rss)/1024, "peak-rss-MB")
			b.ReportMetric(float64(pairs), "lines")
		})
	}
}
