package web

import (
	"context"

	"seedbed"
	"seedbed/ecosystem"
)

// CultureService is what the culture survey's pages and API ask of the use-case layer.
type CultureService interface {
	// CreateWave opens a wave: EFORBIDDEN, EINVALID.
	CreateWave(ctx context.Context, a seedbed.Actor, w *seedbed.SurveyWave) error
	Waves(ctx context.Context) ([]seedbed.SurveyWave, error)
	// Invite issues links for a region's innovators: EFORBIDDEN, ENOTFOUND, EINVALID, ECONFLICT.
	Invite(ctx context.Context, a seedbed.Actor, waveID int64, region string, sample int) ([]seedbed.SurveyInvitation, error)
	// Invitation checks a link: ENOTFOUND, ECONFLICT (answered, closed, not open).
	Invitation(ctx context.Context, token string) (*seedbed.SurveyWave, seedbed.Questionnaire, error)
	// Respond records one anonymous answer sheet: ENOTFOUND, ECONFLICT, EINVALID.
	Respond(ctx context.Context, token string, a seedbed.SurveyAnswers) error
	// Results of groups of at least k: EINVALID (an unknown breakdown).
	Results(ctx context.Context, by string) (*ecosystem.CultureReport, error)
}
