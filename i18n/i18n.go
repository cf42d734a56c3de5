// Package i18n is seedbed's message catalogue: every string the user interface shows, in Chinese
// (the default) and English. Messages are looked up by key; a key missing from a language falls
// back to Chinese, and a test keeps both languages complete. It depends on nothing of ours and
// knows nothing of HTTP: the web server decides a request's language.
package i18n

import "fmt"

// Languages.
const (
	Zh = "zh"
	En = "en"
)

// catalogues maps language to key to message. Messages may hold fmt verbs.
var catalogues = map[string]map[string]string{Zh: zh, En: en}

// T returns the message for key in lang, formatted with args.
func T(lang, key string, args ...any) string {
	msg, ok := catalogues[lang][key]
	if !ok {
		msg, ok = zh[key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether key is in the Chinese catalogue.
func Has(key string) bool { _, ok := zh[key]; return ok }

// Keys returns every key of a language's catalogue (for tests).
func Keys(lang string) []string {
	var ks []string
	for k := range catalogues[lang] {
		ks = append(ks, k)
	}
	return ks
}

// Register adds messages to the catalogues; modules call it from init to bring their own text.
// A key registered twice panics, so modules cannot silently override each other.
func Register(lang string, msgs map[string]string) {
	cat := catalogues[lang]
	if cat == nil {
		panic("i18n: unknown language " + lang)
	}
	for k, v := range msgs {
		if _, dup := cat[k]; dup {
			panic("i18n: duplicate key " + k)
		}
		cat[k] = v
	}
}
