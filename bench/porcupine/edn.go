package main

// A small reader for the EDN that Jepsen histories use: maps, vectors, lists, sets,
// keywords, strings, integers, floats, nil, booleans, comments, tags and discards.
// Keywords come out as keyword values, map keys as their names without the colon.

import (
	"fmt"
	"strconv"
	"strings"
)

type keyword string

type ednReader struct {
	text string
	pos  int
	line int
}

func parseEdnForms(text string) ([]any, error) {
	r := &ednReader{text: text, line: 1}
	var forms []any
	for {
		r.skip()
		if r.pos >= len(r.text) {
			return forms, nil
		}
		form, discard, err := r.form()
		if err != nil {
			return nil, err
		}
		if !discard {
			forms = append(forms, form)
		}
	}
}

func (r *ednReader) fail(format string, args ...any) error {
	return fmt.Errorf("line %d: %s", r.line, fmt.Sprintf(format, args...))
}

func (r *ednReader) skip() {
	for r.pos < len(r.text) {
		c := r.text[r.pos]
		switch {
		case c == '\n':
			r.line++
			r.pos++
		case c == ' ' || c == '\t' || c == '\r' || c == ',':
			r.pos++
		case c == ';':
			for r.pos < len(r.text) && r.text[r.pos] != '\n' {
				r.pos++
			}
		default:
			return
		}
	}
}

// form reads one form; discard is true for `#_ form`.
func (r *ednReader) form() (value any, discard bool, err error) {
	r.skip()
	if r.pos >= len(r.text) {
		return nil, false, r.fail("unexpected end of input")
	}
	switch c := r.text[r.pos]; c {
	case '[', '(':
		r.pos++
		items, err := r.items(map[byte]byte{'[': ']', '(': ')'}[c])
		return items, false, err
	case '{':
		r.pos++
		items, err := r.items('}')
		if err != nil {
			return nil, false, err
		}
		return toMap(items), false, nil
	case '#':
		r.pos++
		if r.pos < len(r.text) && r.text[r.pos] == '_' {
			r.pos++
			_, _, err := r.form()
			return nil, true, err
		}
		if r.pos < len(r.text) && r.text[r.pos] == '{' {
			r.pos++
			items, err := r.items('}')
			return items, false, err
		}
		r.token() // the tag's name; the tagged form is read as it is
		value, _, err := r.form()
		return value, false, err
	case '"':
		s, err := r.str()
		return s, false, err
	default:
		return atom(r.token()), false, nil
	}
}

func (r *ednReader) items(closer byte) ([]any, error) {
	var items []any
	for {
		r.skip()
		if r.pos >= len(r.text) {
			return nil, r.fail("expected %q before the end of input", closer)
		}
		if r.text[r.pos] == closer {
			r.pos++
			return items, nil
		}
		item, discard, err := r.form()
		if err != nil {
			return nil, err
		}
		if !discard {
			items = append(items, item)
		}
	}
}

func (r *ednReader) token() string {
	start := r.pos
	for r.pos < len(r.text) && !strings.ContainsRune(" \t\r\n,;[](){}\"", rune(r.text[r.pos])) {
		r.pos++
	}
	return r.text[start:r.pos]
}

func (r *ednReader) str() (string, error) {
	var b strings.Builder
	for r.pos++; r.pos < len(r.text); r.pos++ {
		c := r.text[r.pos]
		switch {
		case c == '"':
			r.pos++
			return b.String(), nil
		case c == '\\' && r.pos+1 < len(r.text):
			r.pos++
			escaped := r.text[r.pos]
			if replacement, ok := map[byte]byte{'n': '\n', 't': '\t', 'r': '\r'}[escaped]; ok {
				escaped = replacement
			}
			b.WriteByte(escaped)
		default:
			if c == '\n' {
				r.line++
			}
			b.WriteByte(c)
		}
	}
	return "", r.fail("unterminated string")
}

func atom(token string) any {
	switch {
	case token == "nil":
		return nil
	case token == "true":
		return true
	case token == "false":
		return false
	case strings.HasPrefix(token, ":"):
		return keyword(token[1:])
	}
	if n, err := strconv.ParseInt(strings.TrimSuffix(token, "N"), 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(strings.TrimSuffix(token, "M"), 64); err == nil {
		return f
	}
	return token // a symbol
}

func toMap(items []any) map[string]any {
	m := make(map[string]any, len(items)/2)
	for i := 0; i+1 < len(items); i += 2 {
		key := fmt.Sprint(items[i])
		m[key] = items[i+1]
	}
	return m
}
