package app

import (
	"context"
	"testing"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// TestMessageNotReadBeforeItArrived, on SQLite and PostgreSQL: on a clock set back before a
// message arrived (an import of the past, the demo), marking everything read leaves it unread,
// and so does marking it alone; once the clock has passed its arrival, it can be read.
func TestMessageNotReadBeforeItArrived(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s := context.Background(), a.Store()
		arrived := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		now := arrived
		s.Now = func() time.Time { return now }
		must(t, s.ExecForTest(ctx, `INSERT INTO users (username, role, password_hash, created_at) VALUES ('reader', 'officer', 'x', $1)`,
			sqlstore.FormatTime(arrived.AddDate(-1, 0, 0))))
		u, _, err := s.UserByName(ctx, "reader")
		must(t, err)
		reader := seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role}
		must(t, s.InTx(ctx, func(tx *sqlstore.Tx) error {
			return a.Inbox.PostToUser(ctx, tx, "reader", seedbed.Message{Kind: seedbed.MsgDecision,
				Subject: seedbed.Label{Zh: "决定", En: "A decision"}, Body: seedbed.Label{Zh: "正文", En: "Body"}})
		}))
		msgs, _, unread, err := a.Inbox.Messages(ctx, reader, seedbed.MessageFilter{})
		must(t, err)
		if len(msgs) != 1 || unread != 1 {
			t.Fatalf("%d messages, %d unread; want 1 and 1", len(msgs), unread)
		}
		now = arrived.AddDate(0, 0, -30)
		for _, id := range []int64{0, msgs[0].ID} {
			n, err := a.Inbox.MarkRead(ctx, reader, id)
			must(t, err)
			if left, _ := a.Inbox.Unread(ctx, reader); n != 0 || left != 1 {
				t.Fatalf("marking %d read a month before it arrived: %d marked, %d left unread", id, n, left)
			}
		}
		now = arrived.Add(time.Hour)
		n, err := a.Inbox.MarkRead(ctx, reader, 0)
		must(t, err)
		if left, _ := a.Inbox.Unread(ctx, reader); n != 1 || left != 0 {
			t.Fatalf("marking read after it arrived: %d marked, %d left unread", n, left)
		}
	})
}
