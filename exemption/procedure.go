// Package exemption holds the failure-tolerance logic (容错免责): the standard decision
// procedures as versioned documents, and the determination that checks a failed award's
// decision against the procedure in force at the time, condition by condition, from the
// entries of the decision ledger.
//
// It is pure computation: it must not depend on SQL, HTTP, the file system or the clock. The
// store gathers the ledger entries and passes them in; the result is a seedbed.Determination.
package exemption

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"seedbed"
)

// Procedure is one version of a standard decision procedure for a kind of support: the steps
// a decision must pass and the ledger evidence that proves each.
type Procedure struct {
	ID             string        `json:"id"`
	Version        int           `json:"version"`
	Title          seedbed.Label `json:"title"`
	Issuer         seedbed.Label `json:"issuer"`
	Summary        seedbed.Label `json:"summary"`
	EffectiveFrom  time.Time     `json:"effective_from"`
	EffectiveTo    time.Time     `json:"effective_to"` // zero: open-ended
	AppliesTo      Scope         `json:"applies_to"`
	RefundRequired bool          `json:"refund_required"`
	Steps          []Step        `json:"steps"`
	Source         []byte        `json:"-"`
}

// Scope says which decisions a procedure governs: by the program's selection mode and by the
// amount awarded.
type Scope struct {
	SelectionModes []string `json:"selection_modes"`
	MinAmount      int64    `json:"min_amount"`
	MaxAmount      int64    `json:"max_amount"` // 0: no upper limit
}

// Step is one step of a procedure: the event kind whose ledger entries prove it and the
// step's parameters (which ones apply depends on the kind).
type Step struct {
	ID       string        `json:"id"`
	Title    seedbed.Label `json:"title"`
	Evidence string        `json:"evidence"`
	Min      int           `json:"min,omitempty"`      // score: independent reviewers
	MinDays  int           `json:"min_days,omitempty"` // public_notice: days of notice
	Quorum   float64       `json:"quorum,omitempty"`   // collective_decision: share of members present
	Majority float64       `json:"majority,omitempty"` // collective_decision: votes for must exceed this share of those present
}

// Evidence kinds a step may name, with the parameters each takes (see Step).
var evidenceParams = map[string][]string{
	"program_published":    nil,
	"eligibility":          nil,
	"score":                {"min"},
	"conflict_declaration": nil,
	"collective_decision":  {"quorum", "majority"},
	"public_notice":        {"min_days"},
	"interest_declaration": nil,
	"funding_decision":     nil,
	"lottery_commitment":   nil,
	"draw":                 nil,
}

// EvidenceKinds lists the evidence kinds in the order the documentation explains them.
var EvidenceKinds = []string{"program_published", "eligibility", "score", "conflict_declaration", "collective_decision",
	"public_notice", "interest_declaration", "funding_decision", "lottery_commitment", "draw"}

// InForce reports whether the procedure was in force on the day of t (China Standard Time).
func (p *Procedure) InForce(t time.Time) bool {
	day := dayOf(t)
	return !day.Before(p.EffectiveFrom) && (p.EffectiveTo.IsZero() || !day.After(p.EffectiveTo))
}

// Governs reports whether the procedure applies to an award made in a program of the
// selection mode, for the amount.
func (p *Procedure) Governs(mode string, amount int64) bool {
	s := p.AppliesTo
	if len(s.SelectionModes) > 0 && !contains(s.SelectionModes, mode) {
		return false
	}
	return amount >= s.MinAmount && (s.MaxAmount == 0 || amount <= s.MaxAmount)
}

// SHA256 returns the hex SHA-256 of the document's source, which names the exact text.
func (p *Procedure) SHA256() string {
	sum := sha256.Sum256(p.Source)
	return hex.EncodeToString(sum[:])
}

// Ref returns the reference a determination records.
func (p *Procedure) Ref(ledgerIndex uint64) *seedbed.ProcedureRef {
	r := &seedbed.ProcedureRef{ID: p.ID, Version: p.Version, Title: p.Title, EffectiveFrom: p.EffectiveFrom.Format(seedbed.DateLayout),
		SHA256: p.SHA256(), LedgerIndex: ledgerIndex}
	if !p.EffectiveTo.IsZero() {
		r.EffectiveTo = p.EffectiveTo.Format(seedbed.DateLayout)
	}
	return r
}

// cst is China Standard Time: procedures take effect on calendar days in China.
var cst = time.FixedZone("CST", 8*3600)

// dayOf returns the calendar day of t in China, as midnight UTC of that date.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(cst).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Retroactive reports whether the procedure would take effect before the day of now (China
// Standard Time): published now, it would judge decisions taken before anyone could read it.
func (p *Procedure) Retroactive(now time.Time) bool { return p.EffectiveFrom.Before(dayOf(now)) }
