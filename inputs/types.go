package inputs

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kestra-temporal/kestra-temporal/expression"
	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/plan"
)

// Kestra's patterns (FlowInputOutput.URI_PATTERN, EmailInput.EMAIL_PATTERN).
var (
	uriPattern   = regexp.MustCompile(`^[a-z]+://(?:www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b(?:[-a-zA-Z0-9()@:%_+.~#?&/=]*)$`)
	emailPattern = regexp.MustCompile(`^$|^[a-zA-Z0-9_!#$%&’*+/=?` + "`" + `{|}~^.-]+@[a-zA-Z0-9.-]+$`)
)

// DefaultFileExtension is the extension of an uploaded file whose FILE
// input declares none (Kestra's FileInput.DEFAULT_EXTENSION).
const DefaultFileExtension = ".upl"

// typed converts and validates the value of s.
func (p *parser) typed(d *plan.Input, s *state) (any, error) {
	if d.Type == "FILE" {
		return p.file(d, s)
	}
	v, err := convert(d.Type, d.ItemType, s.raw)
	if err != nil {
		return nil, err
	}
	if err := validate(d, v); err != nil {
		return nil, err
	}
	if d.Type == "SECRET" && p.opts.EncryptSecret != nil {
		enc, err := p.opts.EncryptSecret(v.(string))
		if err != nil {
			return nil, fmt.Errorf("inputs: encrypt %s: %w", d.ID, err)
		}
		return enc, nil
	}
	return v, nil
}

// file stores an uploaded file, or accepts an internal-storage URI.
func (p *parser) file(d *plan.Input, s *state) (any, error) {
	if s.file == nil {
		str, _ := s.raw.(string)
		if strings.HasPrefix(str, "kestra://") || strings.HasPrefix(str, "nsfile://") {
			return str, nil
		}
		return nil, invalidf("Expected `FILE` but received `%s`: upload the file as a part named `files` whose filename is `%s`", javaString(s.raw), d.ID)
	}
	if p.opts.StoreFile == nil || s.file.Open == nil {
		return nil, invalidf("file uploads are not accepted here")
	}
	ext := d.Extension
	if ext == "" {
		ext = DefaultFileExtension
	}
	if !strings.HasPrefix(ext, ".") {
		ext = "." + ext
	}
	rc, err := s.file.Open()
	if err != nil {
		return nil, fmt.Errorf("inputs: open upload %s: %w", d.ID, err)
	}
	defer rc.Close()
	uri, err := p.opts.StoreFile(d.ID, d.ID+ext, rc)
	if err != nil {
		return nil, fmt.Errorf("inputs: store upload %s: %w", d.ID, err)
	}
	return uri, nil
}

// expected is Kestra's message for a value of the wrong type.
func expected(typ string, v any, cause error) error {
	msg := "Expected `" + typ + "` but received `" + javaString(v) + "`"
	if cause != nil {
		msg += " with errors: " + cause.Error()
	}
	return &invalid{reason: msg}
}

