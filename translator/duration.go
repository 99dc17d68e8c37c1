package translator

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// isoDuration is the syntax of Java's Duration.parse, which Kestra uses for
// every duration: days, hours, minutes and (fractional) seconds, each signed.
var isoDuration = regexp.MustCompile(`(?i)^([-+]?)P(?:([-+]?[0-9]+)D)?(T(?:([-+]?[0-9]+)H)?(?:([-+]?[0-9]+)M)?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?S)?)?$`)

// ParseDuration parses an ISO-8601 duration the way java.time.Duration does
// (PT0.5S, PT5M, P1DT2H, -PT1S). Years, months and weeks are rejected, as
// Java rejects them.
func ParseDuration(s string) (time.Duration, error) {
	m := isoDuration.FindStringSubmatch(s)
	if m == nil || strings.EqualFold(m[3], "T") || (m[2] == "" && m[3] == "") {
		return 0, errors.New("expected an ISO-8601 duration such as PT30S, PT5M, PT1H or P1D")
	}
	var total float64
	add := func(num string, unit time.Duration) error {
		if num == "" {
			return nil
		}
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return errors.New("number out of range")
		}
		total += float64(n) * float64(unit)
		return nil
	}
	for _, part := range []struct {
		num  string
		unit time.Duration
	}{{m[2], 24 * time.Hour}, {m[4], time.Hour}, {m[5], time.Minute}, {m[6], time.Second}} {
		if err := add(part.num, part.unit); err != nil {
			return 0, err
		}
	}
	if frac := m[7]; frac != "" {
		f, _ := strconv.ParseFloat("0."+frac, 64)
		ns := f * float64(time.Second)
		if strings.HasPrefix(m[6], "-") {
			ns = -ns
		}
		total += ns
	}
	if m[1] == "-" {
		total = -total
	}
	if math.Abs(total) > math.MaxInt64 {
		return 0, errors.New("duration out of range")
	}
	return time.Duration(total), nil
}
