package expression

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pebble's standard filters (io.pebbletemplates 3.x), with Kestra's changes:
// escape, raw and numberformat removed, numberFormat added.
func init() {
	f := builtinFilters
	f["abbreviate"] = &filterDef{params: []string{"length"}, fn: filterAbbreviate}
	f["abs"] = &filterDef{fn: filterAbs}
	f["base64decode"] = &filterDef{fn: filterBase64Decode}
	f["base64encode"] = &filterDef{fn: filterBase64Encode}
	f["capitalize"] = &filterDef{fn: filterCapitalize}
	f["default"] = &filterDef{params: []string{"default"}, fn: filterDefault, undefinedInput: true}
	f["first"] = &filterDef{fn: filterFirst}
	f["last"] = &filterDef{fn: filterLast}
	f["join"] = &filterDef{params: []string{"separator"}, fn: filterJoin}
	f["length"] = &filterDef{fn: filterLength}
	f["lower"] = &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) { return mapString(in, strings.ToLower), nil }}
	f["upper"] = &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) { return mapString(in, strings.ToUpper), nil }}
	f["numberFormat"] = &filterDef{params: []string{"format"}, fn: filterNumberFormat}
	f["replace"] = &filterDef{params: []string{"replace_pairs", "regexp"}, fn: filterReplace}
	f["reverse"] = &filterDef{fn: filterReverse}
	f["sort"] = &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) { return sortList(in, false) }}
	f["rsort"] = &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) { return sortList(in, true) }}
	f["sha256"] = &filterDef{fn: filterSha256}
	f["slice"] = &filterDef{params: []string{"fromIndex", "toIndex"}, fn: filterSlice}
	f["split"] = &filterDef{params: []string{"delimiter", "limit"}, fn: filterSplit}
	f["title"] = &filterDef{fn: filterTitle}
	f["trim"] = &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) { return mapString(in, javaTrim), nil }}
	f["urlencode"] = &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) { return mapString(in, javaURLEncode), nil }}
	f["merge"] = &filterDef{params: []string{"items"}, fn: filterMerge}
	f["nl2br"] = &filterDef{fn: func(_ *evalCtx, in any, _ []any) (any, error) {
		return mapString(in, func(s string) string { return strings.ReplaceAll(s, "\n", "<br />") }), nil
	}}
}

func mapString(in any, fn func(string) string) any {
	if in == nil {
		return nil
	}
	return fn(asString(in))
}

func filterAbbreviate(_ *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	if err := requireArg(args, 0, "abbreviate", "length"); err != nil {
		return nil, err
	}
	n, err := argInt(args, 0, "length", 0)
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("Invalid argument to abbreviate filter; must be greater than zero")
	}
	// Pebble's rule, including its quirk: a value exactly maxWidth long is
	// still abbreviated.
	s := asString(in)
	r := []rune(s)
	switch {
	case int64(len(r)) < n, len(r) <= 3:
		return s, nil
	case n <= 3:
		return string(r[:n]), nil
	}
	return string(r[:n-3]) + "...", nil
}

func filterAbs(_ *evalCtx, in any, _ []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	n, ok := asNumber(in)
	if !ok {
		return nil, fmt.Errorf("abs needs a number, got [%s]", shortString(in))
	}
	switch n.k {
	case kInt:
		if n.i < 0 {
			return -n.i, nil
		}
		return n.i, nil
	case kFloat:
		return math.Abs(n.f), nil
	}
	return bigResult(new(big.Int).Abs(n.b)), nil
}

func filterBase64Decode(_ *evalCtx, in any, _ []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	b, err := base64.StdEncoding.DecodeString(asString(in))
	if err != nil {
		return nil, fmt.Errorf("base64decode: invalid base64 input")
	}
	return string(b), nil
}

func filterBase64Encode(_ *evalCtx, in any, _ []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	return base64.StdEncoding.EncodeToString([]byte(asString(in))), nil
}

func filterCapitalize(_ *evalCtx, in any, _ []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	s := asString(in)
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s, nil
	}
	return string(unicode.ToUpper(r)) + s[n:], nil
}

// isEmptyValue is Pebble's "empty" test.
func isEmptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return javaTrim(x) == ""
	case []any:
		return len(x) == 0
	case *Map, map[string]any:
		return mapLen(x) == 0
	}
	return false
}

func filterDefault(_ *evalCtx, in any, args []any) (any, error) {
	if isEmptyValue(in) {
		return argAny(args, 0), nil
	}
	return in, nil
}

