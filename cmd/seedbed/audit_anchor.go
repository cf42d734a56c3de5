package main

import (
	"context"
	"log/slog"
	"time"

	"seedbed/app"
)

// auditAnchorInterval is how often a server anchors the audit log's chain head in the ledger
// (when it moved); verification from the web anchors it too.
const auditAnchorInterval = 10 * time.Minute

// anchorAuditEvery anchors the audit chain's head in the ledger at every tick until ctx ends.
func anchorAuditEvery(ctx context.Context, l *app.Ledger, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := l.AnchorAudit(ctx); err != nil && ctx.Err() == nil {
				log.Error("anchor the audit log", "err", err)
			}
		}
	}
}
