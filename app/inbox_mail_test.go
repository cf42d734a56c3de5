package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/mail"
	"seedbed/mail/mailtest"
	"seedbed/sqlstore"
)

// With a relay configured, a message to an account with an address is queued in the same
// transaction as the decision and sent by DeliverMail; a relay that refuses is tried again after
// the backoff and the decision is never held up; one that never answers is given up after
// MailAttempts attempts, logged, the message still in the inbox.
func TestMailOutboxRetries(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		a.Store().Now = func() time.Time { return now }
		srv, err := mailtest.Start()
		must(t, err)
		defer srv.Close()
		a.Inbox.Mailer = &mail.Relay{Addr: srv.Addr, From: "seedbed@kjj.example.gov.cn"}
		a.Inbox.PublicURL = "https://kjj.example.gov.cn"
		for _, u := range []*seedbed.User{{Username: "zhang", Role: seedbed.RoleOfficer}, {Username: "li", Role: seedbed.RoleOfficer}} {
			must(t, a.Accounts.CreateUser(ctx, seedbed.System, u, "correct horse battery"))
		}
		zhang, _, err := a.Store().UserByName(ctx, "zhang")
		must(t, err)
		must(t, a.Inbox.SetEmail(ctx, seedbed.Actor{UserID: zhang.ID, Username: "zhang", Role: seedbed.RoleOfficer}, "zhang@kjj.example.gov.cn"))
		err = a.Inbox.SetEmail(ctx, seedbed.Actor{UserID: zhang.ID, Username: "zhang", Role: seedbed.RoleOfficer}, "zhang at kjj")
		wantCode(t, err, seedbed.EINVALID, "e-mail")

		post := func() {
			t.Helper()
			must(t, a.Store().InTx(ctx, func(tx *sqlstore.Tx) error {
				return a.Inbox.PostToRole(ctx, tx, seedbed.RoleOfficer, seedbed.Message{Kind: seedbed.MsgReportSubmitted,
					Subject: seedbed.Label{Zh: "报告已提交", En: "Report submitted"}, Body: seedbed.Label{Zh: "请审核", En: "Please review"}, Link: "/awards/1"})
			}))
		}
		post()
		srv.FailNext(2)
		sent, failed, err := a.Inbox.DeliverMail(ctx)
		must(t, err)
		if sent != 0 || failed != 1 {
			t.Fatalf("first pass: sent %d, failed %d", sent, failed)
		}
		// not yet due again: nothing is tried
		if sent, failed, _ = a.Inbox.DeliverMail(ctx); sent+failed != 0 {
			t.Fatalf("retried before the backoff: %d %d", sent, failed)
		}
		now = now.Add(seedbed.MailBackoff(1))
		if _, failed, _ = a.Inbox.DeliverMail(ctx); failed != 1 {
			t.Fatalf("second attempt should fail too: %d", failed)
		}
		now = now.Add(seedbed.MailBackoff(2))
		if sent, _, _ = a.Inbox.DeliverMail(ctx); sent != 1 {
			t.Fatalf("third attempt: sent %d", sent)
		}
		got := srv.Messages()
		if len(got) != 1 || got[0].To != "zhang@kjj.example.gov.cn" || got[0].Subject != "报告已提交" ||
			!strings.Contains(got[0].Body, "https://kjj.example.gov.cn/awards/1") || !strings.Contains(got[0].Body, "Please review") {
			t.Fatalf("delivered %+v", got)
		}
		// li has no address: inbox only
		for _, who := range []string{"zhang", "li"} {
			_, total, _, err := a.Inbox.Messages(ctx, seedbed.Actor{Username: who}, seedbed.MessageFilter{})
			must(t, err)
			if total != 1 {
				t.Fatalf("%s has %d messages", who, total)
			}
		}

		// A relay that is gone: posting still succeeds; delivery is given up after the attempts.
		srv.Close()
		post()
		for i := 0; i < seedbed.MailAttempts; i++ {
			_, failed, err := a.Inbox.DeliverMail(ctx)
			must(t, err)
			if failed != 1 {
				t.Fatalf("attempt %d: failed %d", i+1, failed)
			}
			now = now.Add(seedbed.MailBackoff(i + 1))
		}
		st, err := a.Inbox.MailStatus(ctx)
		must(t, err)
		if st[seedbed.MailSent] != 1 || st[seedbed.MailFailed] != 1 || st[seedbed.MailPending] != 0 {
			t.Fatalf("outbox %v", st)
		}
	})
}
