package detmath

import (
	"math"
	"testing"
)

func TestExpLogMatchStdlib(t *testing.T) {
	tests := []struct {
		name string
		f    func(float64) float64
		ref  func(float64) float64
		lo   float64
		hi   float64
	}{
		{"exp", Exp, math.Exp, -700, 700},
		{"exp-small", Exp, math.Exp, -1, 1},
		{"log", Log, math.Log, 1e-300, 1e300},
		{"log-near-1", Log, math.Log, 0.5, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const n = 20000
			for i := 0; i <= n; i++ {
				var x float64
				if tt.name == "log" {
					x = math.Exp(math.Log(tt.lo) + (math.Log(tt.hi)-math.Log(tt.lo))*float64(i)/n)
				} else {
					x = tt.lo + (tt.hi-tt.lo)*float64(i)/n
				}
				got, want := tt.f(x), tt.ref(x)
				if d := math.Abs(got - want); d > 1e-14*math.Max(1, math.Abs(want)) {
					t.Fatalf("%s(%v) = %v, want %v (diff %g)", tt.name, x, got, want, d)
				}
			}
		})
	}
}

func TestSpecialValues(t *testing.T) {
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"exp(0)", Exp(0), 1},
		{"exp(1000)", Exp(1000), math.Inf(1)},
		{"exp(-1000)", Exp(-1000), 0},
		{"log(1)", Log(1), 0},
		{"log(0)", Log(0), math.Inf(-1)},
		{"log(+inf)", Log(math.Inf(1)), math.Inf(1)},
		{"pow(2,10)", math.Round(Pow(2, 10)), 1024},
		{"pow(1,y)", Pow(1, 123), 1},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if !math.IsNaN(Log(-1)) || !math.IsNaN(Exp(math.NaN())) {
		t.Error("NaN cases not NaN")
	}
}
