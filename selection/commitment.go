package selection

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"seedbed"
)

// CommitmentVersion names the commitment format and the draw rules; it is the first line of
// every canonical commitment and changes whenever either would give different bytes or results.
// Version 2 names a future public event as the seed source, with the time after which its value
// is known (seed-known-after), and has no seed-hash or seed-ledger-size line.
const CommitmentVersion = "seedbed-lottery/2"

// CommitmentVersion1 is the first format, which also allowed a ledger head or a committed secret
// as the seed and stated no time for the seed. Commitments in it are still parsed, drawn and
// verified; new ones are refused, since the bureau could grind either of those seeds.
const CommitmentVersion1 = "seedbed-lottery/1"

// Limits of a commitment.
const (
	MaxEntrants       = 100_000
	maxIDBytes        = 128
	maxSourceBytes    = 512
	maxCommitmentSize = 64 + 3*maxIDBytes + 2*maxSourceBytes + MaxEntrants*(maxIDBytes+40)
)

// Seed source kinds.
const (
	// SeedPublicValue is a value a third party publishes at a stated future time, such as the
	// winning numbers of a named public lottery draw; the description says which and when.
	SeedPublicValue = "public_value"
	// SeedLedgerHead is the root hash of the decision ledger at tree size SeedLedgerSize, which
	// the ledger had not reached when the commitment was made.
	SeedLedgerHead = "ledger_head"
	// SeedCommitted is a value fixed in advance and kept secret (commit–reveal): the commitment
	// holds its SHA-256, and the value is revealed after the commitment is published.
	SeedCommitted = "committed"
)

// TimeLayout is the canonical time format of commitments: UTC with exactly six fractional
// digits, the same as the decision ledger's.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Commitment is what the officer publishes before the draw: the ordered entrants with their
// amounts, the budget they compete for, the funding rule and where the seed will come from.
type Commitment struct {
	Version               string   `json:"version"`
	ProgramID             string   `json:"program_id"`
	Entrants              []string `json:"entrants"`
	Amounts               []int64  `json:"amounts"`
	Budget                int64    `json:"budget"`
	FillGaps              bool     `json:"fill_gaps"`
	SeedSourceKind        string   `json:"seed_source_kind"`
	SeedSourceDescription string   `json:"seed_source_description"`
	SeedSourceHash        string   `json:"seed_source_hash"` // hex SHA-256 of the canonical seed; SeedCommitted only
	SeedLedgerSize        uint64   `json:"seed_ledger_size"` // SeedLedgerHead only
	// SeedKnownAfter is the time after which the seed source's value is public (version 2): the
	// scheduled time of the public event. It must lie after CreatedAt.
	SeedKnownAfter time.Time `json:"seed_known_after"`
	CreatedAt      time.Time `json:"created_at"`
}

// Validate checks every field; it returns a *seedbed.Error naming the first bad one.
func (c Commitment) Validate() error {
	_, err := c.Canonical()
	return err
}

