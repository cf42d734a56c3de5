package web

import (
	"context"

	"seedbed"
	"seedbed/evaluation"
)

// MonitoringService is what the monitoring and impact pages and API ask of the use-case layer.
type MonitoringService interface {
	// Params returns the settings of the monitoring computations.
	Params() evaluation.MonitoringParams
	// CurrentQuarter is the quarter the store's clock is in, in the bureau's time zone.
	CurrentQuarter() evaluation.Quarter
	// Snapshot returns the population-wide computation over the current data.
	Snapshot(ctx context.Context) (*evaluation.MonitoringSnapshot, error)

	// AddObservations stores values all or nothing: EINVALID, EFORBIDDEN, ECONFLICT per row in a
	// seedbed.Errors, ETOOLARGE for too many.
	AddObservations(ctx context.Context, a seedbed.Actor, obs []evaluation.Observation) (int, error)
	// CorrectObservation: ENOTFOUND, EFORBIDDEN, EINVALID, ECONFLICT (corrected meanwhile).
	CorrectObservation(ctx context.Context, a seedbed.Actor, id int64, c evaluation.Correction) (*evaluation.ObservationRecord, error)
	GetObservation(ctx context.Context, id int64) (*evaluation.ObservationRecord, error) // ENOTFOUND
	FindObservations(ctx context.Context, f evaluation.ObservationFilter) ([]evaluation.ObservationRecord, int, error)
	InnovatorObservations(ctx context.Context, innovatorID int64) ([]evaluation.ObservationRecord, error)
	ObservationHistory(ctx context.Context, id int64) ([]evaluation.CorrectionRecord, error)

	// RecomputeFlags recomputes and stores the complacency flags on behalf of a.
	RecomputeFlags(ctx context.Context, a seedbed.Actor) (evaluation.FlagRun, error)
	// FlagsKey is the data key the stored flags were computed from.
	FlagsKey(ctx context.Context) (string, error)
	FindFlags(ctx context.Context, f seedbed.FlagFilter) ([]seedbed.Flag, int, error) // EINVALID for a bad filter
	CountFlags(ctx context.Context, f seedbed.FlagFilter) (int, error)                // how many FindFlags would match
	GetFlag(ctx context.Context, id int64) (*seedbed.Flag, error)                     // ENOTFOUND
	// ResolveFlag: EFORBIDDEN, EINVALID, ENOTFOUND, ECONFLICT (already resolved).
	ResolveFlag(ctx context.Context, a seedbed.Actor, id int64, res seedbed.FlagResolution) (*seedbed.Flag, error)
	// FlagGate says whether ResolveFlag would propose a's resolution of f or refuse it while a
	// resolution proposed earlier on the same award awaits a second officer.
	FlagGate(ctx context.Context, a seedbed.Actor, f *seedbed.Flag) (seedbed.ProposalGate, error)

	// AddOutcomes stores outcomes all or nothing: EINVALID, EFORBIDDEN per row in a seedbed.Errors.
	AddOutcomes(ctx context.Context, a seedbed.Actor, outs []evaluation.OutcomeRecord) (int, error)
	FindOutcomes(ctx context.Context, f evaluation.OutcomeFilter) ([]evaluation.OutcomeRecord, int, error)
}
