package web

// PolicyService is what the policy and eligibility pages and API ask of the use-case layer.
type PolicyService interface {
}
