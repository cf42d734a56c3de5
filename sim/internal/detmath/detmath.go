// Package detmath provides exp and log computed with plain IEEE-754 arithmetic only, so that the
// simulator's numbers are bit-identical on every CPU architecture. The standard library's math.Exp
// and math.Log use assembly on some architectures, and the Go compiler may fuse x*y+z into one
// fused multiply-add on others; both can change the last bit. Every product that feeds a sum below
// is wrapped in an explicit float64 conversion, which the language specification says prevents
// fusion. It must not depend on anything but the standard library's exact bit operations.
package detmath

import "math"

const (
	ln2Hi = 6.93147180369123816490e-01 // high bits of ln 2, exact in float64 multiples
	ln2Lo = 1.90821492927058770002e-10 // ln 2 − ln2Hi
	ln2   = 0.693147180559945309417232121458176568
	log2e = 1.44269504088896340735992468100189214
)

// Exp returns e**x with an error of a few ulps, identically on every platform.
func Exp(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case x > 709.78:
		return math.Inf(1)
	case x < -745.2:
		return 0
	}
	k := math.Floor(float64(x*log2e) + 0.5)
	r := float64(x-float64(k*ln2Hi)) - float64(k*ln2Lo)
	// Taylor series of e**r for |r| <= 0.35 to degree 14 (truncation error < 1e-17).
	p := 1.0 / 87178291200 // 1/14!
	for _, c := range [...]float64{
		1.0 / 6227020800, 1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880,
		1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1, 1,
	} {
		p = float64(p*r) + c
	}
	return math.Ldexp(p, int(k))
}

// Log returns the natural logarithm of x with an error of a few ulps, identically on every
// platform. Log(0) is -Inf; Log of a negative number or NaN is NaN.
func Log(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	frac, e := math.Frexp(x) // x = frac · 2**e, frac in [0.5, 1)
	if frac < math.Sqrt2/2 {
		frac *= 2
		e--
	}
	// log(frac) = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) with s = (frac−1)/(frac+1), |s| <= 0.172.
	s := (frac - 1) / (frac + 1)
	s2 := float64(s * s)
	p := 1.0 / 21
	for _, c := range [...]float64{1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11, 1.0 / 9, 1.0 / 7, 1.0 / 5, 1.0 / 3, 1} {
		p = float64(p*s2) + c
	}
	fe := float64(e)
	return float64(fe*ln2Hi) + (float64(fe*ln2Lo) + float64(2*float64(s*p)))
}

// Pow returns x**y for x > 0, computed as Exp(y·Log(x)).
func Pow(x, y float64) float64 {
	if x == 1 || y == 0 {
		return 1
	}
	return Exp(float64(y * Log(x)))
}
