// Command seedbed-load is the load benchmark: it drives a running seedbed server over HTTP, as
// people would, with many concurrent sessions for a fixed time, and reports how many requests
// failed and the latency percentiles of pages, API reads and writes.
//
// Browsing sessions each sign in through the sign-in form (their own session cookie) and then, in
// a loop with a pause between requests, open a page (home, the registry with and without a
// search, an innovator, programs, awards, monitoring) or call the API with a token (registry
// search with two-character Chinese terms, code prefixes and filters, an innovator, awards,
// programs). Writing sessions register a new innovator through the API in the same rhythm. Every
// response other than 200 or 201, and every transport error, is an error.
//
//	seedbed demo --size 100000 --no-serve --data DIR
//	seedbed token create --data DIR --user admin           # prints the token
//	seedbed serve --data DIR --addr 127.0.0.1:18700 &
//	go run ./cmd/seedbed-load -url http://127.0.0.1:18700 -token TOKEN -browse 200 -write 20 -duration 60s
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type config struct {
	base             string
	user, password   string
	token            string
	browse, write    int
	duration         time.Duration
	pauseMin, pauseM time.Duration
}

// sample is one request's class, latency and outcome.
type sample struct {
	class string
	path  string
	d     time.Duration
	err   string
}

type recorder struct {
	mu      sync.Mutex
	samples []sample
}

func (r *recorder) add(s sample) {
	r.mu.Lock()
	r.samples = append(r.samples, s)
	r.mu.Unlock()
}

func main() {
	var c config
	flag.StringVar(&c.base, "url", "http://127.0.0.1:8080", "the server's address")
	flag.StringVar(&c.user, "user", "officer", "the account browsing sessions sign in as")
	flag.StringVar(&c.password, "password", "seedbed-demo", "its password")
	flag.StringVar(&c.token, "token", "", "an API token (an administrator's or officer's) for API reads and writes")
	flag.IntVar(&c.browse, "browse", 200, "browsing sessions")
	flag.IntVar(&c.write, "write", 20, "writing sessions")
	flag.DurationVar(&c.duration, "duration", 60*time.Second, "how long to run")
	flag.DurationVar(&c.pauseMin, "pause-min", 500*time.Millisecond, "shortest pause between a session's requests")
	flag.DurationVar(&c.pauseM, "pause-max", 1500*time.Millisecond, "longest pause between a session's requests")
	flag.Parse()
	if c.token == "" {
		fmt.Fprintln(os.Stderr, "seedbed-load: -token is required (seedbed token create --user admin)")
		os.Exit(2)
	}
	if err := run(c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "seedbed-load:", err)
		os.Exit(1)
	}
}

func run(c config, out io.Writer) error {
	ctx := context.Background()
	transport := &http.Transport{MaxIdleConns: 1000, MaxIdleConnsPerHost: 1000, IdleConnTimeout: time.Minute}
	api := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	ids, err := innovatorIDs(ctx, api, c)
	if err != nil {
		return fmt.Errorf("reading innovator ids: %w", err)
	}
	// sign every browsing session in before the clock starts
	clients := make([]*http.Client, c.browse)
	for i := range clients {
		jar, _ := cookiejar.New(nil)
		clients[i] = &http.Client{Transport: transport, Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		form := url.Values{"username": {c.user}, "password": {c.password}}
		resp, err := clients[i].PostForm(c.base+"/login", form)
		if err != nil {
			return fmt.Errorf("sign-in %d: %w", i, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
			return fmt.Errorf("sign-in %d: status %d", i, resp.StatusCode)
		}
	}
	rec := &recorder{}
	stop := time.Now().Add(c.duration)
	var wg sync.WaitGroup
	var seq atomic.Int64
	started := time.Now()
	for i := range c.browse {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 1))
			pause(r, c) // spread the sessions' first requests
			for time.Now().Before(stop) {
				if r.IntN(2) == 0 {
					p := pagePath(r, ids)
					rec.add(do(clients[i], "GET", c.base+p, "", nil, "page", p))
				} else {
					p := apiPath(r, ids)
					rec.add(do(api, "GET", c.base+p, c.token, nil, "api", p))
				}
				pause(r, c)
			}
		}()
	}
	for i := range c.write {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 2))
			pause(r, c)
			for time.Now().Before(stop) {
				n := seq.Add(1)
				body, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("负载测试创新团队%d-%d-%d", started.Unix(), i, n),
					"kind": "team", "field": "ai", "region": "杭州市西湖区", "founded_year": 2024})
				rec.add(do(api, "POST", c.base+"/api/v1/innovators", c.token, body, "write", "/api/v1/innovators"))
				pause(r, c)
			}
		}()
	}
	wg.Wait()
	report(out, rec.samples, time.Since(started), c)
	for _, s := range rec.samples {
		if s.err != "" {
			return fmt.Errorf("%d errors", countErrors(rec.samples))
		}
	}
	return nil
}

func pause(r *rand.Rand, c config) {
	d := c.pauseMin
	if c.pauseM > c.pauseMin {
		d += time.Duration(r.Int64N(int64(c.pauseM - c.pauseMin)))
	}
	time.Sleep(d)
}

