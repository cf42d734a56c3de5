package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultConfigValid(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
}

// The shipped example must stay the reference configuration.
func TestExampleIsDefault(t *testing.T) {
	data, err := os.ReadFile("../examples/sim/default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, DefaultConfig()) {
		t.Errorf("examples/sim/default.yaml differs from DefaultConfig():\n%+v\n%+v", cfg, DefaultConfig())
	}
}

func TestValidateRefuses(t *testing.T) {
	tests := []struct {
		key  string
		edit func(*Config)
	}{
		{"replications", func(c *Config) { c.Replications = 0 }},
		{"quarters", func(c *Config) { c.Quarters = 401 }},
		{"strategies", func(c *Config) { c.Strategies = nil }},
		{"strategies[1]", func(c *Config) { c.Strategies = []string{NoSupport, "pick_by_luck"} }},
		{"strategies[1]", func(c *Config) { c.Strategies = []string{NoSupport, NoSupport} }},
		{"population.innovators", func(c *Config) { c.Population.Innovators = -5 }},
		{"population.fields", func(c *Config) { c.Population.Fields = 65 }},
		{"population.share_small", func(c *Config) { c.Population.ShareSmall = 1.2 }},
		{"population.share_non_mainstream", func(c *Config) { c.Population.ShareNonMainstream = -0.1 }},
		{"population.drive_national", func(c *Config) { c.Population.DriveNational = 2 }},
		{"landscape.bits", func(c *Config) { c.Landscape.Bits = 30 }},
		{"landscape.ruggedness", func(c *Config) { c.Landscape.Ruggedness = 20 }},
		{"landscape.landmark_z", func(c *Config) { c.Landscape.LandmarkZ = 1 }},
		{"landscape.value_tail", func(c *Config) { c.Landscape.ValueTail = 1 }},
		{"landscape.bits", func(c *Config) { c.Landscape.Bits, c.Population.Fields = 24, 64 }},
		{"behaviour.burn_small", func(c *Config) { c.Behaviour.BurnSmall = 0 }},
		{"behaviour.jump_bits", func(c *Config) { c.Behaviour.JumpBits = 21 }},
		{"behaviour.complacency", func(c *Config) { c.Behaviour.Complacency = 1.5 }},
		{"behaviour.failure_tolerance", func(c *Config) { c.Behaviour.FailureTolerance = -0.5 }},
		{"funding.budget", func(c *Config) { c.Funding.Budget = -1 }},
		{"funding.round_quarters", func(c *Config) { c.Funding.RoundQuarters = 41 }},
		{"funding.grant_size", func(c *Config) { c.Funding.GrantSize = 0 }},
		{"funding.lottery_pool", func(c *Config) { c.Funding.LotteryPool = 0.5 }},
		{"funding.stages", func(c *Config) { c.Funding.Stages = 0 }},
		{"funding.champions", func(c *Config) { c.Funding.Champions = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			cfg := DefaultConfig()
			tt.edit(&cfg)
			err := cfg.Validate()
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FieldError", err)
			}
			if fe.Key != tt.key || fe.Zh == "" || fe.En == "" {
				t.Errorf("first error %+v, want key %s with zh and en reasons", fe, tt.key)
			}
		})
	}
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string // substring of the error; "" for success
		line    int
		check   func(Config) bool
	}{
		{"partial yaml keeps defaults", "replications: 7\npopulation:\n  share_small: 0.5\n", "", 0,
			func(c Config) bool {
				return c.Replications == 7 && c.Population.ShareSmall == 0.5 && c.Population.Innovators == DefaultConfig().Population.Innovators
			}},
		{"json", `{"seed": 18446744073709551615, "funding": {"budget": 1e4}, "strategies": ["no_support"]}`, "", 0,
			func(c Config) bool {
				return c.Seed == 18446744073709551615 && c.Funding.Budget == 1e4 && len(c.Strategies) == 1
			}},
		{"hex and underscores", "seed: 0x10\nreplications: 1_000\n", "", 0, func(c Config) bool { return c.Seed == 16 && c.Replications == 1000 }},
		{"unknown top-level key", "replication: 5\n", "replication (line 1, column 1): 未知的键 / unknown key", 1, nil},
		{"unknown nested key", "funding:\n  budgett: 5\n", "funding.budgett", 2, nil},
		{"negative budget", "funding:\n  budget: -100\n", "funding.budget", 2, nil},
		{"probability above one", "behaviour:\n  failure_tolerance: 1.5\n", "behaviour.failure_tolerance", 2, nil},
		{"string for number", "quarters: forty\n", "quarters", 1, nil},
		{"quoted number", "quarters: \"40\"\n", "must be an integer", 1, nil},
		{"float for integer", "quarters: 40.5\n", "must be an integer", 1, nil},
		{"infinite", "funding:\n  budget: .inf\n", "finite", 2, nil},
		{"null", "seed:\n", "missing value", 1, nil},
		{"negative seed", "seed: -1\n", "integer in [0", 1, nil},
		{"repeated key", "seed: 1\nseed: 2\n", "repeated", 2, nil},
		{"list for struct", "population: [1, 2]\n", "mapping", 1, nil},
		{"scalar for list", "strategies: no_support\n", "list", 1, nil},
		{"unknown strategy", "strategies: [no_support, pick_by_luck]\n", "strategies[1]", 1, nil},
		{"not a mapping", "[1, 2, 3]\n", "mapping", 1, nil},
		{"empty", "  \n", "empty", 0, nil},
		{"syntax error", "seed: [1,\n", "syntax", 0, nil},
		{"two documents", "seed: 1\n---\nseed: 2\n", "one YAML document", 0, nil},
		{"alias", "a: &x 1\n", "a", 1, nil},
		{"anchor on known key", "seed: &x 1\nreplications: *x\n", "anchors", 1, nil},
		{"round longer than horizon", "quarters: 8\nfunding:\n  round_quarters: 9\n", "funding.round_quarters", 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig([]byte(tt.in))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if !tt.check(cfg) {
					t.Errorf("parsed %+v", cfg)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, not a *FieldError", err)
			}
			if tt.line > 0 && fe.Line != tt.line {
				t.Errorf("error at line %d, want %d: %v", fe.Line, tt.line, err)
			}
		})
	}
}

