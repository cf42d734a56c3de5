package web

// ExemptionService is what the procedure, failure and exemption pages and API ask of the use-case layer.
type ExemptionService interface {
}
