package selection

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"seedbed"
)

var fixedTime = time.Date(2026, 11, 20, 10, 0, 0, 123456789, time.FixedZone("CST", 8*3600))

// sampleCommitment is a commitment in the first format, which verifiers must still read.
func sampleCommitment() Commitment {
	return Commitment{
		Version: CommitmentVersion1, ProgramID: "P-2026-07",
		Entrants: []string{"A-17", "A-23"}, Amounts: []int64{50000, 80000}, Budget: 100000,
		SeedSourceKind: SeedPublicValue, SeedSourceDescription: "福利彩票双色球 2026-12-01 开奖号码",
		CreatedAt: fixedTime,
	}
}

// The canonical text is the published format: this test is its specification.
const sampleCanonical = `seedbed-lottery/1
program: P-2026-07
created-at: 2026-11-20T02:00:00.123456Z
budget: 100000
fill-gaps: no
seed-kind: public_value
seed-source: 福利彩票双色球 2026-12-01 开奖号码
seed-hash: -
seed-ledger-size: 0
entrants: 2
1 A-17 50000
2 A-23 80000
`

var knownAfter = time.Date(2026, 12, 1, 21, 30, 0, 0, time.FixedZone("CST", 8*3600))

// sampleCommitment2 is a commitment in the current format: a future public event as the seed.
func sampleCommitment2() Commitment {
	return Commitment{
		Version: CommitmentVersion, ProgramID: "P-2026-07",
		Entrants: []string{"A-17", "A-23"}, Amounts: []int64{50000, 80000}, Budget: 100000,
		SeedSourceKind: SeedPublicValue, SeedSourceDescription: "福利彩票双色球 2026-12-01 开奖号码",
		SeedKnownAfter: knownAfter, CreatedAt: fixedTime,
	}
}

const sampleCanonical2 = `seedbed-lottery/2
program: P-2026-07
created-at: 2026-11-20T02:00:00.123456Z
budget: 100000
fill-gaps: no
seed-kind: public_value
seed-source: 福利彩票双色球 2026-12-01 开奖号码
seed-known-after: 2026-12-01T13:30:00.000000Z
entrants: 2
1 A-17 50000
2 A-23 80000
`

func TestCommitmentCanonical2(t *testing.T) {
	c := sampleCommitment2()
	got, err := c.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != sampleCanonical2 {
		t.Fatalf("canonical text:\n%s\nwant:\n%s", got, sampleCanonical2)
	}
	back, err := ParseCommitment(got)
	if err != nil {
		t.Fatal(err)
	}
	if !back.SeedKnownAfter.Equal(knownAfter) || back.Version != CommitmentVersion {
		t.Fatalf("parsed %+v", back)
	}
	_, err = ParseCommitment([]byte(strings.Replace(sampleCanonical2, "seed-known-after: ", "seed-hash: ", 1)))
	if e, ok := err.(*seedbed.Error); !ok || e.Line != 8 {
		t.Fatalf("a version 2 text with a seed-hash line: %v", err)
	}
}

// TestCommitmentPublicEvent checks that a current commitment accepts only a future public event.
func TestCommitmentPublicEvent(t *testing.T) {
	secret, _ := SeedHash("sealed by the notary 7f3a")
	cases := []struct {
		name  string
		edit  func(*Commitment)
		field string
	}{
		{"sample", func(*Commitment) {}, ""},
		{"ledger head", func(c *Commitment) { c.SeedSourceKind, c.SeedLedgerSize = SeedLedgerHead, 5000 }, "seed_source_kind"},
		{"committed secret", func(c *Commitment) { c.SeedSourceKind, c.SeedSourceHash = SeedCommitted, secret }, "seed_source_kind"},
		{"public value with a hash", func(c *Commitment) { c.SeedSourceHash = secret }, "seed_source_hash"},
		{"no time", func(c *Commitment) { c.SeedKnownAfter = time.Time{} }, "seed_known_after"},
		{"event at the commitment", func(c *Commitment) { c.SeedKnownAfter = c.CreatedAt }, "seed_known_after"},
		{"past event", func(c *Commitment) { c.SeedKnownAfter = c.CreatedAt.Add(-time.Hour) }, "seed_known_after"},
		{"one microsecond later", func(c *Commitment) { c.SeedKnownAfter = c.CreatedAt.Add(time.Microsecond) }, ""},
		{"empty description", func(c *Commitment) { c.SeedSourceDescription = "" }, "seed_source_description"},
	}
	for _, c := range cases {
		cm := sampleCommitment2()
		c.edit(&cm)
		err := cm.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if e, ok := err.(*seedbed.Error); !ok || e.Field != c.field || e.Code != seedbed.EINVALID {
			t.Errorf("%s: got %v, want an invalid error on %s", c.name, err, c.field)
		}
	}
}

