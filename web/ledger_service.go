package web

import (
	"context"
	"io"

	"seedbed/ledger"
)

// LedgerService is what the ledger pages and API ask of the use-case layer.
type LedgerService interface {
	Status(ctx context.Context) (*ledger.Status, error)
	Heads(ctx context.Context) ([]ledger.SignedHead, error)
	Entries(ctx context.Context, start, end uint64) ([]ledger.EventRecord, error)
	RecordsOf(ctx context.Context, subject, kind string) ([]ledger.EventRecord, error)
	InclusionProof(ctx context.Context, index, size uint64) (*ledger.Inclusion, error)
	ConsistencyProof(ctx context.Context, old, new uint64) (*ledger.Consistency, error)
	Keys(ctx context.Context) ([]ledger.Verifier, error)
	TrustedKeys(ctx context.Context) []ledger.Verifier
	Verify(ctx context.Context, opts ledger.StoreVerifyOptions) (*ledger.StoreReport, error)
	AnchorAudit(ctx context.Context) (bool, error)
	Export(ctx context.Context, w io.Writer) error
	PublishedProofs(ctx context.Context, programID int64) (*ledger.DecisionProofs, error)
}
