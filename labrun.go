package seedbed

import (
	"encoding/json"
	"time"
)

// LabRun is a saved run of the ecosystem lab: its configuration and result as the simulator
// wrote them (JSON), with who ran it and when.
type LabRun struct {
	ID           int64           `json:"id"`
	Name         string          `json:"name"`
	CreatedBy    string          `json:"created_by"`
	CreatedAt    time.Time       `json:"created_at"`
	ConfigHash   string          `json:"config_hash"`
	ModelVersion string          `json:"model_version"`
	Config       json.RawMessage `json:"config"`
	Result       json.RawMessage `json:"result,omitempty"`
	ElapsedMS    int64           `json:"elapsed_ms"`
}