// Canonical returns the commitment's canonical text, the bytes its hash is taken over:
//
//	seedbed-lottery/2
//	program: P-2026-07
//	created-at: 2026-11-20T02:00:00.000000Z
//	budget: 300000
//	fill-gaps: no
//	seed-kind: public_value
//	seed-source: 福利彩票双色球 2026-12-01 开奖号码
//	seed-known-after: 2026-12-01T13:30:00.000000Z
//	entrants: 2
//	1 A-17 50000
//	2 A-23 80000
//
// in UTF-8 with a line feed after every line. Version 1 has, instead of the seed-known-after
// line, a "seed-hash:" line ("-" for none) and a "seed-ledger-size:" line.
func (c Commitment) Canonical() ([]byte, error) {
	if c.Version != CommitmentVersion && c.Version != CommitmentVersion1 {
		return nil, seedbed.FieldError("version", seedbed.Label{Zh: "版本应为 %s，实际为 %q", En: "version must be %s, got %q"}, CommitmentVersion, c.Version)
	}
	if err := checkID(c.ProgramID); err != nil {
		return nil, seedbed.FieldError("program_id", "%s", err)
	}
	t := c.CreatedAt.UTC()
	if c.CreatedAt.IsZero() || t.Year() < 1 || t.Year() > 9999 {
		return nil, seedbed.FieldError("created_at", seedbed.Label{Zh: "缺少时间或时间超出 0001–9999 年", En: "the time is missing or outside the years 0001–9999"})
	}
	if c.Budget < 0 || c.Budget > MaxAmount {
		return nil, seedbed.FieldError("budget", seedbed.Label{Zh: "预算应在 0 到 %d 之间", En: "the budget must be between 0 and %d"}, int64(MaxAmount))
	}
	if err := c.checkSeedSource(); err != nil {
		return nil, err
	}
	if len(c.Entrants) == 0 || len(c.Entrants) > MaxEntrants {
		return nil, seedbed.FieldError("entrants", seedbed.Label{Zh: "抽签组应有 1 到 %d 个申请", En: "the draw needs 1 to %d entrants"}, MaxEntrants)
	}
	if len(c.Amounts) != len(c.Entrants) {
		return nil, seedbed.FieldError("amounts", seedbed.Label{Zh: "金额数 %d 与抽签申请数 %d 不一致", En: "%d amounts for %d entrants"}, len(c.Amounts), len(c.Entrants))
	}
	seen := make(map[string]bool, len(c.Entrants))
	for i, id := range c.Entrants {
		field := fmt.Sprintf("entrants[%d]", i)
		if err := checkID(id); err != nil {
			return nil, seedbed.FieldError(field, "%s", err)
		}
		if seen[id] {
			return nil, seedbed.FieldError(field, seedbed.Label{Zh: "申请 %s 重复出现", En: "entrant %s appears twice"}, id)
		}
		seen[id] = true
		if c.Amounts[i] < 1 || c.Amounts[i] > MaxAmount {
			return nil, seedbed.FieldError(fmt.Sprintf("amounts[%d]", i), seedbed.Label{Zh: "金额应在 1 到 %d 之间", En: "an amount must be between 1 and %d"}, int64(MaxAmount))
		}
	}
	var b bytes.Buffer
	b.Grow(256 + len(c.Entrants)*32)
	fmt.Fprintf(&b, "%s\nprogram: %s\ncreated-at: %s\nbudget: %d\nfill-gaps: %s\n", c.Version, c.ProgramID,
		t.Truncate(time.Microsecond).Format(TimeLayout), c.Budget, yesNo(c.FillGaps))
	fmt.Fprintf(&b, "seed-kind: %s\nseed-source: %s\n", c.SeedSourceKind, c.SeedSourceDescription)
	if c.Version == CommitmentVersion1 {
		hash := c.SeedSourceHash
		if hash == "" {
			hash = "-"
		}
		fmt.Fprintf(&b, "seed-hash: %s\nseed-ledger-size: %d\n", hash, c.SeedLedgerSize)
	} else {
		fmt.Fprintf(&b, "seed-known-after: %s\n", c.SeedKnownAfter.UTC().Format(TimeLayout))
	}
	fmt.Fprintf(&b, "entrants: %d\n", len(c.Entrants))
	var num []byte
	for i, id := range c.Entrants {
		num = strconv.AppendInt(num[:0], int64(i+1), 10)
		num = append(append(append(num, ' '), id...), ' ')
		num = append(strconv.AppendInt(num, c.Amounts[i], 10), '\n')
		b.Write(num)
	}
	return b.Bytes(), nil
}

func (c Commitment) checkSeedSource() error {
	if c.Version != CommitmentVersion1 {
		return c.checkPublicEvent()
	}
	switch c.SeedSourceKind {
	case SeedPublicValue, SeedLedgerHead, SeedCommitted:
	default:
		return seedbed.FieldError("seed_source_kind", seedbed.Label{Zh: "种子来源类型应为 %s、%s 或 %s", En: "the seed source kind must be %s, %s or %s"}, SeedPublicValue, SeedLedgerHead, SeedCommitted)
	}
	d := c.SeedSourceDescription
	if d == "" || len(d) > maxSourceBytes || !utf8.ValidString(d) || strings.TrimSpace(d) != d || strings.ContainsFunc(d, unicode.IsControl) {
		return seedbed.FieldError("seed_source_description", seedbed.Label{Zh: "种子来源说明应为 1–%d 字节的单行文本，首尾无空格", En: "the seed source description must be one line of 1–%d bytes without leading or trailing spaces"}, maxSourceBytes)
	}
	if (c.SeedSourceKind == SeedCommitted) != (c.SeedSourceHash != "") {
		return seedbed.FieldError("seed_source_hash", seedbed.Label{Zh: "只有 %s 类型的种子来源需要（且必须有）种子哈希", En: "a seed hash is required for, and only for, the %s kind"}, SeedCommitted)
	}
	if c.SeedSourceHash != "" && !isLowerHex(c.SeedSourceHash, 2*sha256.Size) {
		return seedbed.FieldError("seed_source_hash", seedbed.Label{Zh: "种子哈希应为 64 位小写十六进制", En: "the seed hash must be 64 lower-case hex digits"})
	}
	if (c.SeedSourceKind == SeedLedgerHead) != (c.SeedLedgerSize > 0) {
		return seedbed.FieldError("seed_ledger_size", seedbed.Label{Zh: "只有 %s 类型的种子来源需要（且必须有）账本大小", En: "a ledger size is required for, and only for, the %s kind"}, SeedLedgerHead)
	}
	return nil
}

