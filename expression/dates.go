package expression

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones work without system tzdata
)

func init() {
	dateParams := []string{"format", "timeZone", "existingFormat", "locale"}
	f := builtinFilters
	f["date"] = &filterDef{params: dateParams, fn: filterDate}
	f["dateAdd"] = &filterDef{params: append([]string{"amount", "unit"}, dateParams...), fn: filterDateAdd}
	f["timestamp"] = &filterDef{params: dateParams, fn: timestampFilter(func(t time.Time) int64 { return t.Unix() })}
	f["timestampMilli"] = &filterDef{params: dateParams, fn: timestampFilter(func(t time.Time) int64 { return t.UnixMilli() })}
	f["timestampMicro"] = &filterDef{params: dateParams, fn: timestampFilter(func(t time.Time) int64 { return t.Unix()*1e6 + int64(t.Nanosecond()/1e3) })}
	f["timestampNano"] = &filterDef{params: dateParams, fn: timestampFilter(func(t time.Time) int64 { return t.Unix()*1e9 + int64(t.Nanosecond()) })}
}

// dateArgs are the arguments shared by the date filters and now().
type dateArgs struct {
	format, existingFormat, locale string
	zone                           *time.Location
}

func (ec *evalCtx) dateArgs(args []any, offset int) (dateArgs, error) {
	var d dateArgs
	var err error
	if d.format, err = argString(args, offset, "format", "iso"); err != nil {
		return d, err
	}
	tz, err := argString(args, offset+1, "timeZone", "")
	if err != nil {
		return d, err
	}
	if d.existingFormat, err = argString(args, offset+2, "existingFormat", ""); err != nil {
		return d, err
	}
	if d.locale, err = argString(args, offset+3, "locale", ec.ctx.Locale); err != nil {
		return d, err
	}
	d.zone = ec.location()
	if tz != "" {
		if d.zone, err = loadZone(tz); err != nil {
			return d, err
		}
	}
	return d, nil
}

var zoneCache = newMemo[*time.Location](1024)

// loadZone resolves a Java ZoneId: a region ("Europe/Paris"), "Z", an offset
// ("+02:00") or a prefixed offset ("UTC+2", "GMT+02:00").
func loadZone(id string) (*time.Location, error) {
	if l, ok := zoneCache.get(id); ok {
		return l, nil
	}
	loc, err := resolveZone(id)
	if err != nil {
		return nil, err
	}
	zoneCache.put(id, loc)
	return loc, nil
}

func resolveZone(id string) (*time.Location, error) {
	unknown := fmt.Errorf("Unknown time-zone ID: %s", id)
	if id == "Z" {
		return time.FixedZone("Z", 0), nil
	}
	if id[0] == '+' || id[0] == '-' {
		off, ok := parseOffsetID(id)
		if !ok {
			return nil, fmt.Errorf("Invalid ID for ZoneOffset, invalid format: %s", id)
		}
		return fixedZone(off), nil
	}
	for _, prefix := range [...]string{"UTC", "GMT", "UT"} {
		if rest, ok := strings.CutPrefix(id, prefix); ok && rest != "" && (rest[0] == '+' || rest[0] == '-') {
			off, ok := parseOffsetID(rest)
			if !ok {
				return nil, unknown
			}
			return time.FixedZone(prefix+string(appendOffset(nil, off, 5)), off), nil
		}
	}
	if strings.ContainsAny(id, " \\") || strings.Contains(id, "..") || id == "Local" {
		return nil, unknown
	}
	loc, err := time.LoadLocation(id)
	if err != nil {
		return nil, unknown
	}
	return loc, nil
}

func fixedZone(off int) *time.Location {
	if off == 0 {
		return time.FixedZone("Z", 0)
	}
	return time.FixedZone(string(appendOffset(nil, off, 5)), off)
}

// parseOffsetID parses +h, +hh, +hh:mm, +hhmm, +hh:mm:ss, +hhmmss.
func parseOffsetID(s string) (int, bool) {
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	body := strings.ReplaceAll(s[1:], ":", "")
	for _, c := range body {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	var h, m, sec int
	switch len(body) {
	case 1, 2:
		h, _ = strconv.Atoi(body)
	case 4:
		h, _ = strconv.Atoi(body[:2])
		m, _ = strconv.Atoi(body[2:])
	case 6:
		h, _ = strconv.Atoi(body[:2])
		m, _ = strconv.Atoi(body[2:4])
		sec, _ = strconv.Atoi(body[4:])
	default:
		return 0, false
	}
	if h > 18 || m > 59 || sec > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60 + sec), true
}

