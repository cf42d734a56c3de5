package web

// ReviewService is what the review, selection and lottery pages and API ask of the use-case layer.
type ReviewService interface {
}
