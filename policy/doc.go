// Package policy is the rules-as-code engine: a support policy is a YAML document (metadata
// in Chinese and English, eligibility clauses and amount formulas written in Google's CEL, and
// test cases), which this package parses with line and column for every error, type-checks,
// bounds in cost, evaluates with a bilingual explanation, tests, versions and compares.
//
// Expressions see the innovator as typed top-level CEL variables (see Variables): the registry
// fields by their JSON names, the derived size_class and is_sme, age_years on the evaluation
// date, and indicators, a map(string, double) for figures from outside the registry. An empty
// field is a CEL unknown, so a clause that needs it is "cannot decide", never false, while
// `false && x` and `true || x` still decide.
//
// It also owns the nouns around a policy that other layers keep and show: a stored Version
// (draft or published) and a SegmentResult, what a version decides for part of the registry
// (computed by Segment).
//
// The package is pure: it reads no files, databases or networks (LoadFS reads the fs.FS it is
// handed) and imports only the domain package seedbed. Storage, HTTP and the CLI build on it.
package policy
