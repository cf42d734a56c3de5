package web

// RegistryService is what the registry pages and API ask of the use-case layer.
type RegistryService interface {
}
