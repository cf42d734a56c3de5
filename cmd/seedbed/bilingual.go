package main

import (
	"strings"

	"seedbed"
)

// bilingual writes a text for the terminal in both languages, Chinese first: the command line
// has no language setting, so it shows both.
func bilingual(l seedbed.Label) string {
	if l.En == "" || l.En == l.Zh {
		return l.Zh
	}
	return l.Zh + " / " + l.En
}

// bilingualList joins texts in each language, then writes them as bilingual does.
func bilingualList(ls []seedbed.Label, sep string) string {
	var zh, en []string
	for _, l := range ls {
		zh, en = append(zh, l.Zh), append(en, l.In("en"))
	}
	return bilingual(seedbed.Label{Zh: strings.Join(zh, sep), En: strings.Join(en, sep)})
}
