package ledger

import (
	"bufio"
	"encoding/hex"
	"os"
	"strconv"
	"strings"
	"testing"
)

const vectorDir = "../../shared/data/vectors/"

// openVector opens a shared test-vector file or skips the test when it is absent.
func openVector(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(vectorDir + name)
	if os.IsNotExist(err) {
		t.Skipf("test vectors %s absent", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestRFC6962Vectors(t *testing.T) {
	f := openVector(t, "rfc6962-merkle-roots.txt")
	var leaves [][]byte
	var empty string
	roots := map[int]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# empty tree root:"):
			empty = strings.TrimSpace(strings.TrimPrefix(line, "# empty tree root:"))
		case strings.HasPrefix(line, "# leaves"):
			_, list, _ := strings.Cut(line, ":")
			for _, q := range strings.Fields(list) {
				b, err := hex.DecodeString(strings.Trim(q, `"`))
				if err != nil {
					t.Fatalf("leaf %q: %v", q, err)
				}
				leaves = append(leaves, b)
			}
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			n, root, ok := strings.Cut(line, " ")
			k, err := strconv.Atoi(n)
			if !ok || err != nil {
				t.Fatalf("bad vector line %q", line)
			}
			roots[k] = root
		}
	}
	if len(leaves) != 8 || len(roots) != 8 || empty == "" {
		t.Fatalf("parsed %d leaves, %d roots, empty %q; want 8, 8 and a root", len(leaves), len(roots), empty)
	}
	if got := SHA256.EmptyRoot().String(); got != empty {
		t.Errorf("empty root = %s, want %s", got, empty)
	}
	tree := NewMemoryTree(SHA256)
	var hashes []Hash
	for n := 1; n <= len(leaves); n++ {
		h := SHA256.LeafHash(leaves[n-1])
		hashes = append(hashes, h)
		tree.Append(h)
		ref := refRoot(SHA256, hashes)
		at, err := tree.RootAt(uint64(n))
		if err != nil {
			t.Fatal(err)
		}
		for name, got := range map[string]Hash{"RootOf": RootOf(SHA256, hashes), "frontier": tree.Root(), "RootAt": at, "reference": ref} {
			if got.String() != roots[n] {
				t.Errorf("n=%d %s = %s, want %s", n, name, got, roots[n])
			}
		}
	}
}

func TestSM3Vectors(t *testing.T) {
	f := openVector(t, "sm3.txt")
	sc := bufio.NewScanner(f)
	count := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		msg, want, ok := strings.Cut(line, " ")
		if !ok {
			t.Fatalf("bad vector line %q", line)
		}
		if got := SM3.Sum([]byte(msg)).String(); got != want {
			t.Errorf("SM3(%q) = %s, want %s", msg, got, want)
		}
		// The reusable hasher must give the same digest as the one-shot function.
		x := newHasher(SM3)
		if got := x.sum([]byte(msg)).String(); got != want {
			t.Errorf("hasher SM3(%q) = %s, want %s", msg, got, want)
		}
		count++
	}
	if count < 2 {
		t.Fatalf("read %d SM3 vectors, want at least 2", count)
	}
}

func TestHashDomainSeparation(t *testing.T) {
	for _, alg := range []HashAlg{SHA256, SM3} {
		l, r := alg.Sum([]byte("l")), alg.Sum([]byte("r"))
		cat := append(append([]byte{}, l[:]...), r[:]...)
		tests := []struct {
			name       string
			got, other Hash
		}{
			{"leaf vs plain digest", alg.LeafHash(cat), alg.Sum(cat)},
			{"node vs leaf of concatenation", alg.NodeHash(l, r), alg.LeafHash(cat)},
			{"node order matters", alg.NodeHash(l, r), alg.NodeHash(r, l)},
		}
		for _, tt := range tests {
			if tt.got == tt.other {
				t.Errorf("%s %s: hashes collide", alg, tt.name)
			}
		}
		want := alg.Sum(append([]byte{1}, cat...))
		if got := alg.NodeHash(l, r); got != want {
			t.Errorf("%s NodeHash = %s, want H(0x01||l||r) = %s", alg, got, want)
		}
		if got, want := newHasher(alg).node(l, r), want; got != want {
			t.Errorf("%s hasher.node = %s, want %s", alg, got, want)
		}
		if got, want := alg.LeafHash(cat), alg.Sum(append([]byte{0}, cat...)); got != want {
			t.Errorf("%s LeafHash = %s, want H(0x00||data) = %s", alg, got, want)
		}
	}
}

func TestParseHash(t *testing.T) {
	good := strings.Repeat("ab", 32)
	tests := []struct {
		in string
		ok bool
	}{
		{good, true},
		{strings.ToUpper(good), true},
		{good[:62], false},
		{good + "00", false},
		{strings.Repeat("zz", 32), false},
		{"", false},
	}
	for _, tt := range tests {
		h, err := ParseHash(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseHash(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
		}
		if tt.ok && h.String() != strings.ToLower(tt.in) {
			t.Errorf("ParseHash(%q).String() = %s", tt.in, h)
		}
	}
}

func TestParseHashAlg(t *testing.T) {
	tests := []struct {
		in   string
		want HashAlg
		ok   bool
	}{
		{"sha256", SHA256, true},
		{"sm3", SM3, true},
		{"SHA256", 0, false},
		{"md5", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseHashAlg(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseHashAlg(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.String() != tt.in {
			t.Errorf("String() = %q, want %q", got.String(), tt.in)
		}
	}
}
