package ledger

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

var canonCases = []string{
	`null`, `true`, `false`, `0`, `-0`, `12`, `-1.5e+10`, `1E5`, `0.0`, `""`, `"a"`, `"中文"`, `[]`, `{}`,
	`{"a":1,"b":[1,2,{"c":null}]}`, `{"b":1,"a":2}`, `{"a":1,"a":2}`, `{"a":"<x>"}`, `{"a":"x\u0041"}`,
	`{"a":"\n"}`, "{\"a\":\"\u2028\"}", `{ "a":1}`, `[1,]`, `[1 ]`, `{"a":1,}`, `01`, `1.`, `.5`, `-`, `1e`, `tru`,
	`{"amount":300000,"application_id":17,"outcome":"funded","reason":{"en":"scored above the funding line","zh":"评分位于资助线以上"}}`,
	`{"data":{"x":1},"event_id":5,"role":"officer"}`, `"a&b"`, `"tab	"`, `[[[[]]]]`, `{"":1,"a":2}`, `{"a":1} `, `1 2`,
	`{"ab":1,"a":2}`, `{"a":1,"ab":2}`, `"\ud800"`, `{"é":1,"z":2}`, `{"z":1,"é":2}`,
}

// TestCanonicalFastPath checks that the one-pass check agrees with the general path: whatever
// it passes, the general path leaves unchanged, and it passes what json.Marshal writes for maps.
func TestCanonicalFastPath(t *testing.T) {
	for _, c := range canonCases {
		checkFastPath(t, []byte(c))
	}
	for _, v := range []any{map[string]any{"b": 1, "a": []any{"x", 2.5, nil, true}}, map[string]string{"zh": "评分位于资助线以上", "en": "above"}} {
		b, _ := json.Marshal(v)
		if !isCanonical(b) {
			t.Errorf("%s: json.Marshal of a map is not passed", b)
		}
	}
	for _, c := range []string{`{"b":1,"a":2}`, `{ "a":1}`, `{"a":"<x>"}`, `{"a":1,"a":2}`, `1.`, `[1,]`} {
		if isCanonical([]byte(c)) {
			t.Errorf("%s passed", c)
		}
	}
}

func checkFastPath(t *testing.T, raw []byte) {
	t.Helper()
	if !utf8.Valid(raw) || !isCanonical(raw) {
		return
	}
	out, err := canonicalSlow(raw)
	if err != nil || !bytes.Equal(out, raw) {
		t.Errorf("%q passed the fast path, but the general path gives %q, %v", raw, out, err)
	}
}

func FuzzCanonicalFastPath(f *testing.F) {
	for _, c := range canonCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkFastPath(t, raw) })
}
