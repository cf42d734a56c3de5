package policy

import (
	"time"

	"seedbed"
)

// Statuses of a stored version: a draft has passed its checks and tests but is not in force; a
// published version is part of the library and never changes again.
const (
	VersionDraft     = "draft"
	VersionPublished = "published"
)

// Version is one uploaded version of a support policy as it is kept: the YAML source exactly as
// uploaded, its SHA-256, its effective dates, and who uploaded and published it.
type Version struct {
	PolicyID      string        `json:"policy_id"`
	Version       int           `json:"version"`
	File          string        `json:"file"`
	Title         seedbed.Label `json:"title"`
	Segment       string        `json:"segment"`
	EffectiveFrom string        `json:"effective_from"`
	EffectiveTo   string        `json:"effective_to"` // "" when open-ended
	Status        string        `json:"status"`
	SHA256        string        `json:"sha256"`
	Source        string        `json:"source,omitempty"` // only when one version is asked for
	UploadedBy    string        `json:"uploaded_by"`
	UploadedAt    time.Time     `json:"uploaded_at"`
	PublishedBy   string        `json:"published_by,omitempty"`
	PublishedAt   *time.Time    `json:"published_at,omitempty"`
}

// VersionFilter selects stored versions; empty fields do not filter.
type VersionFilter struct {
	PolicyID string
	Status   string // VersionDraft or VersionPublished
}
