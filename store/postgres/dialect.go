package postgres

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/store/internal/sqlq"
)

type dialect struct{}

func (dialect) Placeholder(n int) string     { return "$" + strconv.Itoa(n) }
func (dialect) Time(t time.Time) any         { return t.UTC() }
func (dialect) Like(expr, ph string) string  { return expr + " LIKE " + ph }
func (dialect) ILike(expr, ph string) string { return expr + " ILIKE " + ph }
func (dialect) Regex(expr, ph string) string { return expr + " ~ " + ph }

// LabelHas uses jsonb containment, served by the GIN (jsonb_path_ops) index.
func (dialect) LabelHas(a *sqlq.Args, labels string, l kestra.Label) string {
	b, _ := json.Marshal([]kestra.Label{l})
	return labels + " @> " + a.Add(string(b)) + "::jsonb"
}

func (dialect) InList(a *sqlq.Args, col string, vals []string) string {
	return col + " = ANY(" + a.Add(vals) + "::text[])"
}

func (dialect) Duration(a *sqlq.Args, start, end string, now time.Time) string {
	return "(COALESCE(" + end + ", " + a.Add(now.UTC()) + "::timestamptz) - " + start + ")"
}
