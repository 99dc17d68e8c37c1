package expression

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Kestra's own filters (io.kestra.core.runners.pebble.filters).
func init() {
	f := builtinFilters
	f["chunk"] = &filterDef{params: []string{"size"}, fn: filterChunk}
	f["className"] = &filterDef{fn: filterClassName}
	f["escapeChar"] = &filterDef{params: []string{"type"}, fn: filterEscapeChar}
	toJSONFilter := &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) {
		s, err := toJSONChecked(in)
		if err != nil {
			return nil, fmt.Errorf("toJson: the value is too large")
		}
		return s, nil
	}}
	f["toJson"] = toJSONFilter
	f["json"] = toJSONFilter
	f["jsonEncode"] = toJSONFilter
	f["keys"] = &filterDef{fn: filterKeys}
	f["values"] = &filterDef{fn: filterValues}
	f["number"] = &filterDef{params: []string{"type"}, fn: filterNumber}
	f["urldecode"] = &filterDef{fn: filterURLDecode}
	f["slugify"] = &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) { return mapString(in, slugify), nil }}
	f["substringBefore"] = substringFilter(func(s, sep string) string {
		if i := strings.Index(s, sep); i >= 0 {
			return s[:i]
		}
		return s
	})
	f["substringBeforeLast"] = substringFilter(func(s, sep string) string {
		if i := strings.LastIndex(s, sep); i >= 0 {
			return s[:i]
		}
		return s
	})
	f["substringAfter"] = substringFilter(func(s, sep string) string {
		if i := strings.Index(s, sep); i >= 0 {
			return s[i+len(sep):]
		}
		return ""
	})
	f["substringAfterLast"] = substringFilter(func(s, sep string) string {
		if i := strings.LastIndex(s, sep); i >= 0 && sep != "" {
			return s[i+len(sep):]
		}
		return ""
	})
	f["flatten"] = &filterDef{fn: filterFlatten}
	f["indent"] = &filterDef{params: []string{"amount", "prefix"}, fn: func(_ *evalCtx, in any, args []any) (any, error) { return indent(in, args, false) }}
	f["nindent"] = &filterDef{params: []string{"amount", "prefix"}, fn: func(_ *evalCtx, in any, args []any) (any, error) { return indent(in, args, true) }}
	f["yaml"] = &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) { return toYAML(in) }}
	f["startsWith"] = &filterDef{params: []string{"prefix"}, fn: func(_ *evalCtx, in any, args []any) (any, error) {
		return affix(in, args, "startsWith", "prefix", strings.HasPrefix)
	}}
	f["endsWith"] = &filterDef{params: []string{"suffix"}, fn: func(_ *evalCtx, in any, args []any) (any, error) {
		return affix(in, args, "endsWith", "suffix", strings.HasSuffix)
	}}
	f["sha1"] = hashFilter(func(b []byte) []byte { s := sha1.Sum(b); return s[:] })
	f["sha512"] = hashFilter(func(b []byte) []byte { s := sha512.Sum512(b); return s[:] })
	f["md5"] = hashFilter(func(b []byte) []byte { s := md5.Sum(b); return s[:] })
	f["jq"] = &filterDef{params: []string{"expression"}, fn: filterJq}
	f["distinct"] = &filterDef{fn: filterDistinct}
	f["string"] = &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) {
		if in == nil {
			return nil, nil
		}
		b, err := appendOutputChecked(nil, in)
		if err != nil {
			return nil, err
		}
		return string(b), nil
	}}
}

func filterChunk(_ *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	if err := requireArg(args, 0, "chunk", "size"); err != nil {
		return nil, err
	}
	size, err := argInt(args, 0, "size", 1)
	if err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, fmt.Errorf("chunk: the size must be positive")
	}
	list, ok := in.([]any)
	if !ok {
		return nil, fmt.Errorf("chunk: the input must be a list, got [%s]", shortString(in))
	}
	out := make([]any, 0, (int64(len(list))+size-1)/size)
	for i := int64(0); i < int64(len(list)); i += size {
		end := min(i+size, int64(len(list)))
		out = append(out, append([]any(nil), list[i:end]...))
	}
	return out, nil
}

// filterClassName names the Java class Kestra would hold the value in.
func filterClassName(_ *evalCtx, in any, _ []any) (any, error) {
	switch in.(type) {
	case nil:
		return nil, nil
	case string:
		return "java.lang.String", nil
	case int64:
		return "java.lang.Long", nil
	case float64:
		return "java.lang.Double", nil
	case *big.Int:
		return "java.math.BigInteger", nil
	case bool:
		return "java.lang.Boolean", nil
	case []any:
		return "java.util.ArrayList", nil
	case *Map, map[string]any:
		return "java.util.LinkedHashMap", nil
	case mapEntry:
		return "java.util.Map$Entry", nil
	}
	return "java.lang.Object", nil
}

func filterEscapeChar(_ *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	typ, err := argString(args, 0, "type", "")
	if err != nil {
		return nil, err
	}
	s := asString(in)
	switch typ {
	case "single":
		return strings.ReplaceAll(s, "'", `\'`), nil
	case "double":
		return strings.ReplaceAll(s, `"`, `\"`), nil
	case "shell":
		return strings.ReplaceAll(s, "'", `'\''`), nil
	}
	return nil, fmt.Errorf("escapeChar: unknown type %q (single, double or shell)", typ)
}