func filterFirst(_ *evalCtx, in any, _ []any) (any, error) {
	switch x := in.(type) {
	case string:
		r, n := utf8.DecodeRuneInString(x)
		if n == 0 {
			return nil, nil
		}
		return string(r), nil
	case []any:
		if len(x) == 0 {
			return nil, nil
		}
		return normalize(x[0]), nil
	case *Map, map[string]any:
		var out any
		mapRange(x, func(_ string, v any) bool { out = normalize(v); return false })
		return out, nil
	}
	return in, nil
}

func filterLast(_ *evalCtx, in any, _ []any) (any, error) {
	switch x := in.(type) {
	case string:
		r, n := utf8.DecodeLastRuneInString(x)
		if n == 0 {
			return nil, nil
		}
		return string(r), nil
	case []any:
		if len(x) == 0 {
			return nil, nil
		}
		return normalize(x[len(x)-1]), nil
	case *Map, map[string]any:
		var out any
		mapRange(x, func(_ string, v any) bool { out = normalize(v); return true })
		return out, nil
	}
	return in, nil
}

func filterJoin(_ *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	sep, err := argString(args, 0, "separator", "")
	if err != nil {
		return nil, err
	}
	list, ok := in.([]any)
	if !ok {
		return in, nil
	}
	var b strings.Builder
	b.Grow(len(list) * (len(sep) + 8))
	for i, e := range list {
		if i > 0 {
			b.WriteString(sep)
		}
		js, err := javaStringChecked(normalize(e))
		if err != nil || b.Len()+len(js) > maxOutputLen {
			return nil, fmt.Errorf("join: the result is too large")
		}
		b.WriteString(js)
	}
	return b.String(), nil
}