// convert turns a raw value (a form string, or a native value from a
// default or a JSON list) into the Go value of type typ.
func convert(typ, itemType string, v any) (any, error) {
	switch typ {
	case "STRING", "ENUM", "SELECT", "EMAIL", "SECRET":
		if s, ok := v.(string); ok {
			return s, nil
		}
		return javaString(v), nil
	case "INT":
		return toInt(v)
	case "FLOAT":
		return toFloat(v)
	case "BOOLEAN", "BOOL":
		switch x := v.(type) {
		case bool:
			return x, nil
		case string:
			switch strings.ToLower(strings.TrimSpace(x)) {
			case "true":
				return true, nil
			case "false":
				return false, nil
			}
		}
		return nil, expected("BOOLEAN", v, nil)
	case "DATETIME":
		s, ok := v.(string)
		if !ok {
			return nil, expected(typ, v, nil)
		}
		t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
		if err != nil {
			return nil, expected(typ, v, errors.New("an ISO-8601 instant such as 2024-01-31T12:00:00Z is expected"))
		}
		return kestra.FormatInstant(t), nil
	case "DATE":
		s, ok := v.(string)
		if !ok {
			return nil, expected(typ, v, nil)
		}
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
		if err != nil {
			return nil, expected(typ, v, errors.New("an ISO-8601 date such as 2024-01-31 is expected"))
		}
		return t.Format(time.DateOnly), nil
	case "TIME":
		t, err := parseTime(v)
		if err != nil {
			return nil, expected(typ, v, err)
		}
		return formatTime(t, false), nil
	case "DURATION":
		s, ok := v.(string)
		if !ok {
			return nil, expected(typ, v, nil)
		}
		d, err := kestra.ParseDuration(s)
		if err != nil {
			return nil, expected(typ, v, errors.New("an ISO-8601 duration such as PT5M is expected"))
		}
		return kestra.FormatDuration(d), nil
	case "JSON":
		s, ok := v.(string)
		if !ok {
			return toEngine(v), nil
		}
		x, err := expression.DecodeJSON([]byte(s))
		if err != nil {
			return nil, expected(typ, v, err)
		}
		return x, nil
	case "YAML":
		s, ok := v.(string)
		if !ok {
			return toEngine(v), nil
		}
		x, err := expression.RenderTyped("{{ yaml(source) }}", expression.Context{Vars: map[string]any{"source": s}})
		if err != nil {
			return nil, expected(typ, v, errors.New(renderMessage(err)))
		}
		return x, nil
	case "URI":
		s, ok := v.(string)
		if !ok || !uriPattern.MatchString(s) {
			return nil, invalidf("Expected `URI` but received `%s`", javaString(v))
		}
		return s, nil
	case "ARRAY", "MULTISELECT":
		return toList(typ, itemType, v)
	}
	return nil, invalidf("unsupported input type `%s`", typ)
}

func toInt(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		if x < math.MinInt32 || x > math.MaxInt32 {
			return nil, invalidf("For input string: \"%d\"", x)
		}
		return x, nil
	case int:
		return toInt(int64(x))
	case string:
		n, err := strconv.ParseInt(x, 10, 32)
		if err != nil {
			return nil, invalidf("For input string: \"%s\"", x)
		}
		return n, nil
	}
	return nil, expected("INT", v, nil)
}

func toFloat(v any) (any, error) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int64:
		f = float64(x)
	case int:
		f = float64(x)
	case string:
		s := strings.TrimSpace(x)
		s = strings.TrimRight(s, "fFdD")
		n, err := strconv.ParseFloat(s, 64)
		if err != nil || strings.ContainsAny(s, "xXpP_") {
			return nil, invalidf("For input string: \"%s\"", x)
		}
		f = n
	default:
		return nil, expected("FLOAT", v, nil)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, invalidf("For input string: \"%s\"", javaString(v))
	}
	return f, nil
}

func toList(typ, itemType string, v any) (any, error) {
	var list []any
	switch x := v.(type) {
	case []any:
		list = x
	case string:
		d, err := expression.DecodeJSON([]byte(x))
		if err != nil {
			return nil, expected(typ, v, errors.New("a JSON list such as [\"a\", \"b\"] is expected"))
		}
		l, ok := d.([]any)
		if !ok {
			return nil, expected(typ, v, errors.New("a JSON list such as [\"a\", \"b\"] is expected"))
		}
		list = l
	default:
		return nil, expected(typ, v, nil)
	}
	if itemType == "" && typ == "MULTISELECT" {
		itemType = "STRING"
	}
	out := make([]any, len(list))
	for i, item := range list {
		if itemType == "" {
			out[i] = toEngine(item)
			continue
		}
		c, err := convert(itemType, "", item)
		if err == nil && item == nil {
			err = errors.New("null item")
		}
		if err != nil {
			return nil, invalidf("Unable to parse array element as `%s` on `%s`", itemType, javaString(item))
		}
		out[i] = c
	}
	return out, nil
}

