package app

import (
	"context"

	"log/slog"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// Mailer sends one plain-text e-mail. The mail package's SMTP client implements it; the use
// cases never wait on it while deciding anything.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Inbox keeps each user's messages (what needs them) and, when a relay is configured, sends them
// on by e-mail from an outbox: posting a message only queues the e-mail inside the decision's
// transaction, and DeliverMail sends it later, retrying failures with a growing wait. A relay
// that is down never blocks or undoes a decision.
type Inbox struct {
	store *sqlstore.Store
	log   *slog.Logger
	// Mailer sends e-mail; nil when no relay is configured (messages stay in the inbox only).
	Mailer Mailer
	// PublicURL prefixes the links in e-mails ("" leaves them as paths).
	PublicURL string
	kick      chan struct{}
}

func newInbox(store *sqlstore.Store) *Inbox {
	return &Inbox{store: store, log: slog.Default(), kick: make(chan struct{}, 1)}
}

// Post stores msg in the inbox of each recipient, inside tx, and queues an e-mail for each one
// with an address when a relay is configured. Features call it from their own transactions, so
// that the message exists exactly when the decision it reports does.
func (ib *Inbox) Post(ctx context.Context, tx *sqlstore.Tx, to []sqlstore.Recipient, msg seedbed.Message) error {
	seen := map[string]bool{}
	queued := false
	for _, r := range to {
		if seen[strings.ToLower(r.Username)] {
			continue
		}
		seen[strings.ToLower(r.Username)] = true
		m := msg
		m.Username = r.Username
		if err := tx.InsertMessage(ctx, &m); err != nil {
			return err
		}
		if ib.Mailer == nil || r.Email == "" {
			continue
		}
		link := m.Link
		if link != "" {
			link = strings.TrimRight(ib.PublicURL, "/") + link
		}
		body := m.Body.Zh + "\n\n" + link + "\n\n—\n" + m.Subject.En + "\n" + m.Body.En + "\n"
		if err := tx.InsertMail(ctx, &seedbed.Mail{MessageID: m.ID, To: r.Email, Subject: m.Subject.Zh, Body: body}); err != nil {
			return err
		}
		queued = true
	}
	if queued {
		select {
		case ib.kick <- struct{}{}:
		default:
		}
	}
	return nil
}

// PostToUser posts msg to one account, by name, inside tx; an unknown or disabled account is
// skipped.
func (ib *Inbox) PostToUser(ctx context.Context, tx *sqlstore.Tx, username string, msg seedbed.Message) error {
	r, err := tx.RecipientByName(ctx, username)
	if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	return ib.Post(ctx, tx, []sqlstore.Recipient{r}, msg)
}

// PostToUserID posts msg to one account, by id, inside tx; an unknown account is skipped.
func (ib *Inbox) PostToUserID(ctx context.Context, tx *sqlstore.Tx, userID int64, msg seedbed.Message) error {
	r, err := tx.RecipientByID(ctx, userID)
	if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	return ib.Post(ctx, tx, []sqlstore.Recipient{r}, msg)
}

// PostToRole posts msg to every enabled account of a role inside tx.
func (ib *Inbox) PostToRole(ctx context.Context, tx *sqlstore.Tx, role string, msg seedbed.Message) error {
	rs, err := tx.RecipientsByRole(ctx, role)
	if err != nil {
		return err
	}
	return ib.Post(ctx, tx, rs, msg)
}

// PostToInnovator posts msg to every enabled account that speaks for an organisation, inside tx.
func (ib *Inbox) PostToInnovator(ctx context.Context, tx *sqlstore.Tx, innovatorID int64, msg seedbed.Message) error {
	rs, err := tx.RecipientsOfInnovator(ctx, innovatorID)
	if err != nil {
		return err
	}
	return ib.Post(ctx, tx, rs, msg)
}

// Messages returns one page of the actor's own messages, newest first, how many match and how
// many are unread.
func (ib *Inbox) Messages(ctx context.Context, a seedbed.Actor, f seedbed.MessageFilter) ([]seedbed.Message, int, int, error) {
	f.Username = a.Username
	return ib.store.FindMessages(ctx, f)
}

// Unread counts the actor's unread messages (for the header and the home pages).
func (ib *Inbox) Unread(ctx context.Context, a seedbed.Actor) (int, error) {
	if a.Username == "" {
		return 0, nil
	}
	return ib.store.UnreadMessages(ctx, a.Username)
}

// MarkRead marks one of the actor's messages read (every unread one for id 0). A message of
// another user is ENOTFOUND, as if it did not exist.
func (ib *Inbox) MarkRead(ctx context.Context, a seedbed.Actor, id int64) (int, error) {
	var n int
	err := decide(ctx, ib.store, a, "message.read", "message", id, func(tx *sqlstore.Tx) error {
		if id != 0 {
			owner, err := tx.MessageOwner(ctx, id)
			if err != nil {
				return err
			}
			if !strings.EqualFold(owner, a.Username) {
				return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "消息 %d 不存在", En: "message %d not found"}, id)
			}
		}
		var err error
		n, err = tx.MarkMessagesRead(ctx, a.Username, id)
		return err
	})
	return n, err
}

// SetEmail sets the address the actor's messages are sent to ("" for none), audited.
func (ib *Inbox) SetEmail(ctx context.Context, a seedbed.Actor, email string) error {
	email = strings.TrimSpace(email)
	return decide(ctx, ib.store, a, "account.email", "user", a.UserID, func(tx *sqlstore.Tx) error {
		if err := seedbed.CheckEmail(email); err != nil {
			return err
		}
		if err := tx.SetUserEmail(ctx, a.UserID, email); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "account.email", "user", a.UserID, "e-mail address changed")
	})
}

