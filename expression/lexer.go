package expression

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokType uint8

const (
	tokEOF tokType = iota
	tokText
	tokPrintOpen  // {{
	tokPrintClose // }}
	tokExecOpen   // {%
	tokExecClose  // %}
	tokName
	tokNumber
	tokString // a string literal; parts set when it interpolates #{…}
	tokPunct  // operators and punctuation
)

func (t tokType) String() string {
	switch t {
	case tokEOF:
		return "end of template"
	case tokText:
		return "text"
	case tokPrintOpen:
		return `"{{"`
	case tokPrintClose:
		return `"}}"`
	case tokExecOpen:
		return `"{%"`
	case tokExecClose:
		return `"%}"`
	case tokName:
		return "name"
	case tokNumber:
		return "number"
	case tokString:
		return "string"
	}
	return "operator"
}

type token struct {
	typ   tokType
	val   string
	pos   int
	parts []strPart
}

// strPart is a piece of an interpolated string: literal text or the source
// range [start,end) of a #{…} expression.
type strPart struct {
	lit        string
	start, end int
	expr       bool
}

type lexer struct {
	src     string
	toks    []token
	keepRaw bool // keep {% raw %} tags in the output (render())
}

// rawTag matches Kestra's {% raw %}…{% endraw %} block. Kestra replaces
// these before Pebble sees the template, so their delimiters never trim
// whitespace. (Kestra's pattern stops at a line end; multi-line blocks are
// accepted here too.)
var rawTag = regexp.MustCompile(`^\{%-*\s*raw\s*-*%\}((?s:.*?))\{%-*\s*endraw\s*-*%\}`)

// rawTagAnywhere finds raw blocks left in rendered output.
var rawTagAnywhere = regexp.MustCompile(`\{%-*\s*raw\s*-*%\}(.*?)\{%-*\s*endraw\s*-*%\}`)

// stripRawTags is Kestra's last step of rendering: raw blocks still present
// in the output (for example returned by render()) are replaced by their
// content.
func stripRawTags(s string) string {
	if !strings.Contains(s, "{%") {
		return s
	}
	return rawTagAnywhere.ReplaceAllString(s, "$1")
}

// lexTemplate splits a template into text and expression tokens, applying
// whitespace control and dropping comments.
func lexTemplate(src string, keepRaw bool) ([]token, error) {
	lx := &lexer{src: src, toks: make([]token, 0, 16), keepRaw: keepRaw}
	pos := 0
	trimNext := false
	for pos < len(src) {
		idx := nextOpen(src, pos)
		if idx < 0 {
			lx.text(src[pos:], pos, trimNext, false)
			break
		}
		if src[idx+1] == '%' {
			if m := rawTag.FindStringSubmatchIndex(src[idx:]); m != nil {
				lx.text(src[pos:idx], pos, trimNext, false)
				trimNext = false
				if keepRaw {
					lx.text(src[idx:idx+m[1]], idx, false, false)
				} else {
					lx.text(src[idx+m[2]:idx+m[3]], idx+m[2], false, false)
				}
				pos = idx + m[1]
				continue
			}
		}
		dash := idx+2 < len(src) && src[idx+2] == '-'
		lx.text(src[pos:idx], pos, trimNext, dash)
		trimNext = false
		p := idx + 2
		if dash {
			p++
		}
		switch src[idx+1] {
		case '#':
			end := strings.Index(src[p:], "#}")
			if end < 0 {
				return nil, syntaxErrorf(idx, "Unclosed comment: missing \"#}\"")
			}
			end += p
			trimNext = end > p && src[end-1] == '-'
			pos = end + 2
		case '{':
			lx.toks = append(lx.toks, token{typ: tokPrintOpen, pos: idx})
			np, trim, err := lx.lexExpr(p, len(src), "}}")
			if err != nil {
				return nil, err
			}
			pos, trimNext = np, trim
		case '%':
			if np, trim, ok, err := lx.lexVerbatim(p, idx); err != nil {
				return nil, err
			} else if ok {
				pos, trimNext = np, trim
				continue
			}
			lx.toks = append(lx.toks, token{typ: tokExecOpen, pos: idx})
			np, trim, err := lx.lexExpr(p, len(src), "%}")
			if err != nil {
				return nil, err
			}
			pos, trimNext = np, trim
		}
	}
	lx.toks = append(lx.toks, token{typ: tokEOF, pos: len(src)})
	return lx.toks, nil
}

