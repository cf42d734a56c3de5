package sqlstore

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"seedbed"
)

func TestAttachmentRules(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		e := newProgramEnv(t, s, 1, 1, seedbed.SelectionRanked, 100_000)
		app := &seedbed.Application{ProgramID: e.program.ID, InnovatorID: e.orgs[0], Title: "草稿"}
		e.must(s.CreateApplication(e.ctx, e.applicants[0], app))
		cases := []struct {
			name, ctype string
			size        int
			code        string
		}{
			{"plain text", "text/plain; charset=utf-8", 10, ""},
			{"pdf", "application/pdf", 100, ""},
			{"executable", "application/octet-stream", 10, seedbed.EINVALID},
			{"html", "text/html; charset=utf-8", 10, seedbed.EINVALID},
			{"empty", "image/png", 0, seedbed.EINVALID},
			{"too large", "image/png", seedbed.MaxAttachmentSize + 1, seedbed.ETOOLARGE},
			{"third", "image/jpeg", 10, ""},
			{"fourth", "image/jpeg", 10, ""},
			{"fifth", "image/jpeg", 10, ""},
			{"sixth is one too many", "image/jpeg", 10, seedbed.EINVALID},
		}
		for _, c := range cases {
			_, err := s.AddAttachment(e.ctx, e.applicants[0], app.ID, "../../etc/"+c.name+".bin", c.ctype, make([]byte, c.size))
			if got := seedbed.ErrorCode(err); (c.code == "" && err != nil) || (c.code != "" && got != c.code) {
				t.Errorf("%s: %v, want %q", c.name, err, c.code)
			}
		}
		got, err := s.GetApplication(e.ctx, app.ID)
		e.must(err)
		if len(got.Attachments) != seedbed.MaxAttachments || strings.Contains(got.Attachments[0].Filename, "/") {
			t.Fatalf("attachments %+v", got.Attachments)
		}
		_, data, err := s.Attachment(e.ctx, app.ID, got.Attachments[1].ID)
		if err != nil || len(data) != 100 {
			t.Fatalf("read back %d bytes: %v", len(data), err)
		}
	})
}

// FuzzCleanFilename checks that any uploaded name becomes a safe base name.
func FuzzCleanFilename(f *testing.F) {
	for _, s := range []string{"团队介绍.pdf", "../../etc/passwd", `C:\Users\a\b.png`, "", "..", "a\x00b\nc\"d.txt", strings.Repeat("长", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := cleanFilename(name)
		if got == "" || got == "." || got == ".." || strings.ContainsAny(got, "/\"") || utf8.RuneCountInString(got) > 120 {
			t.Fatalf("cleanFilename(%q) = %q", name, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) {
				t.Fatalf("cleanFilename(%q) = %q holds a control character", name, got)
			}
		}
	})
}
