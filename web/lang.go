package web

import (
	"net/http"

	"seedbed"
	"seedbed/i18n"
)

// langOf picks the request's language: the "lang" query parameter, then the "lang" cookie that
// the switch sets; Chinese otherwise. The browser's Accept-Language is deliberately not
// consulted: the platform is Chinese first, and English is a choice the user makes.
func langOf(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == i18n.Zh || l == i18n.En {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == i18n.Zh || c.Value == i18n.En) {
		return c.Value
	}
	return i18n.Zh
}

// catalogue returns a catalogue message in both languages, for errors and other values that are
// shown later in a language not yet known.
func catalogue(key string, args ...any) seedbed.Label {
	return seedbed.Label{Zh: i18n.T(i18n.Zh, key, args...), En: i18n.T(i18n.En, key, args...)}
}