// validate runs the validators of d on the typed value v.
func validate(d *plan.Input, v any) error {
	switch d.Type {
	case "STRING", "SECRET":
		if d.Validator == "" {
			return nil
		}
		re, err := regexp.Compile(`^(?:` + d.Validator + `)$`)
		if err != nil {
			return invalidf("the validator pattern `%s` is not a valid regular expression", d.Validator)
		}
		if !re.MatchString(v.(string)) {
			return invalidf("it must match the pattern `%s`", d.Validator)
		}
	case "ENUM", "SELECT":
		// As Kestra: an optional input accepts any value.
		if d.Required && !d.AllowCustomValue && !contains(d.Values, v.(string)) {
			return invalidf("it must match the values `%s`", javaList(d.Values))
		}
	case "MULTISELECT":
		if d.AllowCustomValue {
			return nil
		}
		for _, item := range v.([]any) {
			if s := javaString(item); !contains(d.Values, s) {
				return invalidf("it must match the values `%s`", javaList(d.Values))
			}
		}
	case "INT", "FLOAT":
		f := number(v)
		if d.Min != nil && f < number(d.Min) {
			return invalidf("it must be more than `%s`", bound(d.Type, d.Min))
		}
		if d.Max != nil && f > number(d.Max) {
			return invalidf("it must be less than `%s`", bound(d.Type, d.Max))
		}
	case "DURATION":
		got, _ := kestra.ParseDuration(v.(string))
		if s, ok := d.Min.(string); ok {
			if m, err := kestra.ParseDuration(s); err == nil && got < m {
				return invalidf("It must be more than `%s`", kestra.FormatDuration(m))
			}
		}
		if s, ok := d.Max.(string); ok {
			if m, err := kestra.ParseDuration(s); err == nil && got > m {
				return invalidf("It must be less than `%s`", kestra.FormatDuration(m))
			}
		}
	case "DATETIME", "DATE", "TIME":
		return checkDateRange(d, v.(string))
	case "EMAIL":
		if !emailPattern.MatchString(v.(string)) {
			return invalidf("The input must be a valid email")
		}
	}
	return nil
}

func checkDateRange(d *plan.Input, v string) error {
	parse := func(s string) (time.Time, error) {
		switch d.Type {
		case "DATETIME":
			return time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
		case "DATE":
			return time.Parse(time.DateOnly, strings.TrimSpace(s))
		}
		return parseTime(s)
	}
	format := func(t time.Time) string {
		switch d.Type {
		case "DATETIME":
			return kestra.FormatInstant(t)
		case "DATE":
			return t.Format(time.DateOnly)
		}
		return formatTime(t, true)
	}
	got, err := parse(v)
	if err != nil {
		return nil
	}
	if d.After != "" {
		if a, err := parse(d.After); err == nil && got.Before(a) {
			return invalidf("it must be after `%s`", format(a))
		}
	}
	if d.Before != "" {
		if b, err := parse(d.Before); err == nil && got.After(b) {
			return invalidf("it must be before `%s`", format(b))
		}
	}
	return nil
}

// parseTime reads an ISO local time (HH:mm, HH:mm:ss, HH:mm:ss.nnn).
func parseTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, errors.New("an ISO-8601 time such as 18:27:49 is expected")
	}
	s = strings.TrimSpace(s)
	for _, layout := range []string{"15:04:05.999999999", "15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("an ISO-8601 time such as 18:27:49 is expected")
}

// formatTime writes a local time; short drops zero seconds as Java's
// LocalTime.toString does (used in messages).
func formatTime(t time.Time, short bool) string {
	if short && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("15:04")
	}
	s := t.Format("15:04:05")
	if ns := t.Nanosecond(); ns != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%09d", ns), "0")
	}
	return s
}

func number(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case int:
		return float64(x)
	case float64:
		return x
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return 0
}

// bound formats a min/max the way Java prints an Integer or a Float.
func bound(typ string, v any) string {
	if typ == "FLOAT" {
		return javaString(number(v))
	}
	return javaString(v)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func javaList(items []string) string { return "[" + strings.Join(items, ", ") + "]" }

// javaString formats a value as Java's String.valueOf would.
func javaString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e7 {
			return strconv.FormatFloat(x, 'f', 1, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, item := range x {
			parts[i] = javaString(item)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *plan.Map, *expression.Map, map[string]any:
		return expression.ToJSON(toEngine(x))
	}
	return fmt.Sprint(v)
}

func javaType(v any) string {
	switch v.(type) {
	case nil:
		return "<null>"
	case string:
		return "String"
	case int64, int:
		return "Integer"
	case float64:
		return "Double"
	case bool:
		return "Boolean"
	case *expression.Map, map[string]any:
		return "LinkedHashMap"
	}
	return fmt.Sprintf("%T", v)
}
