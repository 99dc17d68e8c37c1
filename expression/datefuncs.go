package expression

import (
	"fmt"
	"strings"
	"time"
)

// Kestra 1.x date helpers. They read the local date (or time) as written in
// an ISO string: no conversion to UTC.
func init() {
	f := builtinFuncs
	f["dayOfWeek"] = dateHelper("dayOfWeek", false, func(t time.Time) any { return strings.ToUpper(t.Weekday().String()) })
	f["dayOfMonth"] = dateHelper("dayOfMonth", false, func(t time.Time) any { return int64(t.Day()) })
	f["monthOfYear"] = dateHelper("monthOfYear", false, func(t time.Time) any { return int64(t.Month()) })
	f["isWeekend"] = dateHelper("isWeekend", false, func(t time.Time) any {
		return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
	})
	f["hourOfDay"] = dateHelper("hourOfDay", true, func(t time.Time) any { return int64(t.Hour()) })
}

func dateHelper(name string, needsTime bool, fn func(time.Time) any) *funcDef {
	return &funcDef{params: []string{"date"}, fn: func(_ *evalCtx, args []any) (any, error) {
		v := argAny(args, 0)
		if v == nil {
			return nil, fmt.Errorf("The '%s()' function expects a 'date' argument.", name)
		}
		s := asString(v)
		if needsTime && !strings.ContainsAny(s, "Tt") {
			return nil, fmt.Errorf("The '%s()' function could not parse 'date': %s", name, parseErr(s))
		}
		t, err := parseISODateTime(s, time.UTC)
		if err != nil {
			return nil, fmt.Errorf("The '%s()' function could not parse 'date': %v", name, err)
		}
		return fn(t), nil
	}}
}
