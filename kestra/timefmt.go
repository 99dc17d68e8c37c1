package kestra

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// FormatInstant writes t the way Java's Instant.toString does: UTC, with
// the fraction of a second in groups of three digits and omitted when zero,
// e.g. "2024-12-20T16:02:32.123Z" or "2024-12-20T16:02:32Z".
func FormatInstant(t time.Time) string {
	t = t.UTC()
	s := t.Format("2006-01-02T15:04:05")
	ns := t.Nanosecond()
	switch {
	case ns == 0:
	case ns%1_000_000 == 0:
		s += fmt.Sprintf(".%03d", ns/1_000_000)
	case ns%1_000 == 0:
		s += fmt.Sprintf(".%06d", ns/1_000)
	default:
		s += fmt.Sprintf(".%09d", ns)
	}
	return s + "Z"
}

// ParseInstant parses an ISO-8601 date-time with an offset (RFC 3339, any
// fraction), as Kestra accepts in query parameters and documents.
func ParseInstant(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, Errorf(EINVALID, "invalid date-time %q: expected ISO-8601 like 2024-12-20T16:02:32Z", s)
	}
	return t, nil
}

// FormatDuration writes d as an ISO-8601 duration the way Java's
// Duration.toString does: hours, minutes and seconds only ("PT48H",
// "PT1M30.5S", "PT0S", "PT-0.5S").
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteString("PT")
	neg := d < 0
	// Work in unsigned nanoseconds to handle math.MinInt64.
	u := uint64(d)
	if neg {
		u = uint64(-d)
	}
	hours := u / uint64(time.Hour)
	u -= hours * uint64(time.Hour)
	minutes := u / uint64(time.Minute)
	u -= minutes * uint64(time.Minute)
	secs := u / uint64(time.Second)
	nanos := u - secs*uint64(time.Second)
	sign := ""
	if neg {
		sign = "-"
	}
	if hours > 0 {
		fmt.Fprintf(&b, "%s%dH", sign, hours)
	}
	if minutes > 0 {
		fmt.Fprintf(&b, "%s%dM", sign, minutes)
	}
	if secs > 0 || nanos > 0 {
		b.WriteString(sign)
		b.WriteString(strconv.FormatUint(secs, 10))
		if nanos > 0 {
			b.WriteString(strings.TrimRight(fmt.Sprintf(".%09d", nanos), "0"))
		}
		b.WriteString("S")
	}
	return b.String()
}

var isoDuration = regexp.MustCompile(`^(?i)([-+]?)P(?:([-+]?[0-9]+)D)?(T(?:([-+]?[0-9]+)H)?(?:([-+]?[0-9]+)M)?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?S)?)?$`)

// ParseDuration parses an ISO-8601 duration as Java's Duration.parse does
// (days, hours, minutes, seconds with an optional fraction: "P1D",
// "PT24H", "PT0.5S", "-PT1M").
func ParseDuration(s string) (time.Duration, error) {
	m := isoDuration.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || (m[2] == "" && m[3] == "") || strings.EqualFold(m[3], "T") {
		return 0, Errorf(EINVALID, "invalid duration %q: expected ISO-8601 like PT1H or P1D", s)
	}
	var total time.Duration
	add := func(v string, unit time.Duration) error {
		if v == "" {
			return nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n > int64(1<<63-1)/int64(unit) || n < -int64(1<<63-1)/int64(unit) {
			return Errorf(EINVALID, "invalid duration %q: out of range", s)
		}
		total += time.Duration(n) * unit
		return nil
	}
	for _, p := range []struct {
		v    string
		unit time.Duration
	}{{m[2], 24 * time.Hour}, {m[4], time.Hour}, {m[5], time.Minute}, {m[6], time.Second}} {
		if err := add(p.v, p.unit); err != nil {
			return 0, err
		}
	}
	if m[7] != "" {
		frac, _ := strconv.ParseInt((m[7] + "000000000")[:9], 10, 64)
		if strings.HasPrefix(m[6], "-") {
			frac = -frac
		}
		total += time.Duration(frac)
	}
	if m[1] == "-" {
		total = -total
	}
	return total, nil
}