func TestCommitmentCanonical(t *testing.T) {
	c := sampleCommitment()
	got, err := c.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != sampleCanonical {
		t.Fatalf("canonical text:\n%s\nwant:\n%s", got, sampleCanonical)
	}
	sum := sha256.Sum256([]byte(sampleCanonical))
	if h, _ := c.Hash(); h != hex.EncodeToString(sum[:]) {
		t.Fatalf("hash %s is not the SHA-256 of the canonical text", h)
	}
	back, err := ParseCommitment(got)
	if err != nil {
		t.Fatal(err)
	}
	if h1, _ := back.Hash(); h1 != hex.EncodeToString(sum[:]) || !back.CreatedAt.Equal(fixedTime.Truncate(time.Microsecond)) {
		t.Fatalf("parsed commitment differs: %+v", back)
	}
}

func TestCommitmentValidate(t *testing.T) {
	secret, _ := SeedHash("sealed by the notary 7f3a")
	cases := []struct {
		name  string
		edit  func(*Commitment)
		field string // "" for valid
	}{
		{"sample", func(*Commitment) {}, ""},
		{"ledger head", func(c *Commitment) { c.SeedSourceKind, c.SeedLedgerSize = SeedLedgerHead, 5000 }, ""},
		{"committed secret", func(c *Commitment) { c.SeedSourceKind, c.SeedSourceHash = SeedCommitted, secret }, ""},
		{"zero budget", func(c *Commitment) { c.Budget = 0 }, ""},
		{"version", func(c *Commitment) { c.Version = "v3" }, "version"},
		{"program with space", func(c *Commitment) { c.ProgramID = "P 7" }, "program_id"},
		{"no time", func(c *Commitment) { c.CreatedAt = time.Time{} }, "created_at"},
		{"negative budget", func(c *Commitment) { c.Budget = -1 }, "budget"},
		{"unknown kind", func(c *Commitment) { c.SeedSourceKind = "dice" }, "seed_source_kind"},
		{"empty description", func(c *Commitment) { c.SeedSourceDescription = "" }, "seed_source_description"},
		{"two-line description", func(c *Commitment) { c.SeedSourceDescription = "a\nseed-hash: x" }, "seed_source_description"},
		{"padded description", func(c *Commitment) { c.SeedSourceDescription = " a" }, "seed_source_description"},
		{"hash without commit kind", func(c *Commitment) { c.SeedSourceHash = secret }, "seed_source_hash"},
		{"commit kind without hash", func(c *Commitment) { c.SeedSourceKind = SeedCommitted }, "seed_source_hash"},
		{"upper-case hash", func(c *Commitment) { c.SeedSourceKind, c.SeedSourceHash = SeedCommitted, strings.ToUpper(secret) }, "seed_source_hash"},
		{"ledger head without size", func(c *Commitment) { c.SeedSourceKind = SeedLedgerHead }, "seed_ledger_size"},
		{"size without ledger head", func(c *Commitment) { c.SeedLedgerSize = 9 }, "seed_ledger_size"},
		{"no entrants", func(c *Commitment) { c.Entrants, c.Amounts = nil, nil }, "entrants"},
		{"amounts short", func(c *Commitment) { c.Amounts = c.Amounts[:1] }, "amounts"},
		{"duplicate entrant", func(c *Commitment) { c.Entrants[1] = "A-17" }, "entrants[1]"},
		{"entrant with space", func(c *Commitment) { c.Entrants[0] = "A 17" }, "entrants[0]"},
		{"zero amount", func(c *Commitment) { c.Amounts[1] = 0 }, "amounts[1]"},
	}
	for _, c := range cases {
		cm := sampleCommitment()
		cm.Entrants, cm.Amounts = append([]string(nil), cm.Entrants...), append([]int64(nil), cm.Amounts...)
		c.edit(&cm)
		err := cm.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			} else if _, perr := ParseCommitment(mustCanonical(t, cm)); perr != nil {
				t.Errorf("%s: canonical text does not parse: %v", c.name, perr)
			}
			continue
		}
		if e, ok := err.(*seedbed.Error); !ok || e.Field != c.field || e.Code != seedbed.EINVALID {
			t.Errorf("%s: got %v, want an invalid error on %s", c.name, err, c.field)
		}
	}
}

