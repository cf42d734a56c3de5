package policy

import (
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// exprPosition maps a position inside an expression's text (CEL's 1-based line and 0-based
// column, both in characters) to the position in the policy file.
//
// The YAML value and the file text differ by indentation, folding, quotes and escapes, so the
// mapping aligns them: it walks the value's non-blank characters and finds each in the file
// after the previous one, skipping blanks and the few characters quoting adds. When the two
// cannot be aligned (an escape that changes a character, say) it gives the scalar's own position.
func exprPosition(src []byte, e Expr, line, col int) Pos {
	target := runeOffset(e.Text, line, col)
	lines := strings.Split(string(src), "\n")
	if e.Pos.Line < 1 || e.Pos.Line > len(lines) {
		return e.Pos
	}
	raw := make([][]rune, len(lines))
	for i, l := range lines {
		raw[i] = []rune(l)
	}
	// The cursor starts at the scalar; block scalars start on the next line.
	ln, cl := e.Pos.Line-1, e.Pos.Column-1
	if e.style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		ln, cl = ln+1, 0
	}
	value := []rune(e.Text)
	last := Pos{Line: ln + 1, Column: cl + 1}
	for i, r := range value {
		if unicode.IsSpace(r) {
			if i == target {
				return last
			}
			continue
		}
		l, c, ok := findRune(raw, ln, cl, r)
		if !ok {
			return e.Pos
		}
		if i == target {
			return Pos{Line: l + 1, Column: c + 1}
		}
		ln, cl = l, c+1
		last = Pos{Line: l + 1, Column: c + 2}
	}
	return last
}

// maxSkip bounds how many non-blank file characters may lie between two value characters
// (quotes and backslashes of escapes) before the alignment gives up.
const maxSkip = 3

// findRune finds r in raw at or after (ln, cl), skipping blanks and at most maxSkip others.
func findRune(raw [][]rune, ln, cl int, r rune) (int, int, bool) {
	skipped := 0
	for ln < len(raw) {
		for cl < len(raw[ln]) {
			c := raw[ln][cl]
			if c == r {
				return ln, cl, true
			}
			if !unicode.IsSpace(c) {
				skipped++
				if skipped > maxSkip {
					return 0, 0, false
				}
			}
			cl++
		}
		ln, cl = ln+1, 0
	}
	return 0, 0, false
}

// runeOffset converts CEL's (1-based line, 0-based column) into a character offset in text.
func runeOffset(text string, line, col int) int {
	if line < 1 {
		return 0
	}
	off := 0
	runes := []rune(text)
	for l := 1; l < line && off < len(runes); off++ {
		if runes[off] == '\n' {
			l++
		}
	}
	off += col
	if off > len(runes) {
		off = len(runes)
	}
	if off < 0 {
		off = 0
	}
	return off
}
