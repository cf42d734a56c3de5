package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"seedbed"
)

func TestApplicationLifecycle(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixture(t, a)
		ps := a.Programs
		app := f.draft(t)
		// A second live application of the same organisation is refused and audited.
		err := ps.CreateApplication(f.ctx, f.applicant, &seedbed.Application{ProgramID: f.program.ID, InnovatorID: f.org, Title: "又一份"})
		wantCode(t, err, seedbed.ECONFLICT, "already has an application")
		if n := refusals(t, a, "application.create"); n != 1 {
			t.Fatalf("%d refusals audited, want 1", n)
		}
		// An incomplete draft cannot be submitted; nothing changes.
		ps.CheckEligibility = func(_ context.Context, _ *seedbed.Innovator, _ []string, _ time.Time) (seedbed.Eligibility, error) {
			return eligible, nil
		}
		_, err = ps.SubmitApplication(f.ctx, f.applicant, app.ID)
		wantCode(t, err, seedbed.EINVALID, "required")
		got, err := ps.GetApplication(f.ctx, app.ID)
		must(t, err)
		if got.State != seedbed.AppDraft || got.Version != 1 {
			t.Fatalf("refused submission changed the application: %+v", got)
		}
		app.Direction, app.Team, app.Unlocks, app.Amount = "非主流路线", "三人", "算力", 50_000
		must(t, ps.UpdateApplication(f.ctx, f.applicant, app, 1))
		wantCode(t, ps.UpdateApplication(f.ctx, f.applicant, app, 1), seedbed.ECONFLICT, "reload")
		done, err := ps.SubmitApplication(f.ctx, f.applicant, app.ID)
		must(t, err)
		if done.State != seedbed.AppSubmitted || done.Eligibility.Status != seedbed.Eligible {
			t.Fatalf("submitted %+v", done)
		}
		_, err = ps.SubmitApplication(f.ctx, f.applicant, app.ID)
		wantCode(t, err, seedbed.ECONFLICT, "already submitted")
		if n := refusals(t, a, "application.submit"); n != 2 {
			t.Fatalf("%d refused submissions audited, want 2", n)
		}
		wantCode(t, ps.UpdateApplication(f.ctx, f.applicant, app, done.Version), seedbed.ECONFLICT, "can no longer change")
		w, err := ps.WithdrawApplication(f.ctx, f.applicant, app.ID, "改变方向")
		must(t, err)
		if w.State != seedbed.AppWithdrawn {
			t.Fatalf("withdrawn %+v", w)
		}
		// After the withdrawal the organisation may start again.
		must(t, ps.CreateApplication(f.ctx, f.applicant, &seedbed.Application{ProgramID: f.program.ID, InnovatorID: f.org, Title: "新方向"}))
	})
}

// TestSubmitWhenEligibilityFails submits as undecided, with the reason, when the check fails.
func TestSubmitWhenEligibilityFails(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixture(t, a)
		ps := a.Programs
		app := &seedbed.Application{ProgramID: f.program.ID, InnovatorID: f.org, Title: "方向", Direction: "非主流路线",
			Team: "三人", Unlocks: "算力", Amount: 50_000}
		must(t, ps.CreateApplication(f.ctx, f.applicant, app))
		ps.CheckEligibility = func(_ context.Context, _ *seedbed.Innovator, _ []string, _ time.Time) (seedbed.Eligibility, error) {
			return seedbed.Eligibility{}, errors.New("library unavailable")
		}
		done, err := ps.SubmitApplication(f.ctx, f.applicant, app.ID)
		must(t, err)
		if done.Eligibility.Status != seedbed.Undecided || !strings.Contains(done.Eligibility.Policies[0].Explanation[0].En, "unavailable") {
			t.Fatalf("eligibility %+v", done.Eligibility)
		}
	})
}

func TestAttachmentRules(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixture(t, a)
		ps := a.Programs
		app := f.draft(t)
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
			_, err := ps.AddAttachment(f.ctx, f.applicant, app.ID, "../../etc/"+c.name+".bin", c.ctype, make([]byte, c.size))
			if got := seedbed.ErrorCode(err); (c.code == "" && err != nil) || (c.code != "" && got != c.code) {
				t.Errorf("%s: %v, want %q", c.name, err, c.code)
			}
		}
		got, err := ps.GetApplication(f.ctx, app.ID)
		must(t, err)
		if len(got.Attachments) != seedbed.MaxAttachments || strings.Contains(got.Attachments[0].Filename, "/") {
			t.Fatalf("attachments %+v", got.Attachments)
		}
		_, data, err := ps.Attachment(f.ctx, app.ID, got.Attachments[1].ID)
		if err != nil || len(data) != 100 {
			t.Fatalf("read back %d bytes: %v", len(data), err)
		}
	})
}

// TestAttachmentsAtOnce uploads to a draft one file short of the limit from several clients at
// the same moment: exactly one file is kept and the others are refused, on both engines.
func TestAttachmentsAtOnce(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixture(t, a)
		ps := a.Programs
		app := f.draft(t)
		for range seedbed.MaxAttachments - 1 {
			_, err := ps.AddAttachment(f.ctx, f.applicant, app.ID, "材料.pdf", "application/pdf", []byte("%PDF-1.4"))
			must(t, err)
		}
		big := make([]byte, seedbed.MaxAttachmentSize) // large, so that each upload lasts while the others count
		errs := atOnce(8, func(int) error {
			_, err := ps.AddAttachment(f.ctx, f.applicant, app.ID, "同时上传.pdf", "application/pdf", big)
			return err
		})
		kept := 0
		for _, err := range errs {
			switch {
			case err == nil:
				kept++
			case seedbed.ErrorCode(err) != seedbed.EINVALID:
				t.Errorf("a refused upload: %v, want the limit's refusal", err)
			}
		}
		got, err := ps.GetApplication(f.ctx, app.ID)
		must(t, err)
		if kept != 1 || len(got.Attachments) != seedbed.MaxAttachments {
			t.Fatalf("%d uploads kept and %d files on the draft, want 1 and %d", kept, len(got.Attachments), seedbed.MaxAttachments)
		}
	})
}
