package seedbed

import (
	"strings"
	"time"
)

// Message kinds: what the inbox tells a user about. Features post messages through the
// use-case layer's inbox (app.Inbox.Post); the kinds are listed here so that every page and the
// API label them alike.
const (
	MsgReviewAssigned     = "review_assigned"     // applications were assigned to a reviewer
	MsgReplyWindow        = "reply_window"        // a window to reply (to a review, an objection) opened
	MsgReportDue          = "report_due"          // a report or milestone is due soon
	MsgReportOverdue      = "report_overdue"      // a report or milestone is overdue
	MsgReportSubmitted    = "report_submitted"    // a recipient submitted a report or evidence
	MsgReportReviewed     = "report_reviewed"     // an officer accepted or returned a report
	MsgDecision           = "decision"            // a decision was made about the user's application or award
	MsgObjection          = "objection"           // an objection was lodged
	MsgChangeRequested    = "change_requested"    // an extension or variation was asked for
	MsgChangeDecided      = "change_decided"      // an extension or variation was decided
	MsgMilestoneSubmitted = "milestone_submitted" // a recipient submitted milestone evidence
)

// MessageKinds lists the message kinds with their labels.
var MessageKinds = OptionSet{
	{MsgReviewAssigned, Label{"评审任务", "Review assigned"}},
	{MsgReplyWindow, Label{"答复期开始", "Reply window open"}},
	{MsgReportDue, Label{"报告即将到期", "Report due"}},
	{MsgReportOverdue, Label{"报告逾期", "Report overdue"}},
	{MsgReportSubmitted, Label{"报告已提交", "Report submitted"}},
	{MsgReportReviewed, Label{"报告审核结果", "Report reviewed"}},
	{MsgDecision, Label{"决定", "Decision"}},
	{MsgObjection, Label{"异议", "Objection"}},
	{MsgChangeRequested, Label{"延期或变更申请", "Change requested"}},
	{MsgChangeDecided, Label{"延期或变更决定", "Change decided"}},
	{MsgMilestoneSubmitted, Label{"里程碑证明已提交", "Milestone evidence submitted"}},
}

// Message is one item of a user's inbox: what happened, in both languages, and where to act.
type Message struct {
	ID        int64      `json:"id"`
	Username  string     `json:"username"`
	Kind      string     `json:"kind"`
	Subject   Label      `json:"subject"`
	Body      Label      `json:"body"`
	Link      string     `json:"link"` // a path inside seedbed
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// MessageFilter selects a user's messages.
type MessageFilter struct {
	Username      string
	Unread        bool
	Order         Order // by MessageSorts
	Offset, Limit int
}

// Mail delivery states of a message sent on by e-mail.
const (
	MailPending = "pending"
	MailSent    = "sent"
	MailFailed  = "failed" // gave up after the last attempt
)

// MailAttempts is how many times delivery of one message is tried before it is given up.
const MailAttempts = 6

// MailBackoff is the wait before attempt n+1 after n failed ones: 1, 2, 4, 8, 16 minutes.
func MailBackoff(failed int) time.Duration {
	if failed < 1 {
		failed = 1
	}
	return time.Duration(1<<(failed-1)) * time.Minute
}

// Mail is one e-mail waiting in the outbox or sent from it.
type Mail struct {
	ID        int64
	MessageID int64
	To        string
	Subject   string
	Body      string
	Attempts  int
	Status    string
	LastError string
}

// FormatLabel fills the fmt verbs of both texts of l with args, each argument that is itself a
// Label shown in the same language.
func FormatLabel(l Label, args ...any) Label {
	return (&Error{Text: l, Args: args}).Messages()
}

// CheckEmail accepts "" (no address) or one plain address of at most 254 characters.
func CheckEmail(s string) error {
	if s == "" {
		return nil
	}
	at := strings.LastIndexByte(s, '@')
	if len(s) > 254 || at < 1 || at == len(s)-1 || strings.ContainsAny(s, " \t\r\n<>,;\"") || !strings.Contains(s[at:], ".") {
		return FieldError("email", Label{Zh: "电子邮件地址格式不正确", En: "not a valid e-mail address"})
	}
	return nil
}