func mustCanonical(t *testing.T, c Commitment) []byte {
	t.Helper()
	b, err := c.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseCommitmentRefuses(t *testing.T) {
	cases := []struct {
		name, text string
		line       int // 0 when the error has no line
	}{
		{"empty", "", 0},
		{"no final line feed", strings.TrimSuffix(sampleCanonical, "\n"), 0},
		{"CRLF", strings.ReplaceAll(sampleCanonical, "\n", "\r\n"), 1},
		{"wrong version", strings.Replace(sampleCanonical, "seedbed-lottery/1", "seedbed-lottery/3", 1), 1},
		{"missing key", strings.Replace(sampleCanonical, "program: ", "programme: ", 1), 2},
		{"bad time", strings.Replace(sampleCanonical, ".123456Z", "Z", 1), 3},
		{"budget not a number", strings.Replace(sampleCanonical, "budget: 100000", "budget: lots", 1), 4},
		{"fill-gaps true", strings.Replace(sampleCanonical, "fill-gaps: no", "fill-gaps: true", 1), 5},
		{"ledger size negative", strings.Replace(sampleCanonical, "seed-ledger-size: 0", "seed-ledger-size: -1", 1), 9},
		{"count too high", strings.Replace(sampleCanonical, "entrants: 2", "entrants: 3", 1), 10},
		{"position wrong", strings.Replace(sampleCanonical, "2 A-23", "3 A-23", 1), 12},
		{"amount not a number", strings.Replace(sampleCanonical, "A-23 80000", "A-23 8e4", 1), 12},
		{"leading zero", strings.Replace(sampleCanonical, "budget: 100000", "budget: 0100000", 1), 0},
		{"plus sign", strings.Replace(sampleCanonical, "A-23 80000", "A-23 +80000", 1), 0},
		{"truncated", sampleCanonical[:40] + "\n", 3},
		{"invalid UTF-8", strings.Replace(sampleCanonical, "福利", "\xff", 1), 0},
	}
	for _, c := range cases {
		_, err := ParseCommitment([]byte(c.text))
		e, ok := err.(*seedbed.Error)
		if !ok || e.Code != seedbed.EINVALID || e.Line != c.line {
			t.Errorf("%s: got %#v, want an invalid error at line %d", c.name, err, c.line)
		}
	}
}

// FuzzParseCommitment checks that parsing never panics and that whatever parses is canonical:
// it re-encodes to exactly the input and hashes to the input's SHA-256.
func FuzzParseCommitment(f *testing.F) {
	f.Add([]byte(sampleCanonical))
	f.Add([]byte(sampleCanonical2))
	f.Add([]byte(strings.Replace(sampleCanonical, "entrants: 2", "entrants: 99999", 1)))
	f.Add([]byte("seedbed-lottery/1\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCommitment(data)
		if err != nil {
			return
		}
		back, err := c.Canonical()
		if err != nil || string(back) != string(data) {
			t.Fatalf("parsed %q but re-encodes to %q, %v", data, back, err)
		}
		sum := sha256.Sum256(data)
		if h, _ := c.Hash(); h != hex.EncodeToString(sum[:]) {
			t.Fatalf("hash %s differs from the input's", h)
		}
	})
}
