//go:build unix

package epistemic

import (
	"syscall"
	"time"
)

// cpuTime returns the user plus system CPU time this process has used, so that benchmarks can
// report CPU seconds per operation, which other jobs on a shared machine do not inflate.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
