package mail_test

import (
	"context"
	"strings"
	"testing"

	"seedbed/mail"
	"seedbed/mail/mailtest"
)

// A message in Chinese reaches a local SMTP server whole: the subject decoded from RFC 2047, the
// body from base64; a relay that refuses gives an error naming the step, and a line break in an
// address is refused before anything is sent.
func TestRelaySend(t *testing.T) {
	srv, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	r := &mail.Relay{Addr: srv.Addr, From: "seedbed@kjj.example.gov.cn"}
	body := strings.Repeat("第 2 批资金的里程碑证明已提交，请验收。", 10)
	if err := r.Send(context.Background(), "officer@kjj.example.gov.cn", "里程碑证明已提交：资助 #3", body); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].To != "officer@kjj.example.gov.cn" || got[0].From != "seedbed@kjj.example.gov.cn" ||
		got[0].Subject != "里程碑证明已提交：资助 #3" || got[0].Body != body {
		t.Fatalf("received %+v", got)
	}
	srv.FailNext(1)
	if err := r.Send(context.Background(), "officer@kjj.example.gov.cn", "s", "b"); err == nil || !strings.Contains(err.Error(), "RCPT TO") {
		t.Fatalf("refused delivery: %v", err)
	}
	if err := r.Send(context.Background(), "a@b.cn\r\nBcc: x@y.cn", "s", "b"); err == nil {
		t.Fatal("a line break in the address was sent")
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages after refusals, want 1", n)
	}
}
