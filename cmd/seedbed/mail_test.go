package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"seedbed/mail/mailtest"
)

// seedbed mail test sends one message through a relay started by the test; a bad address is
// refused before anything is sent; mail status counts an empty outbox.
func TestMailCommands(t *testing.T) {
	srv, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"mail", "test", "--smtp-addr", srv.Addr, "--smtp-from", "seedbed@kjj.example.gov.cn", "--to", "ops@kjj.example.gov.cn"}, &out, &errb); code != 0 {
		t.Fatalf("mail test: exit %d: %s", code, errb.String())
	}
	if got := srv.Messages(); len(got) != 1 || got[0].To != "ops@kjj.example.gov.cn" || !strings.Contains(got[0].Body, "seedbed") {
		t.Fatalf("received %+v", got)
	}
	if code := run(context.Background(), []string{"mail", "test", "--smtp-addr", srv.Addr, "--to", "not an address"}, &out, &errb); code == 0 {
		t.Fatal("a bad address was accepted")
	}
	out.Reset()
	dir := t.TempDir()
	if code := run(context.Background(), []string{"mail", "status", "--data", dir}, &out, &errb); code != 0 || !strings.Contains(out.String(), "pending  0") {
		t.Fatalf("mail status: exit %d: %s %s", code, out.String(), errb.String())
	}
}
