package expression

import (
	"strings"
	"time"
)

// parseWithFormat parses s with a named format or a Java pattern
// (existingFormat). Missing time fields default to midnight, a missing zone
// to zone.
func parseWithFormat(s, format string, zone *time.Location) (time.Time, error) {
	switch format {
	case "iso", "iso_sec", "iso_date_time", "iso_zoned_date_time", "iso_offset_date_time", "iso_local_date_time", "iso_local_date", "iso_instant":
		return parseISODateTime(s, zone)
	case "sql", "sql_seq":
		return parseISODateTime(strings.Replace(s, " ", "T", 1), zone)
	}
	jp, err := compileJavaPattern(format)
	if err != nil {
		return time.Time{}, err
	}
	return jp.parse(s, zone)
}

type parsedFields struct {
	year, month, day, hour, minute, second, nano int
	hasYear, hasMonth, hasDay, hasOffset, pm     bool
	hasAmPm, twoDigitYear, hour12                bool
	doy                                          int
	loc                                          *time.Location
}

func (jp *javaPattern) parse(s string, zone *time.Location) (time.Time, error) {
	f := parsedFields{month: 1, day: 1}
	names := namesEN
	i := 0
	fail := func() (time.Time, error) { return time.Time{}, parseErr(s) }
	for k, it := range jp.items {
		if it.letter == 0 {
			if !strings.HasPrefix(s[i:], it.lit) {
				return fail()
			}
			i += len(it.lit)
			continue
		}
		// adjacent numeric fields use fixed widths
		nextNumeric := k+1 < len(jp.items) && jp.items[k+1].letter != 0 && strings.ContainsRune("yuMdHhKkmsSDn", jp.items[k+1].letter)
		readNum := func(minW, maxW int) (int, bool) {
			if nextNumeric && it.count > 1 {
				maxW = it.count
			}
			j := i
			for j < len(s) && j-i < maxW && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j-i < minW {
				return 0, false
			}
			v := 0
			for _, c := range s[i:j] {
				v = v*10 + int(c-'0')
			}
			i = j
			return v, true
		}
		width := func() (int, int) {
			if it.count == 1 {
				return 1, 19
			}
			return it.count, it.count
		}
		var ok bool
		switch it.letter {
		case 'y', 'u', 'Y':
			if it.count == 2 {
				f.year, ok = readNum(2, 2)
				f.twoDigitYear = true
			} else {
				f.year, ok = readNum(max(it.count, 1), 9)
			}
			f.hasYear = true
		case 'M', 'L':
			if it.count >= 3 {
				f.month, ok = matchName(s, &i, names.months[:], names.shortMonths[:])
			} else {
				lo, hi := width()
				f.month, ok = readNum(lo, min(hi, 2))
			}
			f.hasMonth = true
		case 'd':
			lo, hi := width()
			f.day, ok = readNum(lo, min(hi, 2))
			f.hasDay = true
		case 'D':
			f.doy, ok = readNum(1, 3)
		case 'H', 'k':
			lo, hi := width()
			f.hour, ok = readNum(lo, min(hi, 2))
			if it.letter == 'k' && f.hour == 24 {
				f.hour = 0
			}
		case 'h', 'K':
			lo, hi := width()
			f.hour, ok = readNum(lo, min(hi, 2))
			f.hour12 = true
		case 'm':
			lo, hi := width()
			f.minute, ok = readNum(lo, min(hi, 2))
		case 's':
			lo, hi := width()
			f.second, ok = readNum(lo, min(hi, 2))
		case 'S':
			start := i
			var v int
			v, ok = readNum(it.count, it.count)
			n := i - start
			for ; n < 9; n++ {
				v *= 10
			}
			f.nano = v
		case 'n':
			f.nano, ok = readNum(1, 9)
		case 'a':
			var idx int
			idx, ok = matchName(s, &i, []string{names.am, names.pm}, nil)
			f.hasAmPm, f.pm = true, idx == 2
		case 'E', 'e', 'c':
			if it.count >= 3 || it.letter == 'E' {
				_, ok = matchName(s, &i, names.days[:], names.shortDays[:])
			} else {
				_, ok = readNum(1, 1)
			}
		case 'G':
			_, ok = matchName(s, &i, []string{"AD", "Anno Domini"}, nil)
		case 'X', 'x', 'Z', 'O':
			ok = f.parseOffset(s, &i)
		case 'V', 'z', 'v':
			j := i
			for j < len(s) && (s[j] == '/' || s[j] == '_' || s[j] == '+' || s[j] == '-' || s[j] >= '0' && s[j] <= '9' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z') {
				j++
			}
			loc, err := loadZone(s[i:j])
			if err != nil {
				return fail()
			}
			f.loc, f.hasOffset, ok = loc, true, true
			i = j
		default:
			ok = false
		}
		if !ok {
			return fail()
		}
	}
	if i != len(s) || !f.hasYear {
		return fail()
	}
	if f.twoDigitYear {
		f.year += 2000
	}
	if f.hour12 {
		f.hour %= 12
		if f.pm {
			f.hour += 12
		}
	}
	loc := zone
	if f.hasOffset {
		loc = f.loc
	}
	if f.doy > 0 && !f.hasMonth {
		return time.Date(f.year, 1, f.doy, f.hour, f.minute, f.second, f.nano, loc), nil
	}
	if f.month < 1 || f.month > 12 || f.day < 1 || f.day > daysIn(f.year, f.month) || f.hour > 23 || f.minute > 59 || f.second > 59 {
		return fail()
	}
	return time.Date(f.year, time.Month(f.month), f.day, f.hour, f.minute, f.second, f.nano, loc), nil
}

func (f *parsedFields) parseOffset(s string, i *int) bool {
	rest := s[*i:]
	if strings.HasPrefix(rest, "GMT") || strings.HasPrefix(rest, "UTC") {
		*i += 3
		rest = s[*i:]
		if rest == "" || (rest[0] != '+' && rest[0] != '-') {
			f.loc, f.hasOffset = time.FixedZone("Z", 0), true
			return true
		}
	}
	if strings.HasPrefix(rest, "Z") {
		*i++
		f.loc, f.hasOffset = time.FixedZone("Z", 0), true
		return true
	}
	j := 1
	for j < len(rest) && (rest[j] >= '0' && rest[j] <= '9' || rest[j] == ':') {
		j++
	}
	off, ok := parseOffsetID(rest[:j])
	if !ok {
		return false
	}
	*i += j
	f.loc, f.hasOffset = fixedZone(off), true
	return true
}

// matchName matches the longest of the names (full, then short), case
// insensitively, and returns its 1-based index.
func matchName(s string, i *int, full, short []string) (int, bool) {
	rest := strings.ToLower(s[*i:])
	best, bestLen := 0, 0
	for _, list := range [][]string{full, short} {
		for k, n := range list {
			if n != "" && strings.HasPrefix(rest, strings.ToLower(n)) && len(n) > bestLen {
				best, bestLen = k+1, len(n)
			}
		}
	}
	if bestLen == 0 {
		return 0, false
	}
	*i += bestLen
	return best, true
}
