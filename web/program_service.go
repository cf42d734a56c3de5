package web

// ProgramService is what the program, application and award pages and API ask of the use-case layer.
type ProgramService interface {
}
