package wait

import (
	"context"
	"testing"
	"time"
)

func TestSleep(t *testing.T) {
	if !Sleep(context.Background(), time.Millisecond) {
		t.Error("a plain sleep reported an ended context")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if Sleep(ctx, time.Hour) {
		t.Error("a cancelled context did not end the sleep")
	}
	if Sleep(ctx, 0) {
		t.Error("a zero sleep on an ended context reported true")
	}
}
