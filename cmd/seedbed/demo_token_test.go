package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The token command the demo prints works as printed: run by a shell, it prints a token for the
// demo's data (a data folder whose name needs quoting, to be sure the quoting is right).
func TestDemoTokenCommandWorksAsPrinted(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "demo data")
	var out bytes.Buffer
	if code := run(context.Background(), []string{"demo", "--no-serve", "--innovators", "300", "--data", data}, &out, &out); code != 0 {
		t.Fatalf("demo exit %d: %s", code, out.String())
	}
	var cmd string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, " token create ") {
			cmd = strings.TrimSpace(line)
		}
	}
	if cmd == "" || strings.Contains(cmd, "DIR") {
		t.Fatalf("the demo prints no usable token command:\n%s", out.String())
	}
	// The test binary runs as if by go run; the built command stands in for it.
	cmd = strings.Replace(cmd, "go run ./cmd/seedbed", seedbedBinary(t), 1)
	got, err := exec.Command("sh", "-c", cmd).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, got)
	}
	if len(strings.TrimSpace(string(got))) < 20 {
		t.Fatalf("%s printed %q, not a token", cmd, got)
	}
}
