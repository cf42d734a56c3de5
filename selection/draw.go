package selection

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"seedbed"
)

const maxSeedBytes = 1024

// Ticket is one entrant's place in the draw.
type Ticket struct {
	Position  int    `json:"position"` // 1-based place in the draw order
	EntrantID string `json:"entrant_id"`
	Ticket    string `json:"ticket"` // hex SHA-256(seed ‖ "\n" ‖ commitment hash ‖ "\n" ‖ entrant id)
	Amount    int64  `json:"amount"`
	Remaining int64  `json:"remaining"` // budget left when the entrant's turn came
	Funded    bool   `json:"funded"`
}

// Result is the outcome of a draw, as published for anyone to check with Verify.
type Result struct {
	Version        string   `json:"version"`
	CommitmentHash string   `json:"commitment_hash"`
	Seed           string   `json:"seed"` // the canonical seed value
	Order          []Ticket `json:"order"`
	Spent          int64    `json:"spent"`
}

// Funded returns the ids of the entrants the draw funded, in draw order.
func (r Result) Funded() []string {
	var out []string
	for _, t := range r.Order {
		if t.Funded {
			out = append(out, t.EntrantID)
		}
	}
	return out
}

// CanonicalSeed puts a seed value in the one form that is hashed, so that the way it was typed
// does not matter: Unicode NFKC (full-width digits become ASCII), white space trimmed and every
// run of white space made one space, ASCII letters in lower case. It refuses an empty value,
// one over 1024 bytes and control characters other than white space.
func CanonicalSeed(value string) (string, error) {
	if !utf8.ValidString(value) {
		return "", seedbed.FieldError("seed", seedbed.Label{Zh: "种子值不是有效的 UTF-8 文本", En: "the seed value is not valid UTF-8"})
	}
	fields := strings.FieldsFunc(norm.NFKC.String(value), unicode.IsSpace)
	s := strings.Join(fields, " ")
	if s == "" || len(s) > maxSeedBytes {
		return "", seedbed.FieldError("seed", seedbed.Label{Zh: "种子值应为 1–%d 字节", En: "the seed value must be 1–%d bytes"}, maxSeedBytes)
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		return "", seedbed.FieldError("seed", seedbed.Label{Zh: "种子值含控制字符", En: "the seed value contains a control character"})
	}
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b), nil
}

// SeedHash returns the lower-case hex SHA-256 of the canonical seed value: what a commitment
// with the SeedCommitted kind holds before the value is revealed.
func SeedHash(value string) (string, error) {
	s, err := CanonicalSeed(value)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:]), nil
}

// Draw runs the draw of a commitment with the revealed seed value. Each entrant's ticket is
// SHA-256 of the canonical seed, a line feed, the commitment hash in hex, a line feed and the
// entrant id; entrants take their turn in ascending order of ticket, and each is funded if its
// amount fits the budget left (with FillGaps off, the first that does not fit ends the funding).
// For the SeedCommitted kind the seed must hash to SeedSourceHash; for the other kinds the
// caller checks that the value is the one the source published.
func Draw(c Commitment, seedValue string) (Result, error) {
	hash, err := c.Hash()
	if err != nil {
		return Result{}, err
	}
	seed, err := CanonicalSeed(seedValue)
	if err != nil {
		return Result{}, err
	}
	if c.SeedSourceKind == SeedCommitted {
		if h, _ := SeedHash(seed); h != c.SeedSourceHash {
			return Result{}, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "种子值的哈希 %s 与承诺中的 %s 不符", En: "the seed value hashes to %s, the commitment holds %s"}, h, c.SeedSourceHash)
		}
	}
	type entry struct {
		at     int
		ticket [sha256.Size]byte
	}
	entries := make([]entry, len(c.Entrants))
	buf := make([]byte, 0, len(seed)+2+2*sha256.Size+maxIDBytes)
	for i, id := range c.Entrants {
		buf = append(append(append(append(append(buf[:0], seed...), '\n'), hash...), '\n'), id...)
		entries[i] = entry{at: i, ticket: sha256.Sum256(buf)}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := bytes.Compare(a.ticket[:], b.ticket[:]); c != 0 {
			return c
		}
		return a.at - b.at
	})
	r := Result{Version: c.Version, CommitmentHash: hash, Seed: seed, Order: make([]Ticket, len(entries))}
	remaining, stopped := c.Budget, false
	for pos, e := range entries {
		t := Ticket{Position: pos + 1, EntrantID: c.Entrants[e.at], Ticket: hex.EncodeToString(e.ticket[:]),
			Amount: c.Amounts[e.at], Remaining: remaining}
		if !stopped && t.Amount <= remaining {
			t.Funded = true
			remaining -= t.Amount
		} else if !c.FillGaps {
			stopped = true
		}
		r.Order[pos] = t
	}
	r.Spent = c.Budget - remaining
	return r, nil
}

