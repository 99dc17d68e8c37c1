package expression

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// DecodeJSON decodes JSON into the engine's value set: objects become *Map
// (key order kept), arrays []any, integers int64 (or *big.Int when they do not
// fit), numbers with a fraction or exponent float64.
func DecodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return nil, errors.New("invalid JSON: unexpected data after the top-level value")
		}
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("invalid JSON: unexpected end of input")
		}
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	return decodeFrom(dec, tok)
}

func decodeFrom(dec *json.Decoder, tok json.Token) (any, error) {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := NewMap(4)
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, fmt.Errorf("invalid JSON: %w", err)
				}
				k, ok := kt.(string)
				if !ok {
					return nil, errors.New("invalid JSON: object key is not a string")
				}
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				m.Set(k, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("invalid JSON: %w", err)
			}
			return m, nil
		case '[':
			list := make([]any, 0, 4)
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("invalid JSON: %w", err)
			}
			return list, nil
		}
		return nil, fmt.Errorf("invalid JSON: unexpected %q", rune(t))
	case json.Number:
		return parseJSONNumber(string(t))
	default:
		return t, nil // string, bool, nil
	}
}

// parseJSONNumber keeps the number's form: no '.'/exponent → integer.
func parseJSONNumber(s string) (any, error) {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i, nil
		}
		if b, ok := new(big.Int).SetString(s, 10); ok {
			return b, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("invalid JSON number %q", s)
	}
	return f, nil
}

// toJSON renders a value as compact JSON the way Kestra's Jackson mapper
// does: no HTML escaping, no spaces, numbers as Java prints them.
func toJSON(v any) string {
	return string(appendJSON(nil, v))
}

// maxWriteNodes bounds the values one write visits: values built from
// shared parts ({% set a = [a, a] %}) can be exponentially large.
const maxWriteNodes = 4 << 20

// writeBudget counts the nodes a write may still visit.
type writeBudget struct{ nodes int }

func newBudget() *writeBudget { return &writeBudget{nodes: maxWriteNodes} }

// exhausted reports (and spends one node) whether the write must stop.
func (w *writeBudget) exhausted(b []byte) bool {
	w.nodes--
	return w.nodes < 0 || len(b) > maxOutputLen
}

func (w *writeBudget) over(b []byte) bool { return w.nodes < 0 || len(b) > maxOutputLen }

var errTooLarge = errors.New("Rendered output is too large")

// appendJSON writes v as JSON; past the write budget the output is cut.
func appendJSON(b []byte, v any) []byte { return appendJSONB(b, v, newBudget()) }

// toJSONChecked is toJSON failing when the value is too large to write.
func toJSONChecked(v any) (string, error) {
	w := newBudget()
	b := appendJSONB(nil, v, w)
	if w.over(b) {
		return "", errTooLarge
	}
	return string(b), nil
}

func appendJSONB(b []byte, v any, w *writeBudget) []byte {
	if w.exhausted(b) {
		return b
	}
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b = append(b, '"')
			b = appendJavaDouble(b, x)
			return append(b, '"')
		}
		return appendJavaDouble(b, x)
	case *big.Int:
		return x.Append(b, 10)
	case string:
		return appendJSONString(b, x)
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONB(b, e, w)
		}
		return append(b, ']')
	case *Map, map[string]any:
		b = append(b, '{')
		first := true
		mapRange(x, func(k string, e any) bool {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = appendJSONB(b, e, w)
			return true
		})
		return append(b, '}')
	case mapEntry:
		b = append(b, '{')
		b = appendJSONString(b, x.key)
		b = append(b, ':')
		b = appendJSONB(b, x.value, w)
		return append(b, '}')
	case *loopState:
		return appendJSONB(b, x.asMap(), w)
	case time.Time:
		return appendJSONString(b, isoInstant(x))
	}
	n := normalize(v)
	if fmt.Sprintf("%T", n) != fmt.Sprintf("%T", v) {
		return appendJSONB(b, n, w)
	}
	return appendJSONString(b, fmt.Sprint(v))
}

const hexDigits = "0123456789ABCDEF"

func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJavaDouble prints f as Java's Double.toString does: "42.0", "1.123",
// "1.0E7", "1.0E-4", "NaN", "Infinity".
func appendJavaDouble(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	case f == 0:
		if math.Signbit(f) {
			return append(b, "-0.0"...)
		}
		return append(b, "0.0"...)
	}
	if f < 0 {
		b = append(b, '-')
		f = -f
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64) // d.ddde±xx
	mant, expPart, _ := bytes.Cut(e, []byte{'e'})
	exp, _ := strconv.Atoi(string(expPart))
	var digits []byte
	digits = append(digits, mant[0])
	if len(mant) > 2 {
		digits = append(digits, mant[2:]...)
	}
	if f >= 1e-3 && f < 1e7 {
		if exp >= 0 {
			for i := 0; i <= exp; i++ {
				if i < len(digits) {
					b = append(b, digits[i])
				} else {
					b = append(b, '0')
				}
			}
			b = append(b, '.')
			if exp+1 < len(digits) {
				b = append(b, digits[exp+1:]...)
			} else {
				b = append(b, '0')
			}
			return b
		}
		b = append(b, '0', '.')
		for i := 0; i < -exp-1; i++ {
			b = append(b, '0')
		}
		return append(b, digits...)
	}
	b = append(b, digits[0], '.')
	if len(digits) > 1 {
		b = append(b, digits[1:]...)
	} else {
		b = append(b, '0')
	}
	b = append(b, 'E')
	return strconv.AppendInt(b, int64(exp), 10)
}