func nextOpen(src string, from int) int {
	for {
		i := strings.IndexByte(src[from:], '{')
		if i < 0 {
			return -1
		}
		i += from
		if i+1 < len(src) {
			switch src[i+1] {
			case '{', '%', '#':
				return i
			}
		}
		from = i + 1
	}
}

func (lx *lexer) text(s string, pos int, trimLeft, trimRight bool) {
	if trimLeft {
		t := strings.TrimLeftFunc(s, unicode.IsSpace)
		pos += len(s) - len(t)
		s = t
	}
	if trimRight {
		s = strings.TrimRightFunc(s, unicode.IsSpace)
	}
	if s != "" {
		lx.toks = append(lx.toks, token{typ: tokText, val: s, pos: pos})
	}
}

// lexVerbatim handles {% verbatim %}…{% endverbatim %} (and a raw block
// whose end tag is missing, to report it): the content is kept as text.
func (lx *lexer) lexVerbatim(p, open int) (int, bool, bool, error) {
	src := lx.src
	q := skipSpace(src, p)
	name := ""
	for _, n := range [...]string{"raw", "verbatim"} {
		if strings.HasPrefix(src[q:], n) {
			name = n
			break
		}
	}
	if name == "" {
		return 0, false, false, nil
	}
	q = skipSpace(src, q+len(name))
	trimInner := false
	if strings.HasPrefix(src[q:], "-%}") {
		trimInner = true
		q += 3
	} else if strings.HasPrefix(src[q:], "%}") {
		q += 2
	} else {
		return 0, false, false, nil
	}
	endName := "end" + name
	for search := q; ; {
		i := strings.Index(src[search:], "{%")
		if i < 0 {
			return 0, false, false, syntaxErrorf(open, "Unexpected end of template. Pebble was looking for the \"%s\" tag", endName)
		}
		i += search
		r := i + 2
		dash := r < len(src) && src[r] == '-'
		if dash {
			r++
		}
		r = skipSpace(src, r)
		if strings.HasPrefix(src[r:], endName) {
			r = skipSpace(src, r+len(endName))
			trimAfter := false
			if strings.HasPrefix(src[r:], "-%}") {
				trimAfter = true
				r += 3
			} else if strings.HasPrefix(src[r:], "%}") {
				r += 2
			} else {
				search = i + 2
				continue
			}
			lx.text(src[q:i], q, trimInner, dash)
			return r, trimAfter, true, nil
		}
		search = i + 2
	}
}

func skipSpace(src string, p int) int {
	for p < len(src) {
		r, n := utf8.DecodeRuneInString(src[p:])
		if !unicode.IsSpace(r) {
			break
		}
		p += n
	}
	return p
}

// three- and two-character operators, longest first.
var multiOps = [...]string{"???", "??", "==", "!=", "<=", ">=", ".."}

const singleOps = "+-*/%~|=?:,.()[]{}<>"

