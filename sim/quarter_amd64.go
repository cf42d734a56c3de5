//go:build amd64 && !purego

package sim

import "unsafe"

// haveKernel reports whether tabledStretch is the assembly loop (quarter_amd64.s).
const haveKernel = true

// tabledStretch steps the ventures live[k.i:k.n] (quarter_kernel.go).
//
//go:noescape
func tabledStretch(k *tabledKernel)

// The assembly addresses a venture as 32 bytes, a kind's constants as 64 and a field's flip rows
// as 32 × 2048 bytes.
var (
	_ = [1]int{}[unsafe.Sizeof(venture{})-32]
	_ = [1]int{}[unsafe.Sizeof(kindConsts{})-64]
	_ = [1]int{}[unsafe.Sizeof(flipRow{})-2048]
)
