package web

// LabService is what the lab pages and API ask of the use-case layer.
type LabService interface {
}