// lexExpr lexes the inside of {{ }} or {% %} up to the closing delimiter
// (close) or, when close is empty, up to end. It returns the position after
// the delimiter and whether it asked to trim the following text.
func (lx *lexer) lexExpr(p, end int, close string) (int, bool, error) {
	src := lx.src
	depth := 0
	for {
		p = skipSpace(src, p)
		if p >= end {
			if close == "" {
				return p, false, nil
			}
			return p, false, syntaxErrorf(p, "Unexpected end of template: missing %q", close)
		}
		if close != "" && depth == 0 {
			if strings.HasPrefix(src[p:], close) {
				lx.toks = append(lx.toks, token{typ: closeType(close), pos: p})
				return p + len(close), false, nil
			}
			if src[p] == '-' && strings.HasPrefix(src[p+1:], close) {
				lx.toks = append(lx.toks, token{typ: closeType(close), pos: p})
				return p + 1 + len(close), true, nil
			}
		}
		c := src[p]
		switch {
		case c == '\'' || c == '"':
			np, err := lx.lexString(p, end)
			if err != nil {
				return p, false, err
			}
			p = np
		case c >= '0' && c <= '9':
			q := p
			for q < end && src[q] >= '0' && src[q] <= '9' {
				q++
			}
			if q+1 < end && src[q] == '.' && src[q+1] >= '0' && src[q+1] <= '9' {
				q++
				for q < end && src[q] >= '0' && src[q] <= '9' {
					q++
				}
			}
			lx.toks = append(lx.toks, token{typ: tokNumber, val: src[p:q], pos: p})
			if q < end && src[q] == 'L' && strings.IndexByte(src[p:q], '.') < 0 && !(q+1 < end && isNameStart(src, q+1)) {
				q++ // Pebble's long literal: 42L
			}
			p = q
		case isNameStart(src, p):
			q := p
			for q < end {
				r, n := utf8.DecodeRuneInString(src[q:])
				if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
					break
				}
				q += n
			}
			lx.toks = append(lx.toks, token{typ: tokName, val: src[p:q], pos: p})
			p = q
		default:
			op := ""
			for _, m := range multiOps {
				if strings.HasPrefix(src[p:end], m) {
					op = m
					break
				}
			}
			if op == "" && strings.IndexByte(singleOps, c) >= 0 {
				op = src[p : p+1]
			}
			if op == "" {
				r, _ := utf8.DecodeRuneInString(src[p:])
				return p, false, syntaxErrorf(p, "Unexpected character %q", r)
			}
			switch op {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth > 0 {
					depth--
				}
			}
			lx.toks = append(lx.toks, token{typ: tokPunct, val: op, pos: p})
			p += len(op)
		}
	}
}

func closeType(close string) tokType {
	if close == "}}" {
		return tokPrintClose
	}
	return tokExecClose
}

func isNameStart(src string, p int) bool {
	r, _ := utf8.DecodeRuneInString(src[p:])
	return r == '_' || unicode.IsLetter(r)
}

// lexString reads a quoted string as Pebble does: a plain string has its
// escaped quotes and doubled backslashes unescaped (other backslashes are
// kept, so regular expressions survive); a double-quoted string holding
// #{expression} is interpolated and its text parts are kept as written.
func (lx *lexer) lexString(p, end int) (int, error) {
	src := lx.src
	q := src[p]
	var parts []strPart
	litStart := p + 1
	i := p + 1
	for i < end {
		c := src[i]
		switch {
		case c == '\\' && i+1 < end:
			i += 2
			continue
		case c == q:
			tok := token{typ: tokString, pos: p}
			if parts == nil {
				raw := src[p+1 : i]
				raw = strings.ReplaceAll(raw, "\\"+string(q), string(q))
				tok.val = strings.ReplaceAll(raw, "\\\\", "\\")
			} else {
				if i > litStart {
					parts = append(parts, strPart{lit: src[litStart:i]})
				}
				tok.parts = parts
			}
			lx.toks = append(lx.toks, tok)
			return i + 1, nil
		case q == '"' && c == '#' && i+1 < end && src[i+1] == '{':
			close, err := matchBrace(src, i+2, end)
			if err != nil {
				return i, err
			}
			if parts == nil {
				parts = make([]strPart, 0, 4)
			}
			if i > litStart {
				parts = append(parts, strPart{lit: src[litStart:i]})
			}
			parts = append(parts, strPart{start: i + 2, end: close, expr: true})
			i = close + 1
			litStart = i
			continue
		}
		i++
	}
	return p, syntaxErrorf(p, "Unclosed string literal")
}

// matchBrace finds the '}' closing an interpolation that starts at from.
func matchBrace(src string, from, end int) (int, error) {
	depth := 0
	for i := from; i < end; i++ {
		switch c := src[i]; c {
		case '\'', '"':
			j := i + 1
			for j < end && src[j] != c {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i, nil
			}
			depth--
		}
	}
	return 0, syntaxErrorf(from-2, "Unclosed string interpolation: missing \"}\"")
}
