package retrieval

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

func TestZZTime(t *testing.T) {
	if os.Getenv("QUICK") == "" {
		t.Skip()
	}
	t0 := time.Now()
	index.Default().Terms("初期化")
	t.Log("dict", time.Since(t0))
	for i := 0; i < 3; i++ {
		t0 = time.Now()
		c, _ := corpus.LoadDefault()
		t.Log("load", time.Since(t0))
		t0 = time.Now()
		New(context.Background(), c, DefaultOptions())
		t.Log("new", time.Since(t0))
	}
}
