package main

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"seedbed/sqlstore/storetest"
)

// tcpProxy forwards connections to a PostgreSQL server, so that a test can take the database
// away from seedbed and give it back without touching the server other people use.
type tcpProxy struct {
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
}

func startProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	p := &tcpProxy{target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.forward(c)
		}
	}()
}

func (p *tcpProxy) forward(c net.Conn) {
	d, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil { // cut while dialling
		p.mu.Unlock()
		c.Close()
		d.Close()
		return
	}
	p.conns[c], p.conns[d] = true, true
	p.mu.Unlock()
	go func() { io.Copy(d, c); d.Close(); c.Close() }()
	io.Copy(c, d)
	c.Close()
	d.Close()
}

// cut closes the listening socket and every open connection: to seedbed the database server
// has gone away (connections reset, new ones refused), as when PostgreSQL restarts.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

// restore listens again on the same address.
func (p *tcpProxy) restore(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.serve(ln)
}

// TestPostgresOutageUnderLoad takes PostgreSQL away from a running `seedbed serve` while
// clients write: every request answers 503 with the "unavailable" code and a message saying
// so (never a 500), /healthz says unavailable, and once the database is back the same process
// serves writes again. Every write acknowledged before, during or after is kept, and the
// ledger verifies.
func TestPostgresOutageUnderLoad(t *testing.T) {
	dsn := os.Getenv("SEEDBED_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("SEEDBED_TEST_POSTGRES not set")
	}
	direct := storetest.FreshSchema(t, dsn)
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startProxy(t, u.Host)
	u.Host = proxy.addr
	data := t.TempDir()
	token := faultAccount(t, "--data", data, "--db", direct)
	srv := startServer(t, "--data", data, "--db", u.String())
	c := newAPIClient(srv.url, token)

	type phase struct {
		ack   []acked
		other []reply
	}
	load := func(d time.Duration) phase {
		stop := make(chan struct{})
		var ph phase
		done := make(chan struct{})
		go func() {
			ph.ack, ph.other = writeLoad(c, 6, "pg", stop)
			close(done)
		}()
		time.Sleep(d)
		close(stop)
		<-done
		return ph
	}

	before := load(time.Second)
	if len(before.ack) == 0 || len(before.other) > 0 {
		t.Fatalf("before the outage: %d acknowledged, %d refused %v", len(before.ack), len(before.other), before.other)
	}

	proxy.cut()
	down := load(2 * time.Second)
	if len(down.other) == 0 {
		t.Fatal("no request failed while the database was unreachable")
	}
	for _, r := range down.other {
		if r.status != http.StatusServiceUnavailable || r.errorCode() != "unavailable" ||
			!strings.Contains(r.raw, "数据库暂时无法连接") {
			t.Fatalf("while the database was unreachable a write answered %d: %.300s", r.status, r.raw)
		}
	}
	if r := c.do("GET", "/api/v1/innovators", nil); r.status != http.StatusServiceUnavailable || r.errorCode() != "unavailable" {
		t.Fatalf("a read while the database was unreachable: %d %.300s", r.status, r.raw)
	}
	if r := c.do("GET", "/healthz", nil); r.status != http.StatusServiceUnavailable {
		t.Fatalf("/healthz while the database was unreachable: %d %s", r.status, r.raw)
	}
	// A page, not only the API: the error page says so in words, with status 503.
	req, _ := http.NewRequest("GET", srv.url+"/innovators", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if resp, err := c.http.Do(req); err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a page while the database was unreachable: %v %v", resp, err)
	} else {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), "服务暂时不可用") || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("the error page while the database was unreachable: %s", b)
		}
	}

	proxy.restore(t)
	var after phase
	deadline := time.Now().Add(30 * time.Second)
	for len(after.ack) == 0 && time.Now().Before(deadline) {
		after = load(time.Second)
	}
	if len(after.ack) == 0 {
		t.Fatalf("writes did not succeed again within 30 s of the database coming back: %v; log %s", after.other, srv.stderr)
	}
	if !srv.running() {
		t.Fatal("seedbed serve exited during the outage")
	}
	settled := load(time.Second)
	if len(settled.other) > 0 {
		t.Fatalf("after the outage writes still fail: %d %.300s", settled.other[0].status, settled.other[0].raw)
	}
	if strings.Contains(srv.stderr.String(), "internal error") {
		t.Errorf("the outage was logged as an internal error:\n%s", srv.stderr)
	}
	all := append(append(append(before.ack, down.ack...), after.ack...), settled.ack...)
	checkAcked(t, c, all)
	srv.stop(t)
	if code, out, errOut := cli(t, "ledger", "verify", "--data", data, "--db", direct); code != 0 {
		t.Fatalf("ledger verify after the outage: exit %d\n%s%s", code, out, errOut)
	}
	t.Logf("outage: %d refused with 503; %d writes acknowledged in all and kept", len(down.other), len(all))
}