// checkPublicEvent checks the seed source of a version 2 commitment: a future public event,
// described, with the time after which its value is known, later than the commitment.
func (c Commitment) checkPublicEvent() error {
	if c.SeedSourceKind != SeedPublicValue {
		return seedbed.FieldError("seed_source_kind", seedbed.Label{Zh: "种子须取自未来的公开事件（%s）；决策账本树头或预先承诺的秘密值可被本局反复试算，不再接受", En: "the seed must come from a future public event (%s); a ledger head or a committed secret could be ground by the bureau and is no longer accepted"}, SeedPublicValue)
	}
	d := c.SeedSourceDescription
	if d == "" || len(d) > maxSourceBytes || !utf8.ValidString(d) || strings.TrimSpace(d) != d || strings.ContainsFunc(d, unicode.IsControl) {
		return seedbed.FieldError("seed_source_description", seedbed.Label{Zh: "种子来源说明应为 1–%d 字节的单行文本，首尾无空格", En: "the seed source description must be one line of 1–%d bytes without leading or trailing spaces"}, maxSourceBytes)
	}
	if c.SeedSourceHash != "" || c.SeedLedgerSize != 0 {
		return seedbed.FieldError("seed_source_hash", seedbed.Label{Zh: "公开事件种子不需要种子哈希或账本规模", En: "a public event seed takes no seed hash or ledger size"})
	}
	k := c.SeedKnownAfter.UTC()
	if c.SeedKnownAfter.IsZero() || k.Year() > 9999 {
		return seedbed.FieldError("seed_known_after", seedbed.Label{Zh: "请填写公开事件公布结果的时间（此后种子值才为人所知）", En: "give the time the public event publishes its value (after which the seed is known)"})
	}
	if !k.After(c.CreatedAt) {
		return seedbed.FieldError("seed_known_after", seedbed.Label{Zh: "种子公布时间 %s 不晚于承诺时间 %s：种子须来自承诺之后的事件", En: "the seed is known from %s, not after the commitment at %s: the seed must come from an event after the commitment"}, seedbed.FormatCST(k), seedbed.FormatCST(c.CreatedAt))
	}
	return nil
}

