// Package app is seedbed's use-case layer: each exported method is one thing a person does —
// create a program, submit an application, run a selection, publish a policy, open an exemption
// case — carried out as one transaction over the SQL store's row functions, calling the pure
// engines (policy, selection, evaluation, ledger, exemption, sim) for every decision.
//
// It owns the computed state that is worth keeping between requests (the compiled policy
// library, the monitoring snapshot) as fields of the service that computes it, each with an
// explicit rule for when it is thrown away. A read never writes.
//
// It depends on the domain (package seedbed), the engines and the store; it must not import
// net/http, web or cmd/seedbed. The web server and the command line call it through interfaces
// they declare themselves.
package app
