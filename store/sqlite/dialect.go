package sqlite

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlq"
)

type dialect struct{}

func (dialect) Placeholder(n int) string    { return "$" + strconv.Itoa(n) }
func (dialect) Time(t time.Time) any        { return t.UnixMicro() }
func (dialect) Like(expr, ph string) string { return expr + " LIKE " + ph + ` ESCAPE '\'` }
func (dialect) ILike(expr, ph string) string {
	return "lower(" + expr + ") LIKE lower(" + ph + `) ESCAPE '\'`
}
func (dialect) Regex(expr, ph string) string { return "kt_regexp(" + ph + ", " + expr + ")" }

func (dialect) LabelHas(a *sqlq.Args, labels string, l kestra.Label) string {
	return "EXISTS (SELECT 1 FROM json_each(" + labels + ") j WHERE j.value ->> 'key' = " + a.Add(l.Key) +
		" AND j.value ->> 'value' = " + a.Add(l.Value) + ")"
}

func (dialect) InList(a *sqlq.Args, col string, vals []string) string {
	b, _ := json.Marshal(vals)
	return col + " IN (SELECT value FROM json_each(" + a.Add(string(b)) + "))"
}

func (dialect) Duration(a *sqlq.Args, start, end string, now time.Time) string {
	return "(COALESCE(" + end + ", " + a.Add(now.UnixMicro()) + ") - " + start + ")"
}
