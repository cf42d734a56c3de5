package policy

import (
	"encoding/json"
	"time"

	"go.yaml.in/yaml/v3"

	"seedbed"
)

// Document is one version of one support policy as written in its YAML file: metadata, the
// eligibility clauses, the support instruments and the embedded test cases. A Document is data;
// Compile turns it into something that evaluates.
type Document struct {
	ID            string        `json:"id"`
	Version       int           `json:"version"`
	Title         seedbed.Label `json:"title"`
	Summary       seedbed.Label `json:"summary"`
	Issuer        seedbed.Label `json:"issuer"`
	EffectiveFrom Date          `json:"effective_from"`
	EffectiveTo   Date          `json:"effective_to"` // zero: open-ended; otherwise inclusive
	Segment       string        `json:"segment"`      // one of Segments
	Selection     string        `json:"selection"`    // one of Selections
	Application   string        `json:"application"`  // one of Applications
	HorizonMonths int           `json:"horizon_months,omitempty"`
	Notes         seedbed.Label `json:"notes"`
	Conditions    []Clause      `json:"conditions"`
	Instruments   []Instrument  `json:"instruments"`
	Tests         []TestCase    `json:"tests"`

	File   string `json:"file,omitempty"` // the name it was parsed under, for error positions
	Source []byte `json:"-"`              // the bytes it was parsed from

	pos map[string]Pos // positions of top-level keys, by key
}

// Clause is one eligibility condition: every clause of a policy must hold.
type Clause struct {
	ID   string        `json:"id"`
	Text seedbed.Label `json:"text"` // the written sentence; the rendered expression is the fallback
	Expr Expr          `json:"expr"`
	Pos  Pos           `json:"-"`
}

// Instrument is one form of support a policy grants to the eligible, with its amount formula.
type Instrument struct {
	ID     string        `json:"id"`
	Kind   string        `json:"kind"` // one of InstrumentKinds
	Name   seedbed.Label `json:"name"`
	When   Expr          `json:"when"`   // optional extra condition for this instrument only
	Amount Expr          `json:"amount"` // CEL returning a number
	Cap    float64       `json:"cap"`    // the amount never exceeds it
	Unit   string        `json:"unit"`   // one of Units
	// Cofunding, when set, limits the government share to Ratio × the applicant's own
	// contribution (Own, a CEL number), so the public share never exceeds the private one.
	Cofunding *Cofunding `json:"cofunding,omitempty"`
	Pos       Pos        `json:"-"`
}

// Cofunding is the matching rule of an instrument: government share ≤ Ratio × Own.
type Cofunding struct {
	Ratio float64 `json:"ratio"` // 0 < Ratio ≤ 1
	Own   Expr    `json:"own"`
}

// Expr is a CEL expression as written in the file, with where it was written.
type Expr struct {
	Text  string
	Pos   Pos // the YAML scalar's position
	style yaml.Style
}

// IsZero reports whether no expression was written.
func (e Expr) IsZero() bool { return e.Text == "" }

// MarshalJSON writes the expression as its text.
func (e Expr) MarshalJSON() ([]byte, error) { return json.Marshal(e.Text) }

// UnmarshalJSON reads the expression text (positions are lost).
func (e *Expr) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &e.Text) }

// TestCase is one example embedded in a policy file: an innovator on a date and what the
// policy must decide for it.
type TestCase struct {
	Name       string             `json:"name"`
	AsOf       Date               `json:"as_of"`
	Innovator  seedbed.Innovator  `json:"innovator"`
	Indicators map[string]float64 `json:"indicators,omitempty"`
	Expect     Expectation        `json:"expect"`
	Pos        Pos                `json:"-"`
}

// Expectation is what a test case requires of the result. Empty parts are not checked.
type Expectation struct {
	Status        Status             `json:"status"`
	Amounts       map[string]float64 `json:"amounts,omitempty"`
	FailingClause string             `json:"failing_clause,omitempty"`
	Missing       []string           `json:"missing,omitempty"` // fields named in an undecided result
	amountPos     map[string]Pos
}

// Date is a calendar day without a time zone.
type Date struct{ t time.Time }

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads a date written as 2006-01-02. 0001-01-01 is refused: it is the zero Date,
// which means "unset".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, err
	}
	if t.IsZero() {
		return Date{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "日期 %q 超出范围", En: "date %q is out of range"}, s)
	}
	return Date{t}, nil
}

// MustDate is ParseDate for constants in tests and tables; it panics on a bad date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return d.t }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// String writes the date as 2006-01-02, or "" when unset.
func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// MarshalJSON writes the date as "2006-01-02", or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "2006-01-02" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil || *s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(*s)
	*d = v
	return err
}

