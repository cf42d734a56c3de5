// Package policies holds the starter library of support policies as YAML files, embedded so
// that the demo and a fresh installation can load them. It holds data only: the engine that
// reads them is package policy.
package policies

import "embed"

// FS holds every policy file of the starter library.
//
//go:embed *.yaml
var FS embed.FS
