package policy

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"seedbed"
	"seedbed/policies"
)

// version makes a version of the minimal policy with the given number and dates.
func version(t *testing.T, v int, from, to string) *Compiled {
	t.Helper()
	src := strings.Replace(minimal, "version: 1", "version: "+itoa(v), 1)
	src = strings.Replace(src, "effective_from: 2024-01-01", "effective_from: "+from, 1)
	if to != "" {
		src = strings.Replace(src, "segment: open", "effective_to: "+to+"\nsegment: open", 1)
	}
	src = strings.Replace(src, "as_of: 2024-06-01", "as_of: "+from, 1)
	c, err := Load("v"+itoa(v)+".yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func date(s string) time.Time { return MustDate(s).Time() }

func TestLibraryVersions(t *testing.T) {
	lib := NewLibrary()
	v1 := version(t, 1, "2024-01-01", "2025-12-31")
	v2 := version(t, 2, "2026-01-01", "")
	for _, c := range []*Compiled{v2, v1} {
		if err := lib.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		day  string
		want int // version in force, 0 for none
	}{
		{"2023-12-31", 0}, {"2024-01-01", 1}, {"2025-12-31", 1}, {"2026-01-01", 2}, {"2040-06-01", 2},
	}
	for _, c := range cases {
		got := 0
		if p := lib.At("minimal", date(c.day)); p != nil {
			got = p.Version()
		}
		if got != c.want {
			t.Errorf("%s: version %d in force, want %d", c.day, got, c.want)
		}
		if n := len(lib.InForce(date(c.day))); (n == 1) != (c.want != 0) {
			t.Errorf("%s: %d policies in force", c.day, n)
		}
	}
	vs := lib.Versions("minimal")
	if len(vs) != 2 || vs[0].Version() != 1 || vs[1].Version() != 2 {
		t.Errorf("versions out of date order: %v", vs)
	}
	if lib.Version("minimal", 2) != v2 || lib.Version("minimal", 3) != nil {
		t.Error("Version lookup")
	}
	if ids := lib.IDs(); len(ids) != 1 || ids[0] != "minimal" {
		t.Errorf("IDs = %v", ids)
	}
}

func TestLibraryRefusesClashes(t *testing.T) {
	cases := []struct {
		name     string
		from, to string
		v        int
		want     string
	}{
		{"same version again", "2030-01-01", "", 1, "version 1 of minimal is already published"},
		{"overlap at the start", "2025-12-31", "", 3, "minimal version 3 (2025-12-31 to ∞) overlaps version 1"},
		{"inside another", "2024-03-01", "2024-04-01", 3, "overlaps version 1"},
		{"open end overlaps the later version", "2023-01-01", "", 3, "overlaps version 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lib := NewLibrary()
			if err := lib.Add(version(t, 1, "2024-01-01", "2025-12-31")); err != nil {
				t.Fatal(err)
			}
			clash := version(t, c.v, c.from, c.to)
			err := lib.Conflicts(clash)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Conflicts = %v, want %q", err, c.want)
			}
			var el ErrorList
			if !errors.As(lib.Add(clash), &el) || el[0].Code != seedbed.ECONFLICT || el[0].Line == 0 {
				t.Errorf("Add = %v, want a positioned conflict", el)
			}
			if len(lib.Versions("minimal")) != 1 {
				t.Error("the clashing version was added")
			}
		})
	}
}

func TestLoadStarterLibrary(t *testing.T) {
	lib, err := LoadFS(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	ids := lib.IDs()
	if len(ids) < 8 {
		t.Errorf("starter library has %d policies: %v", len(ids), ids)
	}
	segments := map[string]bool{}
	for _, id := range ids {
		for _, c := range lib.Versions(id) {
			d := c.Document()
			segments[d.Segment] = true
			if len(d.Tests) < 4 {
				t.Errorf("%s v%d has %d tests, want at least 4", id, d.Version, len(d.Tests))
			}
			undecided := false
			for _, tc := range d.Tests {
				undecided = undecided || tc.Expect.Status == Undecided
			}
			if !undecided {
				t.Errorf("%s v%d has no missing-data test", id, d.Version)
			}
		}
	}
	for _, s := range []string{"grassroots_sme", "national_team", "institute", "large_enterprise"} {
		if !segments[s] {
			t.Errorf("no policy for segment %s", s)
		}
	}
	if n := len(lib.Versions("grassroots-seed")); n != 2 {
		t.Errorf("grassroots-seed has %d versions, want 2", n)
	}
	// "Which policies apply to me" for a small AI firm in 2026.
	emp, rev := int64(12), 260.0
	in := &seedbed.Innovator{Kind: "enterprise", Industry: "software", Employees: &emp, Revenue: &rev, Driver: "market_demand",
		InnovationType: "grassroots", Field: "ai", FoundedYear: 2023, PathTags: []string{"大模型"}}
	got := map[string]Status{}
	for _, r := range lib.Evaluate(in, date("2026-03-01"), nil) {
		got[r.PolicyID] = r.Status
	}
	want := map[string]Status{"grassroots-seed": Eligible, "compute-voucher": Eligible, "sme-market-rnd": Eligible,
		"national-basic-research": Ineligible, "institute-poc": Ineligible, "large-enterprise-cofund": Ineligible, "failure-retry": Undecided}
	for id, s := range want {
		if got[id] != s {
			t.Errorf("%s: %s, want %s", id, got[id], s)
		}
	}
}

func TestLoadFSReportsEveryFile(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte(minimal)},
		"b.yaml": {Data: []byte(minimal)}, // the same id and version again
		"c.yaml": {Data: []byte(strings.Replace(minimal, "employees < 200", "employees < ", 1))},
	}
	_, err := LoadFS(fsys)
	var el ErrorList
	if !errors.As(err, &el) {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	files := map[string]bool{}
	for _, e := range el {
		files[e.File] = true
	}
	if !files["b.yaml"] || !files["c.yaml"] || files["a.yaml"] {
		t.Errorf("errors in %v, want b.yaml and c.yaml:\n%v", files, el)
	}
}
