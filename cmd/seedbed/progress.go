package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws a one-line progress bar on a terminal, redrawn at most ten times a second.
type progress struct {
	w      io.Writer
	label  string
	last   time.Time
	active bool
	drawn  bool
}

// newProgress returns a progress bar on w, drawn only when w is a terminal or force is set.
func newProgress(w io.Writer, label string, force bool) *progress {
	return &progress{w: w, label: label, active: force || isTTY(w)}
}

// Update redraws the bar for done of total (total <= 0: unknown) with a note such as a row count.
func (p *progress) Update(done, total int64, note string) {
	if !p.active || time.Since(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last, p.drawn = time.Now(), true
	const width = 30
	if total > 0 {
		frac := min(float64(done)/float64(total), 1)
		n := int(frac * width)
		fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%% %s", p.label, strings.Repeat("█", n), strings.Repeat("·", width-n), 100*frac, note)
	} else {
		fmt.Fprintf(p.w, "\r%s %s", p.label, note)
	}
}

// Done ends the bar's line, if it drew one.
func (p *progress) Done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}

func isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
