//go:build unix

package web

import (
	"syscall"
	"time"
)

// processCPU returns the user plus system CPU time this process has used, so that benchmarks can
// report CPU time per operation, which other jobs on a shared machine do not inflate.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
