package web

import (
	"net/http"

	"seedbed"
	"seedbed/i18n"
)

// helpTopics lists the topics of the help page in order; each is the catalogue's
// help.TOPIC.title and help.TOPIC.p1… and the page's anchor #TOPIC.
var helpTopics = []struct {
	ID    string
	Paras int
}{
	{"scores", 3}, {"lottery", 2}, {"momentum", 2}, {"complacency", 2}, {"impact", 2},
	{"concentration", 2}, {"ecosystem", 2}, {"lab", 2}, {"ledger", 2}, {"exemption", 2},
}

// helpRoutes lists the help page: the methods behind the figures, for everyone.
func (s *Server) helpRoutes() []route {
	return []route{ui("GET", "/help", seedbed.PermPublic, s.helpPage)}
}

type helpTopic struct {
	ID, Title string
	Paras     []string
}

func (s *Server) helpPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var topics []helpTopic
	for _, t := range helpTopics {
		h := helpTopic{ID: t.ID, Title: i18n.T(c.Lang, "help."+t.ID+".title")}
		for i := 1; i <= t.Paras; i++ {
			h.Paras = append(h.Paras, i18n.T(c.Lang, "help."+t.ID+".p"+string(rune('0'+i))))
		}
		topics = append(topics, h)
	}
	return s.render(w, r, "help", i18n.T(c.Lang, "help.title"), topics)
}
