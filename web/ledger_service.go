package web

// LedgerService is what the ledger pages and API ask of the use-case layer.
type LedgerService interface {
}