// terms are searches people type: two-character Chinese terms, a longer name, code prefixes.
var terms = []string{"智能", "人才", "补贴", "科技", "杭州", "生物", "智能科技", "9133", "91330", "深度求索"}

func pagePath(r *rand.Rand, ids []int64) string {
	id := ids[r.IntN(len(ids))]
	switch r.IntN(9) {
	case 0:
		return "/"
	case 1:
		return "/innovators"
	case 2, 3:
		return "/innovators?q=" + url.QueryEscape(terms[r.IntN(len(terms))])
	case 4:
		return fmt.Sprintf("/innovators/%d", id)
	case 5:
		return "/programs"
	case 6:
		return "/awards"
	case 7:
		return "/innovators?field=ai&size=micro&page=" + fmt.Sprint(1+r.IntN(20))
	default:
		return "/monitoring"
	}
}

func apiPath(r *rand.Rand, ids []int64) string {
	id := ids[r.IntN(len(ids))]
	switch r.IntN(7) {
	case 0, 1, 2:
		return "/api/v1/innovators?q=" + url.QueryEscape(terms[r.IntN(len(terms))])
	case 3:
		return "/api/v1/innovators?kind=team&field=robotics&page=" + fmt.Sprint(1+r.IntN(50))
	case 4:
		return fmt.Sprintf("/api/v1/innovators/%d", id)
	case 5:
		return "/api/v1/awards?per_page=20"
	default:
		return "/api/v1/programs"
	}
}

func do(cl *http.Client, method, u, token string, body []byte, class, path string) sample {
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(string(body))
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		return sample{class: class, path: path, err: err.Error()}
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := cl.Do(req)
	if err != nil {
		return sample{class: class, path: path, d: time.Since(start), err: err.Error()}
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	s := sample{class: class, path: path, d: time.Since(start)}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		s.err = fmt.Sprintf("status %d", resp.StatusCode)
	}
	return s
}

// innovatorIDs reads a few hundred innovator ids to open.
func innovatorIDs(ctx context.Context, cl *http.Client, c config) ([]int64, error) {
	var ids []int64
	for page := 1; page <= 5; page++ {
		req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/innovators?per_page=100&page=%d", c.base, page*7), nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := cl.Do(req)
		if err != nil {
			return nil, err
		}
		var body struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("status %d", resp.StatusCode)
		}
		for _, it := range body.Items {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("the registry is empty")
	}
	return ids, nil
}

func countErrors(ss []sample) int {
	n := 0
	for _, s := range ss {
		if s.err != "" {
			n++
		}
	}
	return n
}

func report(out io.Writer, ss []sample, took time.Duration, c config) {
	fmt.Fprintf(out, "%d browsing and %d writing sessions for %s against %s: %d requests (%.0f/s), %d errors\n",
		c.browse, c.write, took.Round(time.Second), c.base, len(ss), float64(len(ss))/took.Seconds(), countErrors(ss))
	errs := map[string]int{}
	for _, class := range []string{"page", "api", "write"} {
		var d []time.Duration
		for _, s := range ss {
			if s.class == class {
				d = append(d, s.d)
				if s.err != "" {
					errs[class+" "+s.path+": "+s.err]++
				}
			}
		}
		if len(d) == 0 {
			continue
		}
		slices.Sort(d)
		p := func(q float64) float64 { return quantileMS(d, q) }
		fmt.Fprintf(out, "  %-5s n=%-6d p50=%6.1fms p95=%6.1fms p99=%6.1fms max=%7.1fms\n", class, len(d), p(0.5), p(0.95), p(0.99), p(1))
	}
	// the slowest paths, for reading a miss
	per := map[string][]time.Duration{}
	for _, s := range ss {
		k := s.class + " " + pathShape(s.path)
		per[k] = append(per[k], s.d)
	}
	keys := make([]string, 0, len(per))
	for k := range per {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		d := per[k]
		slices.Sort(d)
		fmt.Fprintf(out, "    %-32s n=%-6d p50=%6.1fms p99=%6.1fms\n", k, len(d), quantileMS(d, 0.5), quantileMS(d, 0.99))
	}
	for e, n := range errs {
		fmt.Fprintf(out, "  error ×%d: %s\n", n, e)
	}
}

// quantileMS is the q-quantile of the sorted durations d by the nearest rank, in milliseconds.
func quantileMS(d []time.Duration, q float64) float64 {
	i := int(math.Ceil(q*float64(len(d)))) - 1
	i = max(0, min(len(d)-1, i))
	return float64(d[i].Microseconds()) / 1000
}

// pathShape is a request's path without its query and with each number as N, so that the
// requests for one kind of page are counted together.
func pathShape(path string) string {
	parts := strings.Split(strings.SplitN(path, "?", 2)[0], "/")
	for i, part := range parts {
		if _, err := strconv.ParseInt(part, 10, 64); err == nil {
			parts[i] = "N"
		}
	}
	return strings.Join(parts, "/")
}
