// Package mailtest is a minimal SMTP server for tests: it accepts mail on a local port, keeps
// what it received, and can refuse the next deliveries to show that failures are retried.
package mailtest

import (
	"encoding/base64"
	"io"
	"mime"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"sync"
)

// Message is one message the server accepted.
type Message struct {
	From, To string
	Subject  string // decoded
	Body     string // decoded
	Raw      string
}

// Server is a running test SMTP server. Close it when done.
type Server struct {
	Addr string
	ln   net.Listener
	mu   sync.Mutex
	msgs []Message
	fail int // refuse this many more deliveries with 451
	wg   sync.WaitGroup
}

// Start listens on a free local port.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// FailNext makes the server refuse the next n deliveries (a relay that is down for a while).
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	s.fail = n
	s.mu.Unlock()
}

// Messages returns what the server accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Close stops the server.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.wg.Wait()
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serve(c)
		}()
	}
}

func (s *Server) serve(c net.Conn) {
	defer c.Close()
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 mailtest ready")
	var m Message
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch {
		case verb == "EHLO" || verb == "HELO":
			tp.PrintfLine("250 mailtest")
		case strings.HasPrefix(strings.ToUpper(line), "MAIL FROM:"):
			m = Message{From: strings.Trim(line[len("MAIL FROM:"):], " <>")}
			tp.PrintfLine("250 ok")
		case strings.HasPrefix(strings.ToUpper(line), "RCPT TO:"):
			s.mu.Lock()
			refuse := s.fail > 0
			if refuse {
				s.fail--
			}
			s.mu.Unlock()
			if refuse {
				tp.PrintfLine("451 try again later")
				continue
			}
			m.To = strings.Trim(line[len("RCPT TO:"):], " <>")
			tp.PrintfLine("250 ok")
		case verb == "DATA":
			tp.PrintfLine("354 go ahead")
			raw, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			m.Raw = string(raw)
			m.Subject, m.Body = decode(m.Raw)
			s.mu.Lock()
			s.msgs = append(s.msgs, m)
			s.mu.Unlock()
			tp.PrintfLine("250 queued")
		case verb == "RSET" || verb == "NOOP":
			tp.PrintfLine("250 ok")
		case verb == "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 not implemented")
		}
	}
}

// decode reads the subject and the base64 body of a message as mail.Compose writes it.
func decode(raw string) (subject, body string) {
	msg, err := netmail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return "", ""
	}
	subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	rest, _ := io.ReadAll(msg.Body)
	b, _ := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(rest)), ""))
	return subject, string(b)
}
