package web

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"testing"
	"unicode/utf8"
)

// slowSearchRequest is decodeSearchRequest without its fast path.
func slowSearchRequest(body []byte) (searchRequest, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var req searchRequest
	if err := dec.Decode(&req); err != nil {
		return req, false
	}
	_, err := dec.Token()
	return req, err == io.EOF
}

// checkFastSearchRequest fails t if the fast path reads body and gives
// anything but what encoding/json gives.
func checkFastSearchRequest(t *testing.T, body []byte) (fast bool) {
	t.Helper()
	if !utf8.Valid(body) {
		return false // parsePost refuses it first
	}
	got, ok := fastSearchRequest(body)
	if !ok {
		return false
	}
	want, wok := slowSearchRequest(body)
	if !wok {
		t.Fatalf("%q: fast path read %+v, encoding/json refuses it", body, got)
	}
	if !bytes.Equal(bytes.TrimSpace(want.K), got.K) {
		t.Fatalf("%q: k %q, encoding/json %q", body, got.K, want.K)
	}
	got.K, want.K = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: fast path %+v, encoding/json %+v", body, got, want)
	}
	return true
}

var searchBodies = []struct {
	body string
	fast bool
}{
	{`{"query":"ウイルスに感染した","k":10}`, true},
	{` { "query" : "パスワード" , "k" : 5 , "debug" : true } `, true},
	{"{\n\t\"k\":50,\r\n\"query\":\"a b\"}", true},
	{`{"query":"x","debug":false}`, true},
	{`{"query":""}`, true},
	{`{}`, true},
	{`{"k":0}`, true},
	{`{"k":99999999999999999999}`, true}, // parseK refuses it, as before
	{`{"query":"a\"b"}`, false},
	{`{"query":"a\u3042"}`, false},
	{"{\"query\":\"a\tb\"}", false},
	{`{"Query":"x"}`, false},
	{`{"query":"x","query":"y"}`, false},
	{`{"query":"x","kinds":["faq"]}`, false},
	{`{"query":"x","k":1.5}`, false},
	{`{"query":"x","k":1e1}`, false},
	{`{"query":"x","k":-1}`, false},
	{`{"query":"x","k":01}`, false},
	{`{"query":"x","k":"10"}`, false},
	{`{"query":"x","k":null}`, false},
	{`{"query":"x","debug":1}`, false},
	{`{"query":"x","debug":truex}`, false},
	{`{"query":"x",}`, false},
	{`{"query":"x"} {}`, false},
	{`{"query":"x"`, false},
	{`{"k ":1}`, false},
	{`{"query":"x" "k":1}`, false},
	{`[]`, false},
	{``, false},
}

func TestFastSearchRequest(t *testing.T) {
	for _, tc := range searchBodies {
		if got := checkFastSearchRequest(t, []byte(tc.body)); got != tc.fast {
			t.Errorf("%q: fast path %v, want %v", tc.body, got, tc.fast)
		}
	}
}

// FuzzFastSearchRequest checks that the fast path never reads a body
// differently from encoding/json.
func FuzzFastSearchRequest(f *testing.F) {
	for _, tc := range searchBodies {
		f.Add([]byte(tc.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) { checkFastSearchRequest(t, body) })
}

func TestIsJSONType(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json": true, "application/json; charset=utf-8": true, "Application/JSON": true,
		"": false, "text/plain": false, "application/json;;": false, "application/jsonx": false,
	} {
		if got := isJSONType(ct); got != want {
			t.Errorf("isJSONType(%q) = %v, want %v", ct, got, want)
		}
	}
}

// BenchmarkDecodeSearchRequest compares the usual search body read by
// the fast path with encoding/json's reading of it.
func BenchmarkDecodeSearchRequest(b *testing.B) {
	body := []byte(`{"query":"取引先を名乗るメールの添付ファイルを開いたら、パソコンの動きがおかしくなった","k":10}`)
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeSearchRequest(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := slowSearchRequest(body); !ok {
				b.Fatal("refused")
			}
		}
	})
}
