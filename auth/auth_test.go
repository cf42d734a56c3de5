package auth

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("正确的密码 correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("hash %q is not argon2id in PHC form", h)
	}
	if err := CheckPassword(h, "正确的密码 correct horse"); err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if err := CheckPassword(h, "正确的密码 correct horsE"); err != ErrMismatch {
		t.Fatalf("wrong password: got %v, want ErrMismatch", err)
	}
	h2, _ := HashPassword("正确的密码 correct horse")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt is not random")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", "$argon2id$v=19$m=65536,t=3,p=2$!!$AA"} {
		if CheckPassword(bad, "x") == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestSecrets(t *testing.T) {
	s1, h1, err := NewSecret("sbt_")
	if err != nil {
		t.Fatal(err)
	}
	s2, _, _ := NewSecret("sbt_")
	if s1 == s2 || !strings.HasPrefix(s1, "sbt_") || len(s1) < 40 {
		t.Fatalf("secrets %q %q are not random prefixed strings", s1, s2)
	}
	if HashSecret(s1) != h1 || HashSecret(s2) == h1 {
		t.Fatal("HashSecret does not match the hash NewSecret returned")
	}
}

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	th := NewThrottle(3, time.Minute)
	th.Now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if ok, _ := th.Allowed("alice|1.2.3.4"); !ok {
			t.Fatalf("attempt %d refused before the limit", i+1)
		}
		th.Fail("alice|1.2.3.4")
	}
	ok, wait := th.Allowed("alice|1.2.3.4")
	if ok || wait <= 0 || wait > time.Minute {
		t.Fatalf("after 3 failures: allowed=%v wait=%v", ok, wait)
	}
	if ok, _ := th.Allowed("bob|1.2.3.4"); !ok {
		t.Fatal("another key is throttled")
	}
	now = now.Add(61 * time.Second)
	if ok, _ := th.Allowed("alice|1.2.3.4"); !ok {
		t.Fatal("still throttled after the window")
	}
	th.Fail("alice|1.2.3.4")
	th.Reset("alice|1.2.3.4")
	if len(th.failures) != 0 {
		t.Fatal("Reset left failures behind")
	}
}

func TestThrottleTake(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	th := NewThrottle(2, time.Minute)
	th.Now = func() time.Time { return now }
	for i := 0; i < 2; i++ {
		if ok, _ := th.Take("1.2.3.4"); !ok {
			t.Fatalf("request %d refused before the limit", i+1)
		}
	}
	if ok, wait := th.Take("1.2.3.4"); ok || wait <= 0 {
		t.Fatalf("third request: allowed=%v wait=%v", ok, wait)
	}
	now = now.Add(61 * time.Second)
	if ok, _ := th.Take("1.2.3.4"); !ok {
		t.Fatal("still limited after the window")
	}
}

// TestCheckNone: a login that names no account is checked against a hash made with the real
// parameters, so it costs what a wrong password costs, and it always fails.
func TestCheckNone(t *testing.T) {
	if !strings.HasPrefix(noAccount(), "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("the hash of no account, %q, is not made with the real parameters", noAccount())
	}
	for _, pw := range []string{"", "no account", "正确的密码"} {
		if err := CheckNone(pw); err != ErrMismatch {
			t.Errorf("CheckNone(%q) = %v, want ErrMismatch", pw, err)
		}
	}
	// It must also spend what a wrong password costs: one derivation.
	if n := derivations(func() { CheckNone("错误的密码") }); n != 1 {
		t.Errorf("CheckNone made %d argon2id derivations, want 1", n)
	}
}

// derivations counts the argon2id derivations with the real parameters that f makes, by the
// memory they allocate (each allocates its 64 MiB afresh): a count that does not depend on the
// machine's speed, as a timing would. The package's tests do not run in parallel.
func derivations(f func()) int {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int((after.TotalAlloc - before.TotalAlloc) / (argonMemory * 1024))
}

// TestTestParameters: a test binary may make cheap hashes, which record their parameters and
// check as any other; the real parameters come back for the rest of this package's tests.
func TestTestParameters(t *testing.T) {
	saved := argonParams
	defer func() { argonParams = saved }()
	UseTestParameters()
	h, err := HashPassword("正确的密码")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("a test hash %q does not record its parameters", h)
	}
	if CheckPassword(h, "正确的密码") != nil || CheckPassword(h, "错误的密码") != ErrMismatch {
		t.Fatal("a test hash does not check as a hash")
	}
}