// Every problem is reported, not just the first, each with its position.
func TestParseConfigReportsAll(t *testing.T) {
	_, err := ParseConfig([]byte("funding:\n  budget: -1\nbehaviour:\n  complacency: 2\n"))
	fes := FieldErrors(fmt.Errorf("wrapped: %w", err))
	want := []struct {
		key  string
		line int
	}{{"funding.budget", 2}, {"behaviour.complacency", 4}}
	if len(fes) != len(want) {
		t.Fatalf("FieldErrors = %v, want %d errors", fes, len(want))
	}
	for i, w := range want {
		if fes[i].Key != w.key || fes[i].Line != w.line {
			t.Errorf("error %d: %s at line %d, want %s at line %d", i, fes[i].Key, fes[i].Line, w.key, w.line)
		}
	}
	if FieldErrors(nil) != nil || FieldErrors(errors.New("plain")) != nil {
		t.Error("FieldErrors found errors where there are none")
	}
}

// FuzzParseConfig: ParseConfig never panics, and what it accepts is valid and survives a JSON round trip.
func FuzzParseConfig(f *testing.F) {
	seeds := []string{
		"", "seed: 1", "{}", `{"funding": {"budget": 5}}`, "population:\n  share_small: 0.5\n",
		"strategies: [no_support]\n", "a: &x 1\nb: *x\n", "replications: 1e400", "seed: 0x_1",
		"quarters: !!str 40", "landscape: {bits: 24, ruggedness: 15}",
	}
	if b, err := os.ReadFile("../examples/sim/default.yaml"); err == nil {
		seeds = append(seeds, string(b))
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig(data)
		if err != nil {
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("accepted an invalid config: %v", err)
		}
		b, err := json.Marshal(cfg)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseConfig(b)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", b, err)
		}
		if !reflect.DeepEqual(cfg, again) {
			t.Fatalf("round trip changed the config")
		}
	})
}
