// Package ecosystem computes the indicators of the innovation environment a bureau builds: who
// enters (formation), how broadly support reaches (the shares of small firms, grassroots teams
// and first-time awardees, the concentration of funding), how diverse the technical paths are,
// whether teams that failed try again, and how many landmark results come out of it.
//
// It is a pure engine: it takes rows already read (innovators, applications, awards, failures,
// landmarks) and a scope (region, field, year) and returns numbers with their status. Where the
// data cannot honestly carry a figure, the indicator says "not enough data" and gives no number.
// It must never touch a database, the network, the clock or the file system; the caller passes
// the time it wants the figures for. Definitions, formulas and sources are in docs/methods.md.
package ecosystem
