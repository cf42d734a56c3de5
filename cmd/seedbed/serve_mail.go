package main

import (
	"context"
	"flag"
	"log/slog"
	"time"

	"seedbed/app"
	"seedbed/mail"
)

// mailFlags configure delivery of the inbox's messages by e-mail through an SMTP relay.
type mailFlags struct {
	addr, from string
}

func (m *mailFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.addr, "smtp-addr", env("smtp_addr", ""), "SMTP relay (host:port) that messages are also sent through by e-mail; empty sends none (env SEEDBED_SMTP_ADDR)")
	fs.StringVar(&m.from, "smtp-from", env("smtp_from", "seedbed@localhost"), "sender address of the e-mails (env SEEDBED_SMTP_FROM)")
}

// mailRetryInterval is how often the outbox is looked at for retries.
const mailRetryInterval = time.Minute

// start configures the inbox's relay and delivers its outbox in the background until ctx ends.
// Delivery never blocks a decision: messages are queued with it and sent here.
func (m mailFlags) start(ctx context.Context, inbox *app.Inbox, publicURL string, log *slog.Logger) {
	if m.addr == "" {
		return
	}
	inbox.Mailer = &mail.Relay{Addr: m.addr, From: m.from}
	inbox.PublicURL = publicURL
	log.Info("mail relay configured", "addr", m.addr, "from", m.from)
	go inbox.RunMail(ctx, mailRetryInterval)
}
