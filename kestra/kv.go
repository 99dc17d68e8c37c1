package kestra

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// KVType is the type of a KV value.
type KVType string

// KV value types.
const (
	KVString   KVType = "STRING"
	KVNumber   KVType = "NUMBER"
	KVBoolean  KVType = "BOOLEAN"
	KVDatetime KVType = "DATETIME"
	KVDate     KVType = "DATE"
	KVDuration KVType = "DURATION"
	KVJSON     KVType = "JSON"
)

// ParseKVType parses a KV type name (case-insensitive).
func ParseKVType(s string) (KVType, error) {
	t := KVType(strings.ToUpper(strings.TrimSpace(s)))
	switch t {
	case KVString, KVNumber, KVBoolean, KVDatetime, KVDate, KVDuration, KVJSON:
		return t, nil
	}
	return "", Errorf(EINVALID, "invalid KV type %q", s)
}

// KVValue is a typed KV value. Value holds, by type: STRING string, NUMBER
// json.Number, BOOLEAN bool, DATETIME time.Time, DATE time.Time (midnight
// UTC), DURATION time.Duration, JSON the decoded value (map[string]any,
// []any, … with numbers as json.Number).
type KVValue struct {
	Type  KVType
	Value any
}

// Raw returns the value as it is written in JSON: numbers and booleans as
// themselves, dates and durations as ISO strings, JSON as is.
func (v KVValue) Raw() (json.RawMessage, error) {
	var x any
	switch v.Type {
	case KVString:
		s, ok := v.Value.(string)
		if !ok {
			return nil, v.typeErr()
		}
		x = s
	case KVNumber:
		switch n := v.Value.(type) {
		case json.Number:
			x = n
		case int, int32, int64, float32, float64:
			x = n
		default:
			return nil, v.typeErr()
		}
	case KVBoolean:
		b, ok := v.Value.(bool)
		if !ok {
			return nil, v.typeErr()
		}
		x = b
	case KVDatetime:
		t, ok := v.Value.(time.Time)
		if !ok {
			return nil, v.typeErr()
		}
		x = FormatInstant(t)
	case KVDate:
		t, ok := v.Value.(time.Time)
		if !ok {
			return nil, v.typeErr()
		}
		x = t.Format(time.DateOnly)
	case KVDuration:
		d, ok := v.Value.(time.Duration)
		if !ok {
			return nil, v.typeErr()
		}
		x = FormatDuration(d)
	case KVJSON:
		x = v.Value
	default:
		return nil, Errorf(EINVALID, "invalid KV type %q", v.Type)
	}
	b, err := json.Marshal(x)
	if err != nil {
		return nil, fmt.Errorf("kestra: kv value: %w", err)
	}
	return b, nil
}

func (v KVValue) typeErr() error {
	return Errorf(EINVALID, "KV value of type %s cannot hold a %T", v.Type, v.Value)
}

// MarshalJSON writes {"type": …, "value": …}.
func (v KVValue) MarshalJSON() ([]byte, error) {
	raw, err := v.Raw()
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Type  KVType          `json:"type"`
		Value json.RawMessage `json:"value"`
	}{v.Type, raw})
}

