package csvfile

import (
	"bytes"
	"errors"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"seedbed"
	"seedbed/demo"
)

// FuzzReadInnovators feeds arbitrary bytes to the reader. It must never panic; what it accepts
// must be valid and must survive a write and a second read unchanged; what it refuses must be
// refused with user errors that say where.
func FuzzReadInnovators(f *testing.F) {
	f.Add([]byte(sample))
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(sample)
	f.Add([]byte(gbk))
	var buf bytes.Buffer
	if err := WriteInnovators(&buf, append(demo.Innovators(3, 5), tricky(f)...), WriteOptions{ExcelSafe: true}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("name,kind\n\"unterminated,team\n"))
	f.Add([]byte("name\tkind\tpath_tags\n'=x\tteam\ta;b｜c\n"))
	f.Add([]byte("id,name,kind,employees,revenue,founded_year\n-1,x,team,1e30,NaN,99999999999\n"))
	f.Add([]byte("\xff\xfe\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ins, err := ReadInnovators(bytes.NewReader(data), ReadOptions{MaxRows: 1000})
		if err != nil {
			if ins != nil {
				t.Fatal("innovators returned with an error")
			}
			var es seedbed.Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("not a user error: %v", err)
			}
			for _, e := range es {
				if e.Code == "" || e.Error() == "" {
					t.Fatalf("incomplete error %+v", e)
				}
			}
			return
		}
		for i := range ins {
			if err := ins[i].Validate(); err != nil {
				t.Fatalf("accepted an invalid innovator %+v: %v", ins[i], err)
			}
		}
		var out bytes.Buffer
		if err := WriteInnovators(&out, ins, WriteOptions{ExcelSafe: true}); err != nil {
			t.Fatalf("cannot write what was read: %v", err)
		}
		again, err := ReadInnovators(bytes.NewReader(out.Bytes()), ReadOptions{})
		if err != nil {
			t.Fatalf("cannot read what was written: %v\n%q", describe(err), out.String())
		}
		if diff := diffInnovators(again, ins); diff != "" {
			t.Fatalf("round trip: %s", diff)
		}
	})
}
