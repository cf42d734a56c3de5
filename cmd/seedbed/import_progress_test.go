package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"seedbed/csvfile"
	"seedbed/demo"
)

// TestImportProgressWhileStoring imports a file large enough for several blocks of rows with the
// progress bar forced on: the bar shows the rows being stored, not only the file being read, and
// ends at every row, before the commit.
func TestImportProgressWhileStoring(t *testing.T) {
	const n = 5000
	file := filepath.Join(t.TempDir(), "innovators.csv")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := csvfile.WriteInnovators(f, demo.Innovators(3, n), csvfile.WriteOptions{Encoding: "gb18030"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, out, errOut := cli(t, "import", "innovators", "--progress", "--data", t.TempDir(), file)
	if code != 0 || !strings.Contains(out, "imported "+strconv.Itoa(n)) {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	read, store := strings.Index(errOut, "读取 / reading"), strings.Index(errOut, "写入 / storing")
	if read < 0 || store < read {
		t.Fatalf("no storing bar after the reading bar: %q", errOut)
	}
	storing := errOut[store:]
	var counts []int
	for _, m := range regexp.MustCompile(`写入 / storing \[[^]]*\] +\d+% (\d+) 行`).FindAllStringSubmatch(storing, -1) {
		c, _ := strconv.Atoi(m[1])
		counts = append(counts, c)
	}
	if len(counts) == 0 || counts[len(counts)-1] != n || !strings.Contains(storing, "100% "+strconv.Itoa(n)+" 行 / rows，提交中 / committing") {
		t.Fatalf("the storing bar does not end at %d rows: %v in %q", n, counts, storing)
	}
	for i := 1; i < len(counts); i++ {
		if counts[i] < counts[i-1] {
			t.Fatalf("the storing bar went back: %v", counts)
		}
	}
}
