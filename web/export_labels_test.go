package web

import (
	"strings"
	"testing"

	"seedbed"
	"seedbed/csvfile"
)

// The registry exported under Chinese headers has Chinese values (企业, 软件和信息技术服务业), and
// reads back to the same codes; under English headers it keeps the codes.
func TestExportWritesChineseValuesUnderChineseHeaders(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("officer", "GET", "/innovators/export.csv", "", "")
	body := w.Body.String()
	kind := seedbed.Kinds.Label(seedbed.KindEnterprise).Zh
	industry := seedbed.Industries.Label("software").Zh
	if !strings.Contains(body, ","+kind+",") || !strings.Contains(body, industry) || strings.Contains(body, ",enterprise,") {
		t.Fatalf("Chinese export: %s", body)
	}
	ins, err := csvfile.ReadInnovators(strings.NewReader(body), csvfile.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 2 || ins[0].Kind != seedbed.KindEnterprise || ins[0].Industry != "software" {
		t.Fatalf("read back: %+v", ins)
	}
	if w := e.do("officer", "GET", "/innovators/export.csv?headers=en", "", ""); !strings.Contains(w.Body.String(), ",enterprise,") {
		t.Fatalf("English export: %s", w.Body.String())
	}
}