// Email returns the actor's own e-mail address.
func (ib *Inbox) Email(ctx context.Context, a seedbed.Actor) (string, error) {
	return ib.store.UserEmail(ctx, a.UserID)
}

// DeliverMail sends the e-mails of the outbox that are due, one at a time: each sent one is
// marked sent; a failure is logged and tried again after MailBackoff, and given up (failed)
// after MailAttempts attempts. It returns how many were sent and how many failed this pass.
func (ib *Inbox) DeliverMail(ctx context.Context) (sent, failed int, err error) {
	if ib.Mailer == nil {
		return 0, 0, nil
	}
	due, err := ib.store.DueMail(ctx, ib.store.Now(), 100)
	if err != nil {
		return 0, 0, err
	}
	for _, m := range due {
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		serr := ib.Mailer.Send(sctx, m.To, m.Subject, m.Body)
		cancel()
		now := ib.store.Now()
		if serr == nil {
			sent++
			if err := ib.store.MailOutcome(ctx, m.ID, seedbed.MailSent, "", now); err != nil {
				return sent, failed, err
			}
			continue
		}
		failed++
		attempts := m.Attempts + 1
		status := seedbed.MailPending
		if attempts >= seedbed.MailAttempts {
			status = seedbed.MailFailed
		}
		ib.log.Warn("mail delivery failed", "mail", m.ID, "message", m.MessageID, "attempt", attempts, "given_up", status == seedbed.MailFailed, "err", serr)
		msg := serr.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
		if err := ib.store.MailOutcome(ctx, m.ID, status, msg, now.Add(seedbed.MailBackoff(attempts))); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}

// RunMail delivers the outbox until ctx ends: at once when a message was queued, and every
// interval otherwise (for retries).
func (ib *Inbox) RunMail(ctx context.Context, interval time.Duration) {
	if ib.Mailer == nil {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, _, err := ib.DeliverMail(ctx); err != nil && ctx.Err() == nil {
			ib.log.Error("mail outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-ib.kick:
		}
	}
}

// MailStatus counts the outbox by status (pending, sent, failed).
func (ib *Inbox) MailStatus(ctx context.Context) (map[string]int, error) {
	return ib.store.MailStatus(ctx)
}

// awardMessage is a message about an award, linking to its page.
func awardMessage(kind string, aw *seedbed.Award, subject, body seedbed.Label) seedbed.Message {
	return seedbed.Message{Kind: kind, Subject: subject, Body: body, Link: "/awards/" + strconv.FormatInt(aw.ID, 10)}
}

// notifyOfficers tells the program officers about an award: kind's label, the award and what.
func (ps *Programs) notifyOfficers(ctx context.Context, tx *sqlstore.Tx, aw *seedbed.Award, kind string, what ...any) error {
	if ps.Inbox == nil {
		return nil
	}
	return ps.Inbox.PostToRole(ctx, tx, seedbed.RoleOfficer, awardNote(kind, aw, what...))
}

// notifyRecipient tells the recipient organisation's accounts about their award.
func (ps *Programs) notifyRecipient(ctx context.Context, tx *sqlstore.Tx, aw *seedbed.Award, kind string, what ...any) error {
	if ps.Inbox == nil {
		return nil
	}
	return ps.Inbox.PostToInnovator(ctx, tx, aw.InnovatorID, awardNote(kind, aw, what...))
}

// awardNote writes the message of kind about aw; what fills the kind's body.
func awardNote(kind string, aw *seedbed.Award, what ...any) seedbed.Message {
	subject := seedbed.FormatLabel(seedbed.Label{Zh: "%s：资助 #%d（%s）", En: "%s: award #%d (%s)"}, seedbed.MessageKinds.Label(kind), aw.ID, aw.InnovatorName)
	body := seedbed.FormatLabel(awardNoteBodies[kind], what...)
	if body.Zh == "" {
		body = subject
	}
	body = seedbed.FormatLabel(seedbed.Label{Zh: "%s\n项目：%s（%s）", En: "%s\nProject: %s (%s)"}, body, aw.ApplicationTitle, aw.ProgramTitle)
	return awardMessage(kind, aw, subject, body)
}

// awardNoteBodies are the bodies of the award messages; their verbs take the what of awardNote.
var awardNoteBodies = map[string]seedbed.Label{
	seedbed.MsgReportSubmitted:    {Zh: "受资助单位提交了%s，请审核。", En: "The recipient submitted the %s; please review it."},
	seedbed.MsgReportReviewed:     {Zh: "您提交的%s：%s。", En: "Your %s: %s."},
	seedbed.MsgChangeRequested:    {Zh: "有一项%s申请待审批，理由：%s", En: "A %s was asked for, for this reason: %s"},
	seedbed.MsgChangeDecided:      {Zh: "%s申请%s。%s", En: "The %s asked for was %s. %s"},
	seedbed.MsgMilestoneSubmitted: {Zh: "第 %d 批资金的里程碑证明已提交，请验收。", En: "The milestone evidence of tranche %d was submitted for review."},
	seedbed.MsgReportDue:          {Zh: "%s应于 %s 前提交。", En: "The %s is due by %s."},
	seedbed.MsgReportOverdue:      {Zh: "%s应于 %s 前提交，现已逾期。", En: "The %s was due by %s and is overdue."},
	seedbed.MsgDecision:           {Zh: "%s", En: "%s"},
}
