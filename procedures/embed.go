// Package procedures holds the standard decision procedures (决策标准程序) as versioned YAML
// documents, embedded so that a fresh installation publishes them to the ledger. It holds
// data only: package exemption parses and checks them.
package procedures

import "embed"

// FS holds every procedure document.
//
//go:embed *.yaml
var FS embed.FS