// toDateTime is Kestra's AbstractDate.convert: the input as a zoned
// date-time. Epoch seconds and instants take zone; strings with an offset
// keep theirs; local strings are placed in zone.
func toDateTime(in any, zone *time.Location, existingFormat string) (time.Time, error) {
	switch x := in.(type) {
	case time.Time:
		return x.In(zone), nil
	case int64:
		return time.Unix(x, 0).In(zone), nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return time.Unix(int64(x), 0).In(zone), nil
		}
	case string:
		if existingFormat != "" {
			return parseWithFormat(x, existingFormat, zone)
		}
		return parseISODateTime(x, zone)
	}
	return time.Time{}, fmt.Errorf("Unable to parse date: [%s] is not a date", shortString(in))
}

func parseErr(s string) error {
	return fmt.Errorf("Text '%s' could not be parsed", s)
}

// parseISODateTime accepts ISO_ZONED_DATE_TIME, ISO_LOCAL_DATE_TIME and
// ISO_LOCAL_DATE, in that order, like Kestra.
func parseISODateTime(s string, zone *time.Location) (time.Time, error) {
	p := &isoParser{s: s}
	y, mo, d, ok := p.date()
	if !ok {
		return time.Time{}, parseErr(s)
	}
	if p.done() {
		return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, zone), nil
	}
	if !p.lit('T') && !p.lit('t') {
		return time.Time{}, parseErr(s)
	}
	h, mi, sec, ns, ok := p.clock()
	if !ok {
		return time.Time{}, parseErr(s)
	}
	if p.done() {
		return time.Date(y, time.Month(mo), d, h, mi, sec, ns, zone), nil
	}
	loc, ok := p.offset()
	if !ok {
		return time.Time{}, parseErr(s)
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc)
	if p.lit('[') {
		end := strings.IndexByte(p.s[p.i:], ']')
		if end < 0 {
			return time.Time{}, parseErr(s)
		}
		region, err := loadZone(p.s[p.i : p.i+end])
		if err != nil {
			return time.Time{}, err
		}
		p.i += end + 1
		t = t.In(region)
	}
	if !p.done() {
		return time.Time{}, parseErr(s)
	}
	return t, nil
}

type isoParser struct {
	s string
	i int
}

func (p *isoParser) done() bool { return p.i >= len(p.s) }

func (p *isoParser) lit(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *isoParser) digits(n int) (int, bool) {
	if p.i+n > len(p.s) {
		return 0, false
	}
	v := 0
	for k := 0; k < n; k++ {
		c := p.s[p.i+k]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	p.i += n
	return v, true
}

func (p *isoParser) date() (int, int, int, bool) {
	sign := 1
	if p.lit('+') {
	} else if p.lit('-') {
		sign = -1
	}
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	if p.i-start < 4 || p.i-start > 9 {
		return 0, 0, 0, false
	}
	y, _ := strconv.Atoi(p.s[start:p.i])
	if !p.lit('-') {
		return 0, 0, 0, false
	}
	mo, ok := p.digits(2)
	if !ok || !p.lit('-') {
		return 0, 0, 0, false
	}
	d, ok := p.digits(2)
	if !ok || mo < 1 || mo > 12 || d < 1 || d > daysIn(y*sign, mo) {
		return 0, 0, 0, false
	}
	return y * sign, mo, d, true
}

func (p *isoParser) clock() (h, mi, sec, ns int, ok bool) {
	if h, ok = p.digits(2); !ok || !p.lit(':') {
		return 0, 0, 0, 0, false
	}
	if mi, ok = p.digits(2); !ok {
		return 0, 0, 0, 0, false
	}
	if p.lit(':') {
		if sec, ok = p.digits(2); !ok {
			return 0, 0, 0, 0, false
		}
		if p.lit('.') || p.lit(',') {
			start := p.i
			for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' && p.i-start < 9 {
				p.i++
			}
			frac := p.s[start:p.i]
			if frac == "" {
				return 0, 0, 0, 0, false
			}
			ns, _ = strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
		}
	}
	if h > 23 || mi > 59 || sec > 59 {
		return 0, 0, 0, 0, false
	}
	return h, mi, sec, ns, true
}

