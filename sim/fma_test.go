package sim

import (
	"os"
	"os/exec"
	"regexp"
	"testing"
)

// fusedOp matches the fused multiply-add instructions of arm64, ppc64le, riscv64, loong64
// (FMADDD, FNMSUBS, …), s390x (WFMADB, WFNMSDB) and amd64 v3 (VFMADD231SD, …).
var fusedOp = regexp.MustCompile(`\s(FN?M(ADD|SUB)[DS]?|WFN?M[AS]DB|VFN?M(ADD|SUB)[0-9A-Z]*)\s`)

// TestNoFusedMultiplyAdd compiles the simulator for every architecture on which Go fuses x*y+z
// and fails if any fused instruction appears: fusion changes the last bit of results, and the
// simulator promises the same numbers on every machine. It rebuilds everything for six
// architectures (about a minute), so it runs only with SIM_FMA_CHECK=1.
func TestNoFusedMultiplyAdd(t *testing.T) {
	if os.Getenv("SIM_FMA_CHECK") != "1" {
		t.Skip("set SIM_FMA_CHECK=1 to compile for six architectures and look for fused multiply-adds")
	}
	targets := []struct{ goarch, goamd64 string }{
		{"arm64", ""}, {"ppc64le", ""}, {"s390x", ""}, {"riscv64", ""}, {"loong64", ""}, {"amd64", "v3"},
	}
	for _, tt := range targets {
		cmd := exec.Command("go", "build", "-a", "-o", os.DevNull, "-gcflags=seedbed/sim/...=-S", "seedbed/sim/...")
		cmd.Env = append(os.Environ(), "GOARCH="+tt.goarch, "GOAMD64="+tt.goamd64, "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tt.goarch, err, out)
		}
		for _, m := range regexp.MustCompile(`(?m)^.*$`).FindAll(out, -1) {
			if fusedOp.Match(m) {
				t.Errorf("%s%s: fused multiply-add: %s", tt.goarch, tt.goamd64, m)
			}
		}
	}
}