// Verify recomputes the draw from the commitment and the seed value and compares it with the
// published result. It returns nil when they agree, an ECONFLICT error naming the first
// difference when they do not (a different commitment hash means the inputs were changed or
// the draw re-run), and the errors of Draw when the inputs themselves are invalid.
func Verify(c Commitment, seedValue string, published Result) error {
	want, err := Draw(c, seedValue)
	if err != nil {
		return err
	}
	differ := func(what seedbed.Label, pub, re any) error {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "%s：公布为 %v，重新计算为 %v", En: "%s: published %v, recomputed %v"}, what, pub, re)
	}
	if published.Version != want.Version {
		return differ(seedbed.Label{Zh: "版本", En: "version"}, published.Version, want.Version)
	}
	if published.CommitmentHash != want.CommitmentHash {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "承诺哈希不符：公布为 %s，重新计算为 %s；抽签输入被改动或重新抽过签", En: "commitment hash mismatch: published %s, recomputed %s; the inputs were changed or the draw was re-run"}, published.CommitmentHash, want.CommitmentHash)
	}
	if published.Seed != want.Seed {
		return differ(seedbed.Label{Zh: "种子", En: "seed"}, fmt.Sprintf("%q", published.Seed), fmt.Sprintf("%q", want.Seed))
	}
	for i, w := range want.Order {
		if i >= len(published.Order) {
			return differ(seedbed.Label{Zh: fmt.Sprintf("第 %d 位", i+1), En: fmt.Sprintf("position %d", i+1)}, seedbed.Label{Zh: "（缺失）", En: "(missing)"}, w.EntrantID)
		}
		p := published.Order[i]
		at := seedbed.Label{Zh: fmt.Sprintf("第 %d 位", i+1), En: fmt.Sprintf("position %d", i+1)}
		switch {
		case p.EntrantID != w.EntrantID:
			return differ(at, p.EntrantID, w.EntrantID)
		case p.Position != w.Position:
			return differ(seedbed.Label{Zh: at.Zh + "的序号", En: at.En + " number"}, p.Position, w.Position)
		case p.Ticket != w.Ticket:
			return differ(seedbed.Label{Zh: at.Zh + "的签号", En: at.En + " ticket"}, p.Ticket, w.Ticket)
		case p.Amount != w.Amount:
			return differ(seedbed.Label{Zh: at.Zh + "的金额", En: at.En + " amount"}, p.Amount, w.Amount)
		case p.Remaining != w.Remaining:
			return differ(seedbed.Label{Zh: at.Zh + "的剩余预算", En: at.En + " remaining budget"}, p.Remaining, w.Remaining)
		case p.Funded != w.Funded:
			return differ(seedbed.Label{Zh: at.Zh + "是否资助", En: at.En + " funded"}, p.Funded, w.Funded)
		}
	}
	if len(published.Order) > len(want.Order) {
		i := len(want.Order)
		return differ(seedbed.Label{Zh: fmt.Sprintf("第 %d 位", i+1), En: fmt.Sprintf("position %d", i+1)}, published.Order[i].EntrantID, seedbed.Label{Zh: "（无）", En: "(none)"})
	}
	if published.Spent != want.Spent {
		return differ(seedbed.Label{Zh: "资助总额", En: "amount spent"}, published.Spent, want.Spent)
	}
	return nil
}