func (p *isoParser) offset() (*time.Location, bool) {
	if p.lit('Z') || p.lit('z') {
		return time.FixedZone("Z", 0), true
	}
	if p.i >= len(p.s) || (p.s[p.i] != '+' && p.s[p.i] != '-') {
		return nil, false
	}
	end := p.i + 1
	for end < len(p.s) && (p.s[end] >= '0' && p.s[end] <= '9' || p.s[end] == ':') {
		end++
	}
	off, ok := parseOffsetID(p.s[p.i:end])
	if !ok {
		return nil, false
	}
	p.i = end
	return fixedZone(off), true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ---- formatting ----

// formatDate formats t in zone with a named format, a style or a pattern.
func formatDate(t time.Time, format string, zone *time.Location, locale string) (string, error) {
	t = t.In(zone)
	switch format {
	case "iso":
		format = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX"
	case "iso_sec":
		format = "yyyy-MM-dd'T'HH:mm:ssXXX"
	case "sql":
		format = "yyyy-MM-dd HH:mm:ss.SSSSSS"
	case "sql_seq":
		format = "yyyy-MM-dd HH:mm:ss"
	case "iso_local_date":
		return isoLocalDate(t), nil
	case "iso_date", "iso_offset_date":
		return isoLocalDate(t) + offsetID(t), nil
	case "iso_local_time":
		return isoLocalTime(t), nil
	case "iso_time", "iso_offset_time":
		return isoLocalTime(t) + offsetID(t), nil
	case "iso_local_date_time":
		return isoLocalDate(t) + "T" + isoLocalTime(t), nil
	case "iso_offset_date_time":
		return isoLocalDate(t) + "T" + isoLocalTime(t) + offsetID(t), nil
	case "iso_date_time", "iso_zoned_date_time":
		s := isoLocalDate(t) + "T" + isoLocalTime(t) + offsetID(t)
		if !isOffsetZone(t.Location()) {
			s += "[" + zoneID(t) + "]"
		}
		return s, nil
	case "iso_instant":
		return isoInstant(t), nil
	case "iso_ordinal_date":
		return string(formatYear(nil, t.Year(), 4)) + "-" + string(pad(nil, int64(t.YearDay()), 3)) + offsetID(t), nil
	case "iso_week_date":
		y, w := t.ISOWeek()
		return string(formatYear(nil, y, 4)) + "-W" + string(pad(nil, int64(w), 2)) + "-" + strconv.Itoa((int(t.Weekday())+6)%7+1) + offsetID(t), nil
	case "rfc_1123_date_time":
		_, off := t.Zone()
		s := namesEN.shortDays[t.Weekday()] + ", " + strconv.Itoa(t.Day()) + " " + namesEN.shortMonths[t.Month()-1] + " " +
			string(pad(nil, int64(t.Year()), 4)) + " " + t.Format("15:04:05") + " "
		if off == 0 {
			return s + "GMT", nil
		}
		return s + string(appendOffset(nil, off, 2)), nil
	case "full", "long", "medium", "short":
		return localizedDateTime(t, format, locale)
	}
	jp, err := compileJavaPattern(format)
	if err != nil {
		return "", err
	}
	return jp.format(t, locale)
}

func isoLocalDate(t time.Time) string {
	return string(formatYear(nil, t.Year(), 4)) + "-" + string(pad(nil, int64(t.Month()), 2)) + "-" + string(pad(nil, int64(t.Day()), 2))
}

// isoLocalTime is HH:mm:ss with the nanoseconds stripped of trailing zeros.
func isoLocalTime(t time.Time) string {
	s := t.Format("15:04:05")
	if ns := t.Nanosecond(); ns != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%09d", ns), "0")
	}
	return s
}

func offsetID(t time.Time) string {
	_, off := t.Zone()
	if off == 0 {
		return "Z"
	}
	return string(appendOffset(nil, off, 5))
}

// isoInstant prints UTC with the fraction in groups of three digits.
func isoInstant(t time.Time) string {
	t = t.UTC()
	s := isoLocalDate(t) + "T" + t.Format("15:04:05")
	ns := t.Nanosecond()
	switch {
	case ns == 0:
	case ns%1e6 == 0:
		s += fmt.Sprintf(".%03d", ns/1e6)
	case ns%1e3 == 0:
		s += fmt.Sprintf(".%06d", ns/1e3)
	default:
		s += fmt.Sprintf(".%09d", ns)
	}
	return s + "Z"
}

