package evaluation

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"seedbed"
)

// Quarter is a calendar quarter, stored as year*4 + (quarter-1) so that consecutive quarters
// are consecutive integers. The zero value means "no quarter".
type Quarter int32

// Years a Quarter may fall in.
const (
	MinYear = 1900
	MaxYear = 2999
)

// NewQuarter returns the quarter q (1–4) of year, or an invalid-input error.
func NewQuarter(year, q int) (Quarter, error) {
	if year < MinYear || year > MaxYear || q < 1 || q > 4 {
		return 0, seedbed.FieldError("period", seedbed.Label{Zh: "季度 %d年第%d季度 不存在", En: "quarter %dQ%d out of range"}, year, q)
	}
	return Quarter(year*4 + q - 1), nil
}

// QuarterOf returns the quarter that contains t, in t's own time zone.
func QuarterOf(t time.Time) Quarter {
	return Quarter(t.Year()*4 + (int(t.Month())-1)/3)
}

// Year returns the quarter's calendar year.
func (q Quarter) Year() int { return int(q) / 4 }

// Num returns the quarter's number within its year, 1 to 4.
func (q Quarter) Num() int { return int(q)%4 + 1 }

// Valid reports whether q lies between MinYear and MaxYear.
func (q Quarter) Valid() bool { return q.Year() >= MinYear && q.Year() <= MaxYear && q >= 0 }

// Add returns the quarter n quarters after q (before it when n is negative).
func (q Quarter) Add(n int) Quarter { return q + Quarter(n) }

// Start returns midnight on the first day of the quarter in loc.
func (q Quarter) Start(loc *time.Location) time.Time {
	return time.Date(q.Year(), time.Month(3*(q.Num()-1)+1), 1, 0, 0, 0, 0, loc)
}

// String returns the quarter as "2024Q2", or "" for the zero quarter.
func (q Quarter) String() string {
	if q == 0 {
		return ""
	}
	if !q.Valid() {
		return fmt.Sprintf("Quarter(%d)", int32(q))
	}
	return strconv.Itoa(q.Year()) + "Q" + strconv.Itoa(q.Num())
}

// Zh returns the quarter in Chinese, "2024年第2季度".
func (q Quarter) Zh() string {
	if q == 0 || !q.Valid() {
		return q.String()
	}
	return fmt.Sprintf("%d年第%d季度", q.Year(), q.Num())
}

// Label returns the quarter in both working languages.
func (q Quarter) Label() seedbed.Label { return seedbed.Label{Zh: q.Zh(), En: q.String()} }

// MarshalText encodes the quarter as "2024Q2" (empty for the zero quarter).
func (q Quarter) MarshalText() ([]byte, error) {
	if q != 0 && !q.Valid() {
		return nil, fmt.Errorf("evaluation: invalid quarter %d", int32(q))
	}
	return []byte(q.String()), nil
}

// UnmarshalText decodes any form ParseQuarter accepts; empty text gives the zero quarter.
func (q *Quarter) UnmarshalText(b []byte) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		*q = 0
		return nil
	}
	v, err := ParseQuarter(string(b))
	if err != nil {
		return err
	}
	*q = v
	return nil
}

var zhQuarterDigits = map[string]int{"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}

// ParseQuarter reads a quarter written as "2024Q2", "2024-Q2", "2024 Q2" (any case),
// "2024年第2季度", "2024年第二季度" or "2024年Q2".
func ParseQuarter(s string) (Quarter, error) {
	s = strings.TrimSpace(s)
	bad := func() (Quarter, error) {
		return 0, seedbed.FieldError("period", seedbed.Label{Zh: "无法识别的季度 %q，应写作 2024Q2 或 2024年第2季度", En: "cannot read quarter %q, write 2024Q2 or 2024年第2季度"}, s)
	}
	var yearText, rest string
	if y, r, ok := strings.Cut(s, "年"); ok {
		yearText = y
		rest = strings.TrimPrefix(r, "第")
		rest = strings.TrimSuffix(rest, "季度")
		if rest == r { // "2024年Q2": no 第…季度 around the number
			rest = strings.TrimPrefix(strings.TrimPrefix(r, "Q"), "q")
			if rest == r {
				return bad()
			}
		}
	} else {
		if len(s) < 6 {
			return bad()
		}
		yearText, rest = s[:4], s[4:]
		if rest[0] == '-' || rest[0] == ' ' {
			rest = rest[1:]
		}
		if rest == "" || (rest[0] != 'Q' && rest[0] != 'q') {
			return bad()
		}
		rest = rest[1:]
	}
	if len(yearText) != 4 {
		return bad()
	}
	year := 0
	for _, c := range yearText {
		if c < '0' || c > '9' {
			return bad()
		}
		year = year*10 + int(c-'0')
	}
	num, ok := zhQuarterDigits[rest]
	if !ok {
		return bad()
	}
	return NewQuarter(year, num)
}

// ValidatePeriod checks that q is a valid quarter and not after the quarter containing now.
// The current quarter itself is allowed: a report may be filed before the quarter ends.
func ValidatePeriod(q Quarter, now time.Time) error {
	if e := periodProblem(q, QuarterOf(now)); e != nil {
		return e
	}
	return nil
}

// periodProblem returns what is wrong with q given the current quarter, or nil.
func periodProblem(q, cur Quarter) *seedbed.Error {
	if !q.Valid() {
		return seedbed.FieldError("period", seedbed.Label{Zh: "缺少或无效的期间", En: "missing or invalid period"})
	}
	if q > cur {
		return seedbed.FieldError("period", seedbed.Label{Zh: "期间 %[1]s 在未来（当前为 %[2]s）", En: "period %[3]s is in the future (current quarter %[4]s)"},
			q.Zh(), cur.Zh(), q, cur)
	}
	return nil
}