// javaLength is String.length(): UTF-16 code units.
func javaLength(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func filterLength(_ *evalCtx, in any, _ []any) (any, error) {
	switch x := in.(type) {
	case nil:
		return int64(0), nil
	case string:
		return int64(javaLength(x)), nil
	case []any:
		return int64(len(x)), nil
	case *Map, map[string]any:
		return int64(mapLen(x)), nil
	}
	return int64(0), nil
}

// javaReplacement converts Java's $1 group references to Go's ${1}.
func javaReplacement(s string) string {
	if !strings.ContainsAny(s, "$\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			if s[i] == '$' {
				b.WriteString("$$")
			} else {
				b.WriteByte(s[i])
			}
		case c == '$' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			b.WriteString("${" + s[i+1:j] + "}")
			i = j - 1
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			j := strings.IndexByte(s[i:], '}')
			if j < 0 {
				b.WriteString("$$")
				continue
			}
			b.WriteString(s[i : i+j+1])
			i += j
		case c == '$':
			b.WriteString("$$")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func filterReplace(_ *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	if err := requireArg(args, 0, "replace", "replace_pairs"); err != nil {
		return nil, err
	}
	pairs := args[0]
	if !isMap(pairs) {
		return nil, fmt.Errorf("The argument \"replace_pairs\" of \"replace\" must be a map")
	}
	useRegexp := argBool(args, 1, false)
	s := asString(in)
	var err error
	mapRange(pairs, func(k string, v any) bool {
		rep := ""
		if v != nil {
			rep = asString(v)
		}
		if !useRegexp {
			s = strings.ReplaceAll(s, k, rep)
			return true
		}
		var re *regexp.Regexp
		if re, err = compileRegexp(k); err != nil {
			err = fmt.Errorf("replace: invalid regular expression %q", k)
			return false
		}
		s = re.ReplaceAllString(s, javaReplacement(rep))
		return true
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

func filterReverse(_ *evalCtx, in any, _ []any) (any, error) {
	switch x := in.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[len(x)-1-i] = e
		}
		return out, nil
	case string:
		r := []rune(x)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return string(r), nil
	}
	return in, nil
}

func sortList(in any, reverse bool) (any, error) {
	list, ok := in.([]any)
	if !ok {
		return in, nil
	}
	out := make([]any, len(list))
	for i, e := range list {
		out[i] = normalize(e)
	}
	var err error
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if reverse {
			a, b = b, a
		}
		r, e := compareOp(opLt, a, b, 0)
		if e != nil {
			err = e
			return false
		}
		return r.(bool)
	})
	if err != nil {
		return nil, fmt.Errorf("sort: the list holds values that can not be compared")
	}
	return out, nil
}

func filterSha256(_ *evalCtx, in any, _ []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	sum := sha256.Sum256([]byte(asString(in)))
	return hex.EncodeToString(sum[:]), nil
}

func filterSlice(_ *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	var n int64
	var runes []rune
	list, isList := in.([]any)
	if isList {
		n = int64(len(list))
	} else {
		runes = []rune(asString(in))
		n = int64(len(runes))
	}
	from, err := argInt(args, 0, "fromIndex", 0)
	if err != nil {
		return nil, err
	}
	if from < 0 {
		return nil, fmt.Errorf("fromIndex must be greater than 0")
	}
	to := n
	if argGiven(args, 1) && args[1] != nil {
		if to, err = argInt(args, 1, "toIndex", n); err != nil {
			return nil, err
		}
		if to > n {
			return nil, fmt.Errorf("toIndex must be smaller than input size: %d", n)
		}
		if from >= to {
			return nil, fmt.Errorf("toIndex must be greater than fromIndex")
		}
	}
	if from > to {
		return nil, fmt.Errorf("fromIndex %d is beyond the input size: %d", from, n)
	}
	if isList {
		return append([]any(nil), list[from:to]...), nil
	}
	return string(runes[from:to]), nil
}

func filterSplit(_ *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	if !argGiven(args, 0) || args[0] == nil {
		return nil, fmt.Errorf("missing delimiter parameter in split filter")
	}
	sep, err := argString(args, 0, "delimiter", "")
	if err != nil {
		return nil, err
	}
	limit, err := argInt(args, 1, "limit", 0)
	if err != nil {
		return nil, err
	}
	re, err := compileRegexp(sep)
	if err != nil {
		return nil, fmt.Errorf("split: invalid regular expression %q", sep)
	}
	parts := javaSplit(asString(in), re, limit)
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

var regexpCache = newMemo[*regexp.Regexp](1024)

func compileRegexp(expr string) (*regexp.Regexp, error) {
	if re, ok := regexpCache.get(expr); ok {
		return re, nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	regexpCache.put(expr, re)
	return re, nil
}

// javaSplit is String.split(regex, limit): the delimiter is a regular
// expression; limit 0 drops trailing empty strings, a positive limit caps the
// number of parts, a negative one keeps everything; a zero-width match at
// the start yields no leading empty string.
func javaSplit(s string, re *regexp.Regexp, limit int64) []string {
	var parts []string
	start := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		if limit > 0 && int64(len(parts)) >= limit-1 {
			break
		}
		if m[1] == 0 {
			continue // zero-width match at the beginning
		}
		if m[0] == m[1] && m[0] >= len(s) {
			break
		}
		parts = append(parts, s[start:m[0]])
		start = m[1]
	}
	if parts == nil {
		return []string{s}
	}
	parts = append(parts, s[start:])
	if limit == 0 {
		for len(parts) > 0 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
	}
	return parts
}

func filterTitle(_ *evalCtx, in any, _ []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	s := asString(in)
	var b strings.Builder
	capNext := true
	for _, r := range s {
		if unicode.IsSpace(r) {
			capNext = true
			b.WriteRune(r)
			continue
		}
		if capNext {
			r = unicode.ToTitle(r)
			capNext = false
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}

// javaTrim is String.trim(): strips characters <= ' ' at both ends.
func javaTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

// javaURLEncode is java.net.URLEncoder.encode(s, UTF-8).
func javaURLEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '*', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xF])
		}
	}
	return b.String()
}

func filterMerge(_ *evalCtx, in any, args []any) (any, error) {
	if err := requireArg(args, 0, "merge", "items"); err != nil {
		return nil, err
	}
	other := args[0]
	switch x := in.(type) {
	case []any:
		if o, ok := other.([]any); ok && len(x)+len(o) > maxRangeLen {
			return nil, fmt.Errorf("merge: the list is too large")
		}
		out := append([]any(nil), x...)
		switch o := other.(type) {
		case []any:
			return append(out, o...), nil
		case *Map, map[string]any:
			mapRange(o, func(k string, v any) bool { out = append(out, mapEntry{key: k, value: v}); return true })
			return out, nil
		}
		return append(out, other), nil
	case *Map, map[string]any:
		if !isMap(other) {
			return nil, fmt.Errorf("merge: a map can only be merged with a map")
		}
		out := NewMap(mapLen(x) + mapLen(other))
		mapRange(x, func(k string, v any) bool { out.Set(k, v); return true })
		mapRange(other, func(k string, v any) bool { out.Set(k, v); return true })
		return out, nil
	case nil:
		return nil, fmt.Errorf("merge: the input is null")
	}
	return nil, fmt.Errorf("merge: the input must be a list or a map")
}