// localizedDateTime is DateTimeFormatter.ofLocalizedDateTime in English.
func localizedDateTime(t time.Time, style, locale string) (string, error) {
	patterns := map[string]string{
		"full":   "EEEE, MMMM d, y 'at' h:mm:ss a zzzz",
		"long":   "MMMM d, y 'at' h:mm:ss a z",
		"medium": "MMM d, y, h:mm:ss a",
		"short":  "M/d/yy, h:mm a",
	}
	if localeLang(locale) == "fr" {
		patterns = map[string]string{
			"full":   "EEEE d MMMM y 'à' HH:mm:ss zzzz",
			"long":   "d MMMM y 'à' HH:mm:ss z",
			"medium": "d MMM y, HH:mm:ss",
			"short":  "dd/MM/y HH:mm",
		}
	}
	jp, err := compileJavaPattern(patterns[style])
	if err != nil {
		return "", err
	}
	return jp.format(t, locale)
}

// ---- filters ----

func filterDate(ec *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	d, err := ec.dateArgs(args, 0)
	if err != nil {
		return nil, err
	}
	t, err := toDateTime(in, d.zone, d.existingFormat)
	if err != nil {
		return nil, err
	}
	return formatDate(t, d.format, d.zone, d.locale)
}

var chronoUnits = map[string]time.Duration{
	"NANOS": time.Nanosecond, "MICROS": time.Microsecond, "MILLIS": time.Millisecond,
	"SECONDS": time.Second, "MINUTES": time.Minute, "HOURS": time.Hour, "HALF_DAYS": 12 * time.Hour,
}

var chronoDateUnits = map[string][3]int{ // years, months, days per unit
	"DAYS": {0, 0, 1}, "WEEKS": {0, 0, 7}, "MONTHS": {0, 1, 0}, "YEARS": {1, 0, 0},
	"DECADES": {10, 0, 0}, "CENTURIES": {100, 0, 0}, "MILLENNIA": {1000, 0, 0},
}

// plusUnit is ZonedDateTime.plus(amount, unit): time units move the
// instant, date units the local date (the day clamped to the month's end).
func plusUnit(t time.Time, amount int64, unit string) (time.Time, error) {
	if d, ok := chronoUnits[unit]; ok {
		if amount > math.MaxInt64/int64(d) || amount < math.MinInt64/int64(d) {
			return time.Time{}, fmt.Errorf("dateAdd: amount out of range")
		}
		return t.Add(time.Duration(amount) * d), nil
	}
	u, ok := chronoDateUnits[unit]
	if !ok {
		return time.Time{}, fmt.Errorf("No enum constant java.time.temporal.ChronoUnit.%s", unit)
	}
	if amount > 1e7 || amount < -1e7 {
		return time.Time{}, fmt.Errorf("dateAdd: amount out of range")
	}
	n := int(amount)
	if u[2] != 0 {
		return t.AddDate(0, 0, n*u[2]), nil
	}
	months := n*u[0]*12 + n*u[1]
	total := t.Year()*12 + int(t.Month()) - 1 + months
	y, m := total/12, total%12+1
	if m < 1 {
		m += 12
		y--
	}
	d := min(t.Day(), daysIn(y, m))
	return time.Date(y, time.Month(m), d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location()), nil
}

func filterDateAdd(ec *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	if err := requireArg(args, 0, "dateAdd", "amount"); err != nil {
		return nil, err
	}
	if err := requireArg(args, 1, "dateAdd", "unit"); err != nil {
		return nil, err
	}
	amount, err := argInt(args, 0, "amount", 0)
	if err != nil {
		return nil, err
	}
	unit, err := argString(args, 1, "unit", "")
	if err != nil {
		return nil, err
	}
	d, err := ec.dateArgs(args, 2)
	if err != nil {
		return nil, err
	}
	t, err := toDateTime(in, d.zone, d.existingFormat)
	if err != nil {
		return nil, err
	}
	if t, err = plusUnit(t, amount, unit); err != nil {
		return nil, err
	}
	return formatDate(t, d.format, d.zone, d.locale)
}

func timestampFilter(conv func(time.Time) int64) func(*evalCtx, any, []any) (any, error) {
	return func(ec *evalCtx, in any, args []any) (any, error) {
		if in == nil {
			return nil, nil
		}
		d, err := ec.dateArgs(args, 0)
		if err != nil {
			return nil, err
		}
		t, err := toDateTime(in, d.zone, d.existingFormat)
		if err != nil {
			return nil, err
		}
		return conv(t), nil
	}
}

func funcNow(ec *evalCtx, args []any) (any, error) {
	d, err := ec.dateArgs(args, 0)
	if err != nil {
		return nil, err
	}
	t, err := ec.functions().Now()
	if err != nil {
		return nil, err
	}
	return formatDate(t, d.format, d.zone, d.locale)
}
