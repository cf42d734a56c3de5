// Package evaluation is the arithmetic of monitoring and impact: indicator series per innovator
// and quarter, the momentum score shown to reviewers, the complacency early warning
// (a difference-in-differences of technical trends against similar unfunded innovators), and
// the percentile-based impact evaluation of awards and portfolios (landmarks, hit rate, value
// concentration, cost per landmark).
//
// It also owns the nouns of monitoring that the other layers pass around: stored observations
// and outcomes with their provenance (ObservationRecord, OutcomeRecord), corrections and their
// history, the filters that select them, and the MonitoringSnapshot — the population-wide
// computation over everything stored — with the rules that check an outcome or a correction.
//
// Every number it produces can be traced to the data and formula behind it; docs/methods.md
// states each formula, its parameters and its minimum-data rules. Where the data are too thin
// for a figure the result says "not enough data" (Status NotEnoughData) instead of a number.
// Nothing here decides anything: the scores and flags inform the people who decide.
//
// The package is pure computation. It reads CSV only from an io.Reader handed to it, and must
// not depend on SQL, HTTP, the file system or the clock (callers pass "now"); it imports only
// the domain package seedbed and the standard library.
package evaluation
