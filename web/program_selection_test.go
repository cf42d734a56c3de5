package web

import (
	"encoding/json"
	"slices"
	"testing"

	"seedbed"
)

// TestOpenAPISelectionModes checks that every list of selection modes in the API description is
// the domain's one list, seedbed.SelectionModes.
func TestOpenAPISelectionModes(t *testing.T) {
	t.Parallel()
	b, err := openAPIDoc()
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	want := seedbed.SelectionModes.Codes()
	found := 0
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "selection_mode" || k == "selection_modes" {
					schema, _ := x.(map[string]any)
					if items, ok := schema["items"].(map[string]any); ok {
						schema = items
					}
					if enum, ok := schema["enum"].([]any); ok {
						found++
						var got []string
						for _, e := range enum {
							s, _ := e.(string)
							got = append(got, s)
						}
						if !slices.Equal(got, want) {
							t.Errorf("%s lists modes %v, the domain has %v", k, got, want)
						}
					}
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	if found == 0 {
		t.Fatal("no list of selection modes in the API description")
	}
}
