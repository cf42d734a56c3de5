package web

import (
	"os"
	"testing"

	"seedbed/auth"
)

// TestMain makes the fixtures' password hashes cheap (auth.UseTestParameters): the tests make
// many accounts, and the real parameters are tested in package auth.
func TestMain(m *testing.M) {
	auth.UseTestParameters()
	os.Exit(m.Run())
}
