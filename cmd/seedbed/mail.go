package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"seedbed"
	"seedbed/mail"
)

// mailUsage lists the mail subcommands.
const mailUsage = `Usage: seedbed mail COMMAND [flags]

Commands:
  test    --smtp-addr HOST:PORT [--smtp-from ADDR] --to ADDR   send one test message through the relay
  status  [--data DIR | --db URL]                            count the outbox's e-mails: pending, sent, failed

Run 'seedbed mail COMMAND --help' for the flags.`

func runMail(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(stdout, mailUsage)
		return nil
	}
	if len(args) == 0 {
		return usageError{mailUsage}
	}
	switch args[0] {
	case "test":
		return runMailTest(ctx, args[1:], stdout, stderr)
	case "status":
		return runMailStatus(ctx, args[1:], stdout, stderr)
	}
	return usageError{"unknown mail command " + strconv.Quote(args[0]) + "\n" + mailUsage}
}

// runMailTest sends one message through the relay, so an operator sees that --smtp-addr works
// before users depend on it.
func runMailTest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var m mailFlags
	var to string
	fs := newFlagSet("mail test", "mail test --smtp-addr HOST:PORT --to ADDR [flags]",
		"Sends one test message through the SMTP relay that serve would use.", stderr)
	m.register(fs)
	fs.StringVar(&to, "to", "", "the address to send the test message to")
	if err := parse(fs, args); err != nil {
		return err
	}
	if m.addr == "" || to == "" {
		return usageError{"--smtp-addr and --to are required"}
	}
	if err := seedbed.CheckEmail(to); err != nil {
		return err
	}
	r := &mail.Relay{Addr: m.addr, From: m.from}
	if err := r.Send(ctx, to, "seedbed 邮件测试 / test message", "这是 seedbed 的测试邮件：消息提醒可以通过本中继发送。\n\nThis is a test message from seedbed: inbox messages can be sent through this relay.\n"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sent a test message to %s through %s\n", to, m.addr)
	return nil
}

func runMailStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	fs := newFlagSet("mail status", "mail status [flags]", "Counts the e-mails of the outbox by status: pending, sent, failed (given up).", stderr)
	db.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	st, err := newApp(store).Inbox.MailStatus(ctx)
	if err != nil {
		return err
	}
	for _, k := range []string{seedbed.MailPending, seedbed.MailSent, seedbed.MailFailed} {
		fmt.Fprintf(stdout, "%-8s %d\n", k, st[k])
	}
	return nil
}
