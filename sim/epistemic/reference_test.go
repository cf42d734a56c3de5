package epistemic

import (
	"context"
	"encoding/json"
	"math"
	"os/exec"
	"testing"
)

// TestAgreesWithPythonReference runs the straightforward Python implementation of the same rules
// (reference/weisberg_muldoon.py, the speed reference of docs/performance.md) and checks that its
// mean progress over 60 seeds agrees with this package's within 0.012: about four standard errors
// of the difference, as the two draw different random numbers.
func TestAgreesWithPythonReference(t *testing.T) {
	if testing.Short() {
		t.Skip("runs python3")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	out, err := exec.Command(py, "reference/weisberg_muldoon.py", "--followers", "30", "--mavericks", "10",
		"--ticks", "300", "--seeds", "60").Output()
	if err != nil {
		t.Fatalf("python reference: %v", err)
	}
	var ref struct {
		Progress float64 `json:"progress"`
	}
	if err := json.Unmarshal(out, &ref); err != nil {
		t.Fatal(err)
	}
	outs, err := Replicate(context.Background(), NewLandscape(), Population{Followers: 30, Mavericks: 10}, 300, 60, 1)
	if err != nil {
		t.Fatal(err)
	}
	var mean float64
	for _, o := range outs {
		mean += o.Progress / float64(len(outs))
	}
	t.Logf("progress: Go %.4f, Python %.4f", mean, ref.Progress)
	if math.Abs(mean-ref.Progress) > 0.012 {
		t.Errorf("progress: Go %.4f, Python %.4f", mean, ref.Progress)
	}
}
