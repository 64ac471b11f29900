package web_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"reflect"
	"regexp"
	"testing"
)

var updateREADME = flag.Bool("update-readme", false, "rewrite the README's API example answer")

// readmeExampleRE finds the README's API example: the request body of its
// curl line and the JSON answer after it, between the marker comments.
var readmeExampleRE = regexp.MustCompile("(?s)<!-- api-example -->.*?-d '([^']*)'.*?```json\n(.*?)```\n<!-- /api-example -->")

// TestREADMEAPIExample sends the README's example request to a server over
// the real engine and the embedded manual and compares the answer with the
// JSON the README shows, so that the example cannot go stale. took_ms is
// not compared; scores are compared at the four decimals the README shows.
// Refresh the README with
//
//	go test ./web -run READMEAPIExample -args -update-readme
func TestREADMEAPIExample(t *testing.T) {
	const path = "../README.md"
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := readmeExampleRE.FindSubmatchIndex(readme)
	if m == nil {
		t.Fatal("README.md has no <!-- api-example --> block with a curl -d '…' request and a ```json answer")
	}
	request, shown := readme[m[2]:m[3]], readme[m[4]:m[5]]
	r := postJSON(newServer(mustDefaultEngine(t)), string(request))
	if r.status != 200 {
		t.Fatalf("the README's request: status %d: %s", r.status, r.body)
	}
	got := canonicalAnswer(t, r.body)
	if *updateREADME {
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(got); err != nil {
			t.Fatal(err)
		}
		updated := append(append(append([]byte{}, readme[:m[4]]...), out.Bytes()...), readme[m[5]:]...)
		if err := os.WriteFile(path, updated, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want := canonicalAnswer(t, shown); !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		t.Errorf("the README's API example is stale (refresh it with -args -update-readme); the server answers:\n%s", g)
	}
}

// canonicalAnswer decodes a search answer with took_ms zeroed and scores
// rounded to four decimals.
func canonicalAnswer(t *testing.T, body []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("answer is not a JSON object: %v\n%s", err, body)
	}
	v["took_ms"] = json.Number("0")
	for _, list := range []string{"results", "routing"} {
		items, _ := v[list].([]any)
		for _, it := range items {
			if res, ok := it.(map[string]any); ok {
				if n, ok := res["score"].(json.Number); ok {
					f, err := n.Float64()
					if err != nil {
						t.Fatal(err)
					}
					res["score"] = json.Number(formatScore(f))
				}
			}
		}
	}
	return v
}

func formatScore(f float64) string {
	b, _ := json.Marshal(math.Round(f*1e4) / 1e4)
	return string(b)
}
