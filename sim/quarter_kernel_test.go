package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

// runBothPaths runs cfg with quarter's assembly loop and with its general path, and returns both
// results as JSON.
func runBothPaths(t *testing.T, cfg Config) (kernel, general []byte) {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("test configuration: %v", err)
	}
	var out [2][]byte
	for i, off := range []bool{false, true} {
		m := newModel(cfg)
		m.noKernel = off
		res, err := runModel(context.Background(), m, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		if out[i], err = json.Marshal(res); err != nil {
			t.Fatal(err)
		}
	}
	return out[0], out[1]
}

// kernelTakes reports whether quarter takes the assembly loop for cfg.
func kernelTakes(cfg Config) bool {
	l := cfg.Landscape
	return haveKernel && l.Ruggedness <= 5 && 2*(l.Ruggedness+1) < l.Bits && l.Bits <= tabledBits && l.Bits >= tabledMinBits
}

// TestKernelAgrees holds the assembly loop (quarter_amd64.s) to quarter's general path, result
// for result, on landscapes of every size and ruggedness it takes and on behaviours that reach
// each of its branches: long jumps, many trials, no resource trials, every venture failing or
// none trying again, drive of exactly 1 and 0, and a quarter's landmarks valued one venture at a
// time.
func TestKernelAgrees(t *testing.T) {
	if !haveKernel {
		t.Skip("no assembly loop on this platform")
	}
	small := func() Config {
		c := DefaultConfig()
		c.Population.Innovators, c.Replications, c.Quarters = 300, 3, 16
		c.Strategies = StrategyIDs()
		return c
	}
	cases := []struct {
		name string
		edit func(*Config)
	}{
		{"reference", func(c *Config) {}},
		{"K=0, 6 bits", func(c *Config) { c.Landscape.Bits, c.Landscape.Ruggedness = 6, 0 }},
		{"K=1, 7 bits", func(c *Config) { c.Landscape.Bits, c.Landscape.Ruggedness = 7, 1 }},
		{"K=2, 9 bits", func(c *Config) { c.Landscape.Bits, c.Landscape.Ruggedness = 9, 2 }},
		{"K=3, 12 bits", func(c *Config) { c.Landscape.Bits, c.Landscape.Ruggedness = 12, 3 }},
		{"K=4, 16 bits", func(c *Config) { c.Landscape.Bits, c.Landscape.Ruggedness = 16, 4 }},
		{"K=5, 21 bits", func(c *Config) { c.Landscape.Bits, c.Landscape.Ruggedness = 21, 5 }},
		{"jumps, many trials", func(c *Config) {
			c.Behaviour.JumpProb, c.Behaviour.JumpBits = 0.9, 7
			c.Behaviour.TrialsSmall, c.Behaviour.TrialsLarge, c.Behaviour.ResourceTrials = 5, 9, 4
			c.Population.ShareNonMainstream = 0.8
		}},
		{"no resource trials, low landmark", func(c *Config) {
			c.Behaviour.ResourceTrials = 0
			c.Landscape.LandmarkZ, c.Landscape.ViableZ = 1.5, 0.5
		}},
		{"all fail, none retry", func(c *Config) {
			c.Behaviour.RunwayQuarters, c.Behaviour.ViableRevenue, c.Behaviour.FailureTolerance = 1, 0, 0
		}},
		{"all fail, all retry", func(c *Config) {
			c.Behaviour.RunwayQuarters, c.Behaviour.FailureTolerance = 1, 1
		}},
		{"drive 1 and 0", func(c *Config) {
			c.Population.DriveGrassroots, c.Population.DriveNational, c.Population.DriveSpread = 1, 0, 0
			c.Behaviour.Complacency = 0
		}},
		{"wide slack", func(c *Config) { c.Behaviour.ExploreSlack = 3 }},
		{"more ventures than a call steps", func(c *Config) {
			c.Population.Innovators, c.Replications, c.Quarters = kernelStretch+3000, 1, 6
			c.Funding.Budget = 10 * float64(c.Population.Innovators)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := small()
			tc.edit(&cfg)
			if !kernelTakes(cfg) {
				t.Fatalf("the assembly loop does not take this landscape")
			}
			k, g := runBothPaths(t, cfg)
			if !bytes.Equal(k, g) {
				t.Errorf("the assembly loop and the general path disagree")
			}
		})
	}
}

// TestKernelAgreesLandmarkByLandmark holds the assembly loop to the general path when a quarter's
// landmarks are valued as soon as there is no room for the next venture's: it stops and resumes
// after every venture that finds one.
func TestKernelAgreesLandmarkByLandmark(t *testing.T) {
	if !haveKernel {
		t.Skip("no assembly loop on this platform")
	}
	old := discoveredRoom
	discoveredRoom = 1
	defer func() { discoveredRoom = old }()
	cfg := DefaultConfig()
	cfg.Population.Innovators, cfg.Replications, cfg.Quarters = 500, 3, 20
	cfg.Landscape.ViableZ, cfg.Landscape.LandmarkZ = 1, 2
	k, g := runBothPaths(t, cfg)
	if !bytes.Equal(k, g) {
		t.Errorf("the assembly loop and the general path disagree")
	}
	var res Result
	if err := json.Unmarshal(k, &res); err != nil {
		t.Fatal(err)
	}
	if res.Strategies[0].Landmarks.Mean < 10 {
		t.Errorf("only %.1f landmarks a run: the test does not exercise the stops", res.Strategies[0].Landmarks.Mean)
	}
}

// FuzzKernelAgrees draws landscapes and behaviours the assembly loop takes and holds it to the
// general path on each.
func FuzzKernelAgrees(f *testing.F) {
	f.Add(uint8(20), uint8(5), uint8(1), uint8(2), uint8(1), uint8(3), uint8(50), uint8(128), uint64(1))
	f.Add(uint8(0), uint8(0), uint8(16), uint8(16), uint8(16), uint8(4), uint8(255), uint8(0), uint64(2))
	f.Fuzz(func(t *testing.T, bits, k, ts, tl, tr, jb, jp, tol uint8, seed uint64) {
		if !haveKernel {
			t.Skip("no assembly loop on this platform")
		}
		cfg := DefaultConfig()
		cfg.Seed = seed
		cfg.Population.Innovators, cfg.Replications, cfg.Quarters = 120, 2, 12
		cfg.Strategies = StrategyIDs()
		l := &cfg.Landscape
		l.Bits = tabledMinBits + int(bits)%(tabledBits-tabledMinBits+1)
		l.Ruggedness = int(k) % 6
		for 2*(l.Ruggedness+1) >= l.Bits {
			l.Ruggedness--
		}
		if l.Ruggedness < 0 {
			return
		}
		b := &cfg.Behaviour
		b.TrialsSmall, b.TrialsLarge, b.ResourceTrials = 1+int(ts)%16, 1+int(tl)%16, int(tr)%17
		b.JumpBits = 1 + int(jb)%l.Bits
		b.JumpProb = float64(jp) / 255
		b.FailureTolerance = float64(tol) / 255
		kr, gr := runBothPaths(t, cfg)
		if !bytes.Equal(kr, gr) {
			t.Errorf("the assembly loop and the general path disagree on %+v %+v", cfg.Landscape, cfg.Behaviour)
		}
	})
}
