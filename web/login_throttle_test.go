package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestLoginThrottleShared sprays many names from one address and guesses one name from many
// addresses; the failures, kept in the database, stop both, on another server of the same
// deployment too.
func TestLoginThrottleShared(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		other := newTestServer(t, e.store).Handler()
		post := func(h http.Handler, name, addr string) int {
			r := newRequest("POST", "/login", "application/x-www-form-urlencoded", "username="+name+"&password=wrong+password")
			r.RemoteAddr = addr + ":1234"
			w := serveWith(h, r)
			return w.Code
		}
		// One address, twenty names: then even a new name is refused, on the other server too.
		for i := range 20 {
			if code := post(e.h, fmt.Sprintf("name%d", i), "198.51.100.7"); code != http.StatusBadRequest {
				t.Fatalf("spray %d: %d", i, code)
			}
		}
		if code := post(other, "someone-else", "198.51.100.7"); code != http.StatusTooManyRequests {
			t.Fatalf("spraying address on another server: %d, want 429", code)
		}
		if code := post(other, "someone-else", "198.51.100.8"); code != http.StatusBadRequest {
			t.Fatalf("another address: %d, want 400", code)
		}
		// One name, ten addresses: then the name is refused from an eleventh.
		for i := range 10 {
			h := e.h
			if i%2 == 1 {
				h = other
			}
			if code := post(h, "u-admin", fmt.Sprintf("203.0.113.%d", i+1)); code != http.StatusBadRequest {
				t.Fatalf("guess %d: %d", i, code)
			}
		}
		if code := post(e.h, "U-ADMIN", "203.0.113.99"); code != http.StatusTooManyRequests {
			t.Fatalf("guessed name from a new address: %d, want 429", code)
		}
	})
}

func serveWith(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}
