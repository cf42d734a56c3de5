package web

// AccountService is what login, sessions, tokens and user administration ask of the use-case layer.
type AccountService interface {
}
