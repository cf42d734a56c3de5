// Package sim is the ecosystem lab: a fast, reproducible agent-based simulator that compares
// institutional designs for supporting innovation (pick winners by size or by forecast, broad
// small grants, partial lottery, staged milestone funding, no support) under the same budget.
//
// A population of innovators — small or large, grassroots or national team, more or less
// self-driven, on mainstream or non-mainstream technical paths — searches NK landscapes of
// technical approaches, one per technical field. Funding adds runway and search resources but may
// erode drive; failure ends a venture and failure tolerance sets how often the team tries again.
// The model, its equations and parameters are documented in docs/model.md.
//
// The package is pure computation: no file or network I/O and no imports of other seedbed
// packages. Results are deterministic: each replication draws from its own random stream derived
// from (seed, replication), replications are combined in index order, and floating-point
// arithmetic avoids fused multiply-adds and platform-specific math, so the same Config and
// ModelVersion give the same bits on any machine and any number of cores.
//
// The quarter's loop has a second implementation, in amd64 assembly (quarter_amd64.s), for the
// landscapes most runs use. TestKernelAgrees holds it to the Go loop result for result, and
// -tags purego leaves it out.
package sim

// ModelVersion identifies the model's rules; it changes whenever the same Config would give
// different numbers, and it is recorded in every Result and sweep record.
const ModelVersion = "seedbed-sim/1"