// UnmarshalJSON reads {"type": …, "value": …}.
func (v *KVValue) UnmarshalJSON(b []byte) error {
	var in struct {
		Type  KVType          `json:"type"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return fmt.Errorf("kestra: kv value: %w", err)
	}
	out, err := DecodeKVValue(in.Type, in.Value)
	if err != nil {
		return err
	}
	*v = out
	return nil
}

// DecodeKVValue reads a value of type t from its JSON form (see Raw).
func DecodeKVValue(t KVType, raw json.RawMessage) (KVValue, error) {
	if _, err := ParseKVType(string(t)); err != nil {
		return KVValue{}, err
	}
	var x any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&x); err != nil {
		return KVValue{}, Errorf(EINVALID, "invalid %s KV value: %v", t, err)
	}
	if t == KVJSON {
		return KVValue{Type: t, Value: x}, nil
	}
	switch x := x.(type) {
	case string:
		if t == KVNumber || t == KVBoolean {
			break
		}
		return ParseKVTyped(t, x)
	case json.Number:
		if t == KVNumber {
			return KVValue{Type: t, Value: x}, nil
		}
	case bool:
		if t == KVBoolean {
			return KVValue{Type: t, Value: x}, nil
		}
	}
	return KVValue{}, Errorf(EINVALID, "invalid %s KV value: %s", t, raw)
}

// ParseKVTyped parses the text s as a value of type t (as the CLI's
// --type does): STRING as is, NUMBER a JSON number, BOOLEAN true/false,
// DATETIME an ISO date-time, DATE YYYY-MM-DD, DURATION ISO (PT1H), JSON
// any JSON text.
func ParseKVTyped(t KVType, s string) (KVValue, error) {
	switch t {
	case KVString:
		return KVValue{Type: t, Value: s}, nil
	case KVNumber:
		n := json.Number(strings.TrimSpace(s))
		if _, err := n.Float64(); err != nil || !jsonNumber.MatchString(string(n)) {
			return KVValue{}, Errorf(EINVALID, "invalid NUMBER KV value %q", s)
		}
		return KVValue{Type: t, Value: n}, nil
	case KVBoolean:
		switch strings.TrimSpace(s) {
		case "true":
			return KVValue{Type: t, Value: true}, nil
		case "false":
			return KVValue{Type: t, Value: false}, nil
		}
		return KVValue{}, Errorf(EINVALID, "invalid BOOLEAN KV value %q", s)
	case KVDatetime:
		tm, err := ParseInstant(s)
		if err != nil {
			return KVValue{}, err
		}
		return KVValue{Type: t, Value: tm}, nil
	case KVDate:
		tm, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
		if err != nil {
			return KVValue{}, Errorf(EINVALID, "invalid DATE KV value %q: expected YYYY-MM-DD", s)
		}
		return KVValue{Type: t, Value: tm}, nil
	case KVDuration:
		d, err := ParseDuration(s)
		if err != nil {
			return KVValue{}, err
		}
		return KVValue{Type: t, Value: d}, nil
	case KVJSON:
		return DecodeKVValue(KVJSON, json.RawMessage(s))
	}
	return KVValue{}, Errorf(EINVALID, "invalid KV type %q", t)
}

var (
	jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	bareSymbol = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)
	isoDate    = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// ParseKVBody infers a typed value from the body of a KV PUT, as Kestra
// does when it reads the body as ION/JSON: a JSON string is STRING, a
// number NUMBER, true/false BOOLEAN, an object or array JSON; an unquoted
// ISO date-time is DATETIME, an unquoted YYYY-MM-DD DATE, an unquoted ISO
// duration DURATION and an unquoted bare word STRING. Anything else is an
// EINVALID error.
func ParseKVBody(body string) (KVValue, error) {
	s := strings.TrimSpace(body)
	if s == "" || s == "null" {
		return KVValue{}, Errorf(EINVALID, "Invalid JSON value for: %q", body)
	}
	if json.Valid([]byte(s)) {
		var x any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&x); err != nil {
			return KVValue{}, Errorf(EINVALID, "Invalid JSON value for: %q", body)
		}
		switch x := x.(type) {
		case string:
			return KVValue{Type: KVString, Value: x}, nil
		case json.Number:
			return KVValue{Type: KVNumber, Value: x}, nil
		case bool:
			return KVValue{Type: KVBoolean, Value: x}, nil
		default:
			return KVValue{Type: KVJSON, Value: x}, nil
		}
	}
	if isoDate.MatchString(s) {
		return ParseKVTyped(KVDate, s)
	}
	if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return KVValue{Type: KVDatetime, Value: tm}, nil
	}
	if strings.HasPrefix(strings.ToUpper(strings.TrimLeft(s, "+-")), "P") {
		if d, err := ParseDuration(s); err == nil {
			return KVValue{Type: KVDuration, Value: d}, nil
		}
	}
	if bareSymbol.MatchString(s) {
		return KVValue{Type: KVString, Value: s}, nil
	}
	return KVValue{}, Errorf(EINVALID, "Invalid JSON value for: %q", body)
}

// KVEntry describes a key of a namespace's KV store (the list shape).
type KVEntry struct {
	Namespace      string
	Key            string
	Version        int
	Description    string
	CreationDate   time.Time
	UpdateDate     time.Time
	ExpirationDate *time.Time
}

// MarshalJSON writes Kestra's KVEntry shape.
func (e KVEntry) MarshalJSON() ([]byte, error) {
	out := struct {
		Namespace      string `json:"namespace"`
		Key            string `json:"key"`
		Version        int    `json:"version"`
		Description    string `json:"description,omitempty"`
		CreationDate   string `json:"creationDate"`
		UpdateDate     string `json:"updateDate"`
		ExpirationDate string `json:"expirationDate,omitempty"`
	}{e.Namespace, e.Key, e.Version, e.Description, FormatInstant(e.CreationDate), FormatInstant(e.UpdateDate), ""}
	if e.ExpirationDate != nil {
		out.ExpirationDate = FormatInstant(*e.ExpirationDate)
	}
	return json.Marshal(out)
}

// KVDetail is a key's value as GET returns it: {type, value, revision, updated}.
type KVDetail struct {
	KVValue
	Revision int
	Updated  time.Time
}

// MarshalJSON writes {"type", "value", "revision", "updated"}.
func (d KVDetail) MarshalJSON() ([]byte, error) {
	raw, err := d.Raw()
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Type     KVType          `json:"type"`
		Value    json.RawMessage `json:"value"`
		Revision int             `json:"revision"`
		Updated  string          `json:"updated"`
	}{d.Type, raw, d.Revision, FormatInstant(d.Updated)})
}
