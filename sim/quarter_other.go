//go:build !amd64 || purego

package sim

// haveKernel reports whether tabledStretch is the assembly loop; elsewhere quarter takes its
// general path.
const haveKernel = false

func tabledStretch(*tabledKernel) { panic("sim: no quarter kernel on this platform") }
