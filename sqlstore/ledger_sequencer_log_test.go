package sqlstore

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// TestRoundLogOnceAChange: the sequencer's failures are logged when they start or change and
// when the rounds work again, not at every round.
func TestRoundLogOnceAChange(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	var l roundLog
	down := errors.New("connection refused")
	for _, step := range []struct {
		err, auditErr error
		want          []string // what this round logs
	}{
		{nil, nil, nil},
		{down, nil, []string{`level=ERROR msg="ledger sequencer: appending decisions failed`, "connection refused"}},
		{down, nil, nil}, // the same failure again: nothing
		{down, down, []string{`level=ERROR msg="ledger sequencer: chaining audit rows failed`}},
		{nil, down, []string{`level=INFO msg="ledger sequencer: appending decisions works again"`}},
		{nil, nil, []string{`level=INFO msg="ledger sequencer: chaining audit rows works again"`}},
		{nil, nil, nil},
	} {
		buf.Reset()
		l.note(log, step.err, step.auditErr)
		got := buf.String()
		if len(step.want) == 0 && got != "" {
			t.Errorf("round (%v, %v) logged %q, want nothing", step.err, step.auditErr, got)
		}
		for _, w := range step.want {
			if !strings.Contains(got, w) {
				t.Errorf("round (%v, %v) logged %q, want %q in it", step.err, step.auditErr, got, w)
			}
		}
	}
}
