package expression

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// decimalPattern is a compiled java.text.DecimalFormat pattern (the subset
// templates use: prefix/suffix text, grouping, integer and fraction digit
// counts, percent and per-mille).
type decimalPattern struct {
	prefix, suffix string
	minInt         int
	grouping       int // 0: no grouping
	minFrac        int
	maxFrac        int
	multiplier     int
}

func parseDecimalPattern(p string) (*decimalPattern, error) {
	if i := strings.IndexByte(p, ';'); i >= 0 {
		p = p[:i] // negative subpattern: Java uses "-" + positive anyway
	}
	dp := &decimalPattern{multiplier: 1}
	var prefix, suffix, num strings.Builder
	state := 0 // 0 prefix, 1 number, 2 suffix
	quoted := false
	for _, r := range p {
		if r == '\'' {
			quoted = !quoted
			continue
		}
		isNum := !quoted && strings.ContainsRune("#0,.", r)
		if state == 0 && isNum {
			state = 1
		}
		if state == 1 && !isNum {
			state = 2
		}
		if !quoted {
			switch r {
			case '%':
				dp.multiplier = 100
			case '\u2030':
				dp.multiplier = 1000
			}
		}
		switch state {
		case 0:
			prefix.WriteRune(r)
		case 1:
			num.WriteRune(r)
		default:
			suffix.WriteRune(r)
		}
	}
	dp.prefix, dp.suffix = prefix.String(), suffix.String()
	n := num.String()
	if n == "" {
		return nil, fmt.Errorf("numberFormat: invalid pattern %q", p)
	}
	intPart, fracPart, hasFrac := strings.Cut(n, ".")
	if strings.Contains(fracPart, ".") || strings.Contains(fracPart, ",") {
		return nil, fmt.Errorf("numberFormat: invalid pattern %q", p)
	}
	if i := strings.LastIndexByte(intPart, ','); i >= 0 {
		dp.grouping = len(intPart) - i - 1
	}
	dp.minInt = strings.Count(intPart, "0")
	if hasFrac {
		dp.minFrac = strings.Count(fracPart, "0")
		dp.maxFrac = len(fracPart)
	}
	return dp, nil
}

// decimalDigits returns the exact decimal digits of v as integer and
// fraction parts (no sign) and whether v is negative.
func decimalDigits(v any) (string, string, bool, error) {
	switch x := v.(type) {
	case int64:
		s := strconv.FormatInt(x, 10)
		neg := strings.HasPrefix(s, "-")
		return strings.TrimPrefix(s, "-"), "", neg, nil
	case *big.Int:
		s := x.String()
		neg := strings.HasPrefix(s, "-")
		return strings.TrimPrefix(s, "-"), "", neg, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", "", false, fmt.Errorf("numberFormat: can not format %s", shortString(x))
		}
		s := strconv.FormatFloat(x, 'f', -1, 64)
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(s, "-")
		i, f, _ := strings.Cut(s, ".")
		return i, f, neg, nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return "", "", false, fmt.Errorf("numberFormat: [%s] is not a number", x)
		}
		return decimalDigits(f)
	}
	return "", "", false, fmt.Errorf("numberFormat: [%s] is not a number", shortString(v))
}

// roundHalfEven rounds the decimal intPart.frac to maxFrac digits.
func roundHalfEven(intPart, frac string, maxFrac int) (string, string) {
	if len(frac) <= maxFrac {
		return intPart, frac
	}
	keep := frac[:maxFrac]
	rest := frac[maxFrac:]
	up := false
	switch {
	case rest[0] > '5':
		up = true
	case rest[0] == '5':
		if strings.Trim(rest[1:], "0") != "" {
			up = true
		} else {
			last := byte('0')
			if maxFrac > 0 {
				last = keep[maxFrac-1]
			} else if len(intPart) > 0 {
				last = intPart[len(intPart)-1]
			}
			up = (last-'0')%2 == 1
		}
	}
	if !up {
		return intPart, keep
	}
	digits := []byte(intPart + keep)
	i := len(digits) - 1
	for ; i >= 0; i-- {
		if digits[i] == '9' {
			digits[i] = '0'
			continue
		}
		digits[i]++
		break
	}
	if i < 0 {
		digits = append([]byte{'1'}, digits...)
	}
	cut := len(digits) - maxFrac
	return string(digits[:cut]), string(digits[cut:])
}

func localeSeparators(locale string) (group, decimal string) {
	switch localeLang(locale) {
	case "fr":
		return "\u202f", ","
	case "de", "es", "it", "pt", "nl":
		return ".", ","
	}
	return ",", "."
}

func (dp *decimalPattern) format(v any, locale string) (string, error) {
	if dp.multiplier != 1 {
		n, ok := asNumber(v)
		if !ok {
			return "", fmt.Errorf("numberFormat: [%s] is not a number", shortString(v))
		}
		if n.k == kInt {
			v = n.i * int64(dp.multiplier)
		} else {
			v = n.float() * float64(dp.multiplier)
		}
	}
	intPart, frac, neg, err := decimalDigits(v)
	if err != nil {
		return "", err
	}
	intPart, frac = roundHalfEven(intPart, frac, dp.maxFrac)
	frac = strings.TrimRight(frac, "0")
	for len(frac) < dp.minFrac {
		frac += "0"
	}
	intPart = strings.TrimLeft(intPart, "0")
	for len(intPart) < dp.minInt {
		intPart = "0" + intPart
	}
	group, dec := localeSeparators(locale)
	if dp.grouping > 0 && len(intPart) > dp.grouping {
		var b strings.Builder
		first := len(intPart) % dp.grouping
		if first > 0 {
			b.WriteString(intPart[:first])
		}
		for i := first; i < len(intPart); i += dp.grouping {
			if b.Len() > 0 {
				b.WriteString(group)
			}
			b.WriteString(intPart[i : i+dp.grouping])
		}
		intPart = b.String()
	}
	var b strings.Builder
	if neg && (strings.Trim(intPart, "0") != "" || strings.Trim(frac, "0") != "") {
		b.WriteByte('-')
	}
	b.WriteString(dp.prefix)
	b.WriteString(intPart)
	if frac != "" {
		b.WriteString(dec)
		b.WriteString(frac)
	}
	b.WriteString(dp.suffix)
	return b.String(), nil
}

func filterNumberFormat(ec *evalCtx, in any, args []any) (any, error) {
	if in == nil {
		return nil, nil
	}
	pattern, err := argString(args, 0, "format", "#,##0.###")
	if err != nil {
		return nil, err
	}
	dp, err := parseDecimalPattern(pattern)
	if err != nil {
		return nil, err
	}
	return dp.format(in, ec.ctx.Locale)
}
