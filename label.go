package seedbed

import "strings"

// Label is a text in the two working languages: Chinese first, English second.
type Label struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// In returns the label in lang ("en" gives English; anything else Chinese).
func (l Label) In(lang string) string {
	if lang == "en" && l.En != "" {
		return l.En
	}
	return l.Zh
}

// Option is one allowed value of a coded field with its labels.
type Option struct {
	Code  string
	Label Label
}

// OptionSet is the list of allowed values of a coded field, in display order.
type OptionSet []Option

// Has reports whether code is one of the set's values.
func (s OptionSet) Has(code string) bool {
	for _, o := range s {
		if o.Code == code {
			return true
		}
	}
	return false
}

// Label returns the labels of code, or the code itself when it is unknown.
func (s OptionSet) Label(code string) Label {
	for _, o := range s {
		if o.Code == code {
			return o.Label
		}
	}
	return Label{Zh: code, En: code}
}

// Parse maps a code or either label (as people type them in spreadsheets) to the code.
func (s OptionSet) Parse(text string) (string, bool) {
	for _, o := range s {
		if text == o.Code || text == o.Label.Zh || strings.EqualFold(text, o.Label.En) {
			return o.Code, true
		}
	}
	return "", false
}

// Codes lists the set's codes, for error messages.
func (s OptionSet) Codes() []string {
	out := make([]string, len(s))
	for i, o := range s {
		out[i] = o.Code
	}
	return out
}
