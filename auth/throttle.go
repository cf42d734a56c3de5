package auth

import (
	"sync"
	"time"
)

// Throttle limits events per key (the public portal's requests per client address): after Max
// within Window, further attempts are refused until the window has passed. It lives in memory,
// so a deployment with several web servers limits per server; failed sign-ins are counted in the
// database instead (app.Accounts.LoginAllowed).
type Throttle struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewThrottle returns a throttle allowing max failures per window.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{Max: max, Window: window, Now: time.Now, failures: map[string][]time.Time{}}
}

// Allowed reports whether key may try again, and if not, how long to wait.
func (t *Throttle) Allowed(key string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.prune(key)
	if len(recent) < t.Max {
		return true, 0
	}
	return false, recent[0].Add(t.Window).Sub(t.Now())
}

// Take counts one request by key when fewer than Max were counted within Window, and reports
// whether it was allowed and, if not, how long to wait: a rate limit per key.
func (t *Throttle) Take(key string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.prune(key)
	if len(recent) >= t.Max {
		return false, recent[0].Add(t.Window).Sub(t.Now())
	}
	t.failures[key] = append(recent, t.Now())
	return true, 0
}

// Fail records a failed attempt by key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failures[key] = append(t.prune(key), t.Now())
}

// Reset forgets key's failures (after a successful login).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, key)
}

func (t *Throttle) prune(key string) []time.Time {
	cut := t.Now().Add(-t.Window)
	fs := t.failures[key]
	i := 0
	for i < len(fs) && fs[i].Before(cut) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.failures, key)
		return nil
	}
	t.failures[key] = fs
	return fs
}