// Hash returns the commitment hash: the lower-case hex SHA-256 of the canonical text.
func (c Commitment) Hash() (string, error) {
	data, err := c.Canonical()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// ParseCommitment decodes a canonical commitment. It refuses anything that is not exactly the
// canonical text of a valid commitment, so a parsed commitment always hashes to the hash of
// the bytes it came from. Errors name the line.
func ParseCommitment(data []byte) (Commitment, error) {
	if len(data) > maxCommitmentSize {
		return Commitment{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "承诺文本过长", En: "the commitment is too long"})
	}
	if !utf8.Valid(data) {
		return Commitment{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "承诺文本不是有效的 UTF-8", En: "the commitment is not valid UTF-8"})
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return Commitment{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "承诺文本应以换行结束", En: "the commitment must end with a line feed"})
	}
	lines := strings.Split(string(data[:len(data)-1]), "\n")
	p := &commitmentParser{lines: lines}
	var c Commitment
	c.Version = p.next("")
	if p.err == nil && c.Version != CommitmentVersion && c.Version != CommitmentVersion1 {
		p.fail(seedbed.Label{Zh: "版本应为 %s", En: "the version must be %s"}, CommitmentVersion)
	}
	c.ProgramID = p.next("program")
	c.CreatedAt = p.time("created-at")
	c.Budget = p.int("budget")
	switch p.next("fill-gaps") {
	case "yes":
		c.FillGaps = true
	case "no":
	default:
		p.fail(seedbed.Label{Zh: "应为 yes 或 no", En: "must be yes or no"})
	}
	c.SeedSourceKind = p.next("seed-kind")
	c.SeedSourceDescription = p.next("seed-source")
	if c.Version == CommitmentVersion1 {
		if c.SeedSourceHash = p.next("seed-hash"); c.SeedSourceHash == "-" {
			c.SeedSourceHash = ""
		}
		if s := p.next("seed-ledger-size"); p.err == nil {
			n, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				p.fail(seedbed.Label{Zh: "应为非负整数", En: "must be a whole number"})
			}
			c.SeedLedgerSize = n
		}
	} else {
		c.SeedKnownAfter = p.time("seed-known-after")
	}
	n := p.int("entrants")
	if p.err == nil && (n < 1 || n > MaxEntrants || int(n) != len(lines)-p.at) {
		p.fail(seedbed.Label{Zh: "抽签申请数 %d 与后面的行数 %d 不一致", En: "%d entrants declared, %d lines follow"}, n, len(lines)-p.at)
	}
	for i := 0; p.err == nil && i < int(n); i++ {
		fields := strings.Split(p.next(""), " ")
		if p.err != nil {
			break
		}
		if len(fields) != 3 || fields[0] != strconv.Itoa(i+1) {
			p.fail(seedbed.Label{Zh: "应为「序号 申请编号 金额」，序号为 %d", En: `expected "position id amount" with position %d`}, i+1)
			break
		}
		amt, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			p.fail(seedbed.Label{Zh: "金额应为整数", En: "the amount must be a whole number"})
			break
		}
		c.Entrants = append(c.Entrants, fields[1])
		c.Amounts = append(c.Amounts, amt)
	}
	if p.err != nil {
		return Commitment{}, p.err
	}
	canon, err := c.Canonical()
	if err != nil {
		return Commitment{}, err
	}
	if !bytes.Equal(canon, data) {
		return Commitment{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "承诺文本不是规范格式（多余空格、前导零或时间精度不符）", En: "the commitment is not in canonical form (extra spaces, leading zeros or time precision)"})
	}
	return c, nil
}

// commitmentParser reads the lines of a commitment and remembers the first error with its line.
type commitmentParser struct {
	lines []string
	at    int
	err   *seedbed.Error
}

// next returns the value of the next line, which must be "key: value" (or anything, for key "").
func (p *commitmentParser) next(key string) string {
	if p.err != nil {
		return ""
	}
	if p.at >= len(p.lines) {
		p.at++
		p.fail(seedbed.Label{Zh: "承诺文本提前结束", En: "the commitment ends early"})
		return ""
	}
	line := p.lines[p.at]
	p.at++
	if key == "" {
		return line
	}
	v, ok := strings.CutPrefix(line, key+": ")
	if !ok {
		p.fail(seedbed.Label{Zh: "应以「%[1]s: 」开头", En: "expected a line starting %[2]q"}, key, key+": ")
	}
	return v
}

func (p *commitmentParser) time(key string) time.Time {
	s := p.next(key)
	if p.err != nil {
		return time.Time{}
	}
	t, err := time.Parse(TimeLayout, s)
	if err != nil {
		p.fail(seedbed.Label{Zh: "时间格式应为 %s", En: "the time must have the form %s"}, TimeLayout)
	}
	return t
}

func (p *commitmentParser) int(key string) int64 {
	s := p.next(key)
	if p.err != nil {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		p.fail(seedbed.Label{Zh: "应为整数", En: "must be a whole number"})
	}
	return n
}

func (p *commitmentParser) fail(format seedbed.Label, args ...any) {
	if p.err == nil {
		p.err = seedbed.Errorf(seedbed.EINVALID, format, args...)
		p.err.Line = p.at
	}
}

// checkID accepts an id of 1–128 printable ASCII characters without spaces.
func checkID(s string) error {
	if s == "" || len(s) > maxIDBytes {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "编号应为 1–%d 个字符", En: "an id must be 1–%d characters"}, maxIDBytes)
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "编号 %q 只能含可打印的 ASCII 字符且不含空格", En: "id %q may hold only printable ASCII without spaces"}, s)
		}
	}
	return nil
}

func isLowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// SeedKnownAfterOf reads the seed-known-after line of a canonical commitment's header, or nil
// for a first-format commitment, which has none. It reads the header only, so it is cheap for
// a draw of any size; the text is assumed to have been checked by ParseCommitment when stored.
func SeedKnownAfterOf(canonical string) *time.Time {
	for line := range strings.Lines(canonical) {
		if strings.HasPrefix(line, "entrants: ") {
			return nil
		}
		if v, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "seed-known-after: "); ok {
			if t, err := time.Parse(TimeLayout, v); err == nil {
				return &t
			}
			return nil
		}
	}
	return nil
}