// javaString renders v as Java's String.valueOf would (the form used by
// the ~ operator, join and string conversion): lists as "[a, b]", maps as
// "{k=v}", null as "null".
func javaString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case nil:
		return "null"
	}
	return string(appendJavaString(nil, v))
}

// appendJavaString writes v as Java's toString; past the write budget the
// output is cut.
func appendJavaString(b []byte, v any) []byte { return appendJavaStringB(b, v, newBudget()) }

// javaStringChecked is javaString failing when the value is too large.
func javaStringChecked(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	w := newBudget()
	b := appendJavaStringB(nil, v, w)
	if w.over(b) {
		return "", errTooLarge
	}
	return string(b), nil
}

func appendJavaStringB(b []byte, v any, w *writeBudget) []byte {
	if w.exhausted(b) {
		return b
	}
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return append(b, x...)
	case bool:
		return strconv.AppendBool(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		return appendJavaDouble(b, x)
	case *big.Int:
		return x.Append(b, 10)
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',', ' ')
			}
			b = appendJavaStringB(b, e, w)
		}
		return append(b, ']')
	case *Map, map[string]any:
		b = append(b, '{')
		first := true
		mapRange(x, func(k string, e any) bool {
			if !first {
				b = append(b, ',', ' ')
			}
			first = false
			b = append(b, k...)
			b = append(b, '=')
			b = appendJavaStringB(b, e, w)
			return true
		})
		return append(b, '}')
	case mapEntry:
		b = append(b, x.key...)
		b = append(b, '=')
		return appendJavaStringB(b, x.value, w)
	case *loopState:
		return appendJavaStringB(b, x.asMap(), w)
	case time.Time:
		return append(b, isoInstant(x)...)
	}
	n := normalize(v)
	if fmt.Sprintf("%T", n) != fmt.Sprintf("%T", v) {
		return appendJavaStringB(b, n, w)
	}
	return append(b, fmt.Sprint(v)...)
}

// shortString is javaString cut to a size fit for an error message.
func shortString(v any) string {
	const limit = 200
	var b []byte
	switch x := v.(type) {
	case string:
		b = []byte(x[:min(len(x), limit+1)])
	default:
		b = appendJavaStringLimit(nil, v, limit+1)
	}
	if len(b) > limit {
		return string(b[:limit]) + "…"
	}
	return string(b)
}

// appendJavaStringLimit is appendJavaString stopped after about limit bytes.
func appendJavaStringLimit(b []byte, v any, limit int) []byte {
	switch x := v.(type) {
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if len(b) > limit {
				return b
			}
			if i > 0 {
				b = append(b, ',', ' ')
			}
			b = appendJavaStringLimit(b, e, limit)
		}
		return append(b, ']')
	case *Map, map[string]any:
		b = append(b, '{')
		first := true
		mapRange(x, func(k string, e any) bool {
			if len(b) > limit {
				return false
			}
			if !first {
				b = append(b, ',', ' ')
			}
			first = false
			b = append(b, k...)
			b = append(b, '=')
			b = appendJavaStringLimit(b, e, limit)
			return true
		})
		return append(b, '}')
	case string:
		return append(b, x[:min(len(x), limit+1)]...)
	}
	return appendJavaString(b, v)
}

// appendOutputChecked is appendOutput failing when the value is too large.
func appendOutputChecked(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case string:
		if len(b)+len(x) > maxOutputLen {
			return b, errTooLarge
		}
		return append(b, x...), nil
	case nil:
		return b, nil
	}
	w := newBudget()
	var out []byte
	switch v.(type) {
	case []any, *Map, map[string]any, *loopState:
		out = appendJSONB(b, v, w)
	default:
		out = appendJavaStringB(b, v, w)
	}
	if w.over(out) {
		return b, errTooLarge
	}
	return out, nil
}

// appendOutput writes v as Kestra prints an expression result inside text:
// strings as-is, null as nothing, maps and lists as JSON, numbers as Java.
func appendOutput(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return b
	case string:
		return append(b, x...)
	case []any, *Map, map[string]any, *loopState:
		return appendJSON(b, x)
	}
	// a map entry is not a Map for Kestra's writer: it prints "key=value"
	return appendJavaString(b, v)
}

// ToJSON renders a value as Kestra prints JSON: compact, no HTML escaping,
// map keys in order, numbers as Java prints them (5.0 stays 5.0).
func ToJSON(v any) string { return toJSON(v) }