// InForce reports whether the document is in force on day d.
func (doc *Document) InForce(d Date) bool {
	if d.Before(doc.EffectiveFrom) {
		return false
	}
	return doc.EffectiveTo.IsZero() || !d.After(doc.EffectiveTo)
}

// overlaps reports whether two documents' effective ranges share a day.
func (doc *Document) overlaps(o *Document) bool {
	startsBeforeOtherEnds := o.EffectiveTo.IsZero() || !doc.EffectiveFrom.After(o.EffectiveTo)
	otherStartsBeforeEnds := doc.EffectiveTo.IsZero() || !o.EffectiveFrom.After(doc.EffectiveTo)
	return startsBeforeOtherEnds && otherStartsBeforeEnds
}

// position returns where a top-level key was written, or the start of the file.
func (doc *Document) position(key string) Pos {
	if p, ok := doc.pos[key]; ok {
		return p
	}
	return Pos{Line: 1, Column: 1}
}

// Instrument kinds (支持工具).
const (
	InstrumentGrant       = "grant"
	InstrumentVoucher     = "voucher"
	InstrumentLoanSubsidy = "loan_interest_subsidy"
	InstrumentEquity      = "equity_coinvestment"
	InstrumentCompute     = "compute_credits"
	InstrumentSpace       = "space"
)

// InstrumentKinds lists the support instruments a policy may grant.
var InstrumentKinds = seedbed.OptionSet{
	{Code: InstrumentGrant, Label: seedbed.Label{Zh: "无偿资助", En: "Grant"}},
	{Code: InstrumentVoucher, Label: seedbed.Label{Zh: "创新券", En: "Innovation voucher"}},
	{Code: InstrumentLoanSubsidy, Label: seedbed.Label{Zh: "贷款贴息", En: "Loan-interest subsidy"}},
	{Code: InstrumentEquity, Label: seedbed.Label{Zh: "股权跟投", En: "Equity co-investment"}},
	{Code: InstrumentCompute, Label: seedbed.Label{Zh: "算力券", En: "Compute credits"}},
	{Code: InstrumentSpace, Label: seedbed.Label{Zh: "场地支持", En: "Space"}},
}

// Units lists the units amounts are given in.
var Units = seedbed.OptionSet{
	{Code: "wan_yuan", Label: seedbed.Label{Zh: "万元", En: "10k CNY"}},
	{Code: "gpu_hours", Label: seedbed.Label{Zh: "卡时", En: "GPU-hours"}},
	{Code: "square_meters", Label: seedbed.Label{Zh: "平方米", En: "m²"}},
	{Code: "months", Label: seedbed.Label{Zh: "个月", En: "months"}},
}

// Segments lists the target segments of the essay's differentiation.
var Segments = seedbed.OptionSet{
	{Code: "grassroots_sme", Label: seedbed.Label{Zh: "草根团队与市场驱动型中小企业", En: "Grassroots teams and market-driven SMEs"}},
	{Code: "national_team", Label: seedbed.Label{Zh: "国家队基础研究", En: "National-team basic research"}},
	{Code: "institute", Label: seedbed.Label{Zh: "科研院所与高校", En: "Research institutes and universities"}},
	{Code: "large_enterprise", Label: seedbed.Label{Zh: "大企业", En: "Large enterprises"}},
	{Code: "open", Label: seedbed.Label{Zh: "各类创新主体", En: "All innovators"}},
}

// Selections lists how awardees are chosen among the eligible.
var Selections = seedbed.OptionSet{
	{Code: "formula", Label: seedbed.Label{Zh: "符合条件即按公式支持", En: "Formula: every eligible applicant"}},
	{Code: "lottery", Label: seedbed.Label{Zh: "合格者中部分抽签", En: "Partial lottery among the fundable"}},
	{Code: "peer_review", Label: seedbed.Label{Zh: "同行评议", En: "Peer review"}},
	{Code: "due_diligence", Label: seedbed.Label{Zh: "尽职调查与联合评审", En: "Due diligence and joint review"}},
}

// Applications lists how heavy an application is.
var Applications = seedbed.OptionSet{
	{Code: "light", Label: seedbed.Label{Zh: "轻申请（方向而非详细计划）", En: "Light (a direction, not a detailed plan)"}},
	{Code: "standard", Label: seedbed.Label{Zh: "标准申请", En: "Standard"}},
	{Code: "full", Label: seedbed.Label{Zh: "完整申报与答辩", En: "Full proposal and defence"}},
}
