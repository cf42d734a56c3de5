package main

// The fault tests drive the built binary, as an operator's server runs: they start `seedbed
// serve`, write through the API from several clients at once, and then kill the process, cut
// its database connection or fill its disk. This file holds what they share: the binary, a
// running server, and an API client that remembers every write the server acknowledged.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"seedbed/auth"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

// TestMain makes the in-process fixtures' password hashes cheap (auth.UseTestParameters; the
// built binary the fault tests run keeps the real ones), and removes what the tests built.
func TestMain(m *testing.M) {
	auth.UseTestParameters()
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	removeDemoTemplates()
	os.Exit(code)
}

// seedbedBinary builds the command once per test run and returns its path. Fault tests are
// skipped under -short, since the build takes a while on a busy machine.
func seedbedBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("fault tests build and run the binary; skipped with -short")
	}
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "seedbed-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "seedbed")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out.String())
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// lockedBuffer collects a process's output while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// server is a running `seedbed serve`.
type server struct {
	cmd    *exec.Cmd
	url    string
	stderr *lockedBuffer
	done   chan struct{}
}

// startServer starts `seedbed serve` with args (and an address the system picks) and waits
// until it listens. The process is killed when the test ends if it still runs.
func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	bin := seedbedBinary(t)
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--require-totp=false"}, args...)...)
	cmd.Env = append(os.Environ(), "SEEDBED_PASSWORD=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, stderr: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.done
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, after, ok := strings.Cut(sc.Text(), " listening on "); ok {
				addr <- strings.TrimSuffix(after, "/")
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() {
		cmd.Wait()
		close(s.done)
	}()
	select {
	case s.url = <-addr:
	case <-s.done:
		t.Fatalf("seedbed serve exited before listening: %s", s.stderr)
	case <-time.After(2 * time.Minute):
		t.Fatalf("seedbed serve did not listen within 2 minutes: %s", s.stderr)
	}
	return s
}

// kill ends the server with SIGKILL: no shutdown, no flush, as a power cut or the OOM killer.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-s.done
}

// stop ends the server the ordinary way (SIGTERM) and waits for it.
func (s *server) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		t.Fatal("seedbed serve did not stop within 30 s of SIGTERM")
	}
}

// running reports whether the process is still alive.
func (s *server) running() bool {
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

// apiClient calls the API with a bearer token.
type apiClient struct {
	base  string
	token string
	http  *http.Client
}

func newAPIClient(base, token string) *apiClient {
	return &apiClient{base: base, token: token, http: &http.Client{Timeout: 20 * time.Second}}
}

// reply is an API answer: the status (0 when no answer came) and the decoded body.
type reply struct {
	status int
	body   map[string]any
	raw    string
	err    error
}

func (c *apiClient) do(method, path string, body any) reply {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return reply{err: err}
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return reply{err: err}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, raw: string(b)}
	json.Unmarshal(b, &r.body)
	return r
}

// errorCode is the "code" of an API error body.
func (r reply) errorCode() string {
	if e, ok := r.body["error"].(map[string]any); ok {
		s, _ := e["code"].(string)
		return s
	}
	return ""
}

// acked is a write the server acknowledged: what was written and where it can be read back.
type acked struct {
	path  string // the record's API path
	field string // a field that must read back as written
	value string
}

// writeLoad runs writers goroutines that create innovators and, one write in eight, programs
// (whose terms are ledgered) until stop is closed; it returns every acknowledged write and the
// answers that were neither an acknowledgement nor a connection failure.
func writeLoad(c *apiClient, writers int, tag string, stop <-chan struct{}) (ack []acked, other []reply) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var r reply
				var a acked
				if i%8 == 7 {
					title := fmt.Sprintf("故障测试计划 %s-%d-%d", tag, w, i)
					r = c.do("POST", "/api/v1/programs", map[string]any{"title": title, "budget": 100000 + i,
						"deadline": "2099-01-01T00:00:00Z", "selection_mode": "ranked", "reviewers_per_app": 1,
						"stages": []map[string]any{{"name": "第一阶段", "share": 100, "months": 6, "milestone": "签署任务书"}}})
					a = acked{path: "/api/v1/programs/", field: "title", value: title}
				} else {
					name := fmt.Sprintf("故障测试团队 %s-%d-%d", tag, w, i)
					r = c.do("POST", "/api/v1/innovators", map[string]any{"name": name, "kind": "team", "field": "ai"})
					a = acked{path: "/api/v1/innovators/", field: "name", value: name}
				}
				mu.Lock()
				switch {
				case r.status == http.StatusCreated:
					id, _ := r.body["id"].(float64)
					a.path += fmt.Sprint(int64(id))
					ack = append(ack, a)
				case r.err == nil:
					other = append(other, r)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return ack, other
}

// checkAcked reads every acknowledged write back through the API.
func checkAcked(t *testing.T, c *apiClient, ack []acked) {
	t.Helper()
	var mu sync.Mutex
	var missing []string
	var wg sync.WaitGroup
	next := make(chan acked)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range next {
				r := c.do("GET", a.path, nil)
				if r.status != http.StatusOK || fmt.Sprint(r.body[a.field]) != a.value {
					mu.Lock()
					missing = append(missing, fmt.Sprintf("%s: %d %.200s", a.path, r.status, r.raw))
					mu.Unlock()
				}
			}
		}()
	}
	for _, a := range ack {
		next <- a
	}
	close(next)
	wg.Wait()
	if len(missing) > 0 {
		t.Fatalf("%d of %d acknowledged writes are lost, e.g. %v", len(missing), len(ack), missing[:min(5, len(missing))])
	}
}