func filterKeys(_ *evalCtx, in any, _ []any) (any, error) {
	switch x := in.(type) {
	case nil:
		return nil, nil
	case *Map, map[string]any:
		keys := mapKeys(x)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = int64(i)
		}
		return out, nil
	}
	return nil, fmt.Errorf("keys: the input must be a map or a list, got [%s]", shortString(in))
}

func filterValues(_ *evalCtx, in any, _ []any) (any, error) {
	switch x := in.(type) {
	case nil:
		return nil, nil
	case *Map, map[string]any:
		out := make([]any, 0, mapLen(x))
		mapRange(x, func(_ string, v any) bool { out = append(out, normalize(v)); return true })
		return out, nil
	case []any:
		return x, nil
	}
	return nil, fmt.Errorf("values: the input must be a map, got [%s]", shortString(in))
}

func filterNumber(_ *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	typ, err := argString(args, 0, "type", "")
	if err != nil {
		return nil, err
	}
	if n, ok := asNumber(in); ok && typ == "" {
		_ = n
		return in, nil
	}
	s := strings.TrimSpace(asString(in))
	bad := func() error { return fmt.Errorf("number: [%s] is not a valid number", s) }
	switch strings.ToUpper(typ) {
	case "":
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return i, nil
			}
			if b, ok := new(big.Int).SetString(s, 10); ok {
				return b, nil
			}
		}
		f, err := strconv.ParseFloat(strings.TrimRight(s, "dDfF"), 64)
		if err != nil {
			return nil, bad()
		}
		return f, nil
	case "INT", "INTEGER", "LONG":
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, bad()
		}
		return i, nil
	case "FLOAT", "DOUBLE", "BIGDECIMAL":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, bad()
		}
		return f, nil
	case "BIGINTEGER":
		b, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return nil, bad()
		}
		return bigResult(b), nil
	}
	return nil, fmt.Errorf("number: unknown type %q", typ)
}

func filterURLDecode(_ *evalCtx, in any, _ []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	s, err := url.QueryUnescape(asString(in))
	if err != nil {
		return nil, fmt.Errorf("urldecode: invalid encoded input")
	}
	return s, nil
}

// slugify lower-cases, strips accents and joins the words with dashes.
func slugify(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	dash := false
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

func substringFilter(fn func(s, sep string) string) *filterDef {
	return &filterDef{params: []string{"separator"}, fn: func(_ *evalCtx, in any, args []any) (any, error) {
		if in == nil {
			return nil, nil
		}
		sep, err := argString(args, 0, "separator", "")
		if err != nil {
			return nil, err
		}
		return fn(asString(in), sep), nil
	}}
}

func filterFlatten(_ *evalCtx, in any, _ []any) (any, error) {
	list, ok := in.([]any)
	if !ok {
		if in == nil {
			return nil, nil
		}
		return nil, fmt.Errorf("flatten: the input must be a list")
	}
	out := make([]any, 0, len(list))
	for _, e := range list {
		if sub, ok := e.([]any); ok {
			if len(out)+len(sub) > maxRangeLen {
				return nil, fmt.Errorf("flatten: the list is too large")
			}
			out = append(out, sub...)
		} else {
			out = append(out, e)
		}
	}
	return out, nil
}

// indent prefixes every line but the first (indent) or every line after a
// leading newline (nindent) with amount times prefix.
func indent(in any, args []any, leadingNewline bool) (any, error) {
	if in == nil {
		return nil, nil
	}
	name := "indent"
	if leadingNewline {
		name = "nindent"
	}
	s := asString(in)
	if s == "" {
		return "", nil
	}
	if !argGiven(args, 0) {
		return nil, fmt.Errorf("The '%s' filter expects an integer as argument 'amount'.", name)
	}
	amount, err := argInt(args, 0, "amount", 0)
	if err != nil {
		return nil, err
	}
	if amount < 0 {
		return nil, fmt.Errorf("The '%s' filter expects a positive integer >=0 as argument 'amount'.", name)
	}
	prefix, err := argString(args, 1, "prefix", " ")
	if err != nil {
		return nil, err
	}
	if int64(len(prefix))*amount*int64(strings.Count(s, "\n")+1)+int64(len(s)) > maxOutputLen {
		return nil, fmt.Errorf("indent: result is too large")
	}
	pad := strings.Repeat(prefix, int(amount))
	nl := lineSeparator(s)
	if leadingNewline {
		s = nl + s
	}
	return strings.ReplaceAll(s, nl, nl+pad), nil
}

// lineSeparator is the line separator the text uses (Kestra's indent rule).
func lineSeparator(s string) string {
	for _, sep := range [...]string{"\r\n", "\n\r", "\n", "\r"} {
		if strings.Contains(s, sep) {
			return sep
		}
	}
	return "\n"
}

func affix(in any, args []any, filter, name string, fn func(s, p string) bool) (any, error) {
	if in == nil {
		return false, nil
	}
	if err := requireArg(args, 0, filter, name); err != nil {
		return nil, err
	}
	p, err := argString(args, 0, name, "")
	if err != nil {
		return nil, err
	}
	return fn(asString(in), p), nil
}

func hashFilter(sum func([]byte) []byte) *filterDef {
	return &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) {
		if in == nil {
			return nil, nil
		}
		return hex.EncodeToString(sum([]byte(asString(in)))), nil
	}}
}

func filterDistinct(_ *evalCtx, in any, _ []any) (any, error) {
	list, ok := in.([]any)
	if !ok {
		return in, nil
	}
	out := make([]any, 0, len(list))
	for _, e := range list {
		if !listHas(out, normalize(e)) {
			out = append(out, normalize(e))
		}
	}
	return out, nil
}
