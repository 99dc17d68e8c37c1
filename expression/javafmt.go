package expression

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A translator of java.time.format.DateTimeFormatter patterns: a pattern is
// compiled once into items, then used to format a time.Time (and to parse,
// for existingFormat).

type jfItem struct {
	lit    string // literal text when letter == 0
	letter rune
	count  int
}

type javaPattern struct {
	items []jfItem
}

var javaPatternCache = newMemo[*javaPattern](1024)

const knownPatternLetters = "GuyDMLdQqYwWEecFaBhKkHmsSAnNVvzOXxZ"

func compileJavaPattern(p string) (*javaPattern, error) {
	if c, ok := javaPatternCache.get(p); ok {
		return c, nil
	}
	jp := &javaPattern{}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			jp.items = append(jp.items, jfItem{lit: lit.String()})
			lit.Reset()
		}
	}
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\'':
			if i+1 < len(rs) && rs[i+1] == '\'' {
				lit.WriteRune('\'')
				i++
				continue
			}
			j := i + 1
			for ; j < len(rs); j++ {
				if rs[j] == '\'' {
					if j+1 < len(rs) && rs[j+1] == '\'' {
						lit.WriteRune('\'')
						j++
						continue
					}
					break
				}
				lit.WriteRune(rs[j])
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("Pattern ends with an incomplete string literal: %s", p)
			}
			i = j
		case (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
			if !strings.ContainsRune(knownPatternLetters, r) {
				return nil, fmt.Errorf("Unknown pattern letter: %c", r)
			}
			j := i
			for j < len(rs) && rs[j] == r {
				j++
			}
			flush()
			jp.items = append(jp.items, jfItem{letter: r, count: j - i})
			i = j - 1
		case r == '[' || r == ']':
			// optional sections: everything is printed when formatting
		case r == '{' || r == '}' || r == '#':
			return nil, fmt.Errorf("Pattern includes reserved character: '%c'", r)
		default:
			lit.WriteRune(r)
		}
	}
	flush()
	javaPatternCache.put(p, jp)
	return jp, nil
}

func pad(b []byte, v int64, width int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func (jp *javaPattern) format(t time.Time, locale string) (string, error) {
	b := make([]byte, 0, 32)
	names := localeNames(locale)
	for _, it := range jp.items {
		if it.letter == 0 {
			b = append(b, it.lit...)
			continue
		}
		var err error
		if b, err = formatField(b, t, it, names); err != nil {
			return "", err
		}
	}
	return string(b), nil
}

func formatYear(b []byte, y int, count int) []byte {
	switch {
	case count == 2:
		return pad(b, int64(((y%100)+100)%100), 2)
	case count >= 4 && y > 9999:
		b = append(b, '+')
		return pad(b, int64(y), count)
	}
	return pad(b, int64(y), count)
}

func formatText(b []byte, full, short, narrow string, count int) []byte {
	switch {
	case count == 4:
		return append(b, full...)
	case count == 5:
		return append(b, narrow...)
	}
	return append(b, short...)
}

func narrowOf(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r))
}

func formatField(b []byte, t time.Time, it jfItem, n *dateNames) ([]byte, error) {
	c := it.count
	switch it.letter {
	case 'G':
		return formatText(b, "Anno Domini", "AD", "A", c), nil
	case 'u', 'y':
		return formatYear(b, t.Year(), c), nil
	case 'Y':
		y, _ := n.week(t)
		return formatYear(b, y, c), nil
	case 'D':
		return pad(b, int64(t.YearDay()), c), nil
	case 'M', 'L':
		m := int(t.Month())
		if c <= 2 {
			return pad(b, int64(m), c), nil
		}
		return formatText(b, n.months[m-1], n.shortMonths[m-1], narrowOf(n.months[m-1]), c), nil
	case 'd':
		return pad(b, int64(t.Day()), c), nil
	case 'Q', 'q':
		q := (int(t.Month())-1)/3 + 1
		switch c {
		case 1, 2:
			return pad(b, int64(q), c), nil
		case 3:
			return append(b, "Q"+strconv.Itoa(q)...), nil
		case 4:
			return append(b, [...]string{"1st quarter", "2nd quarter", "3rd quarter", "4th quarter"}[q-1]...), nil
		}
		return pad(b, int64(q), 1), nil
	case 'w':
		_, w := n.week(t)
		return pad(b, int64(w), c), nil
	case 'W':
		first := int(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).Weekday())
		if !n.sundayFirst {
			first = (first + 6) % 7
			// ISO: a first partial week of fewer than 4 days is week 0
			w := (t.Day()+first-1)/7 + 1
			if 7-first < 4 {
				w--
			}
			return pad(b, int64(w), 1), nil
		}
		return pad(b, int64((t.Day()+first-1)/7+1), 1), nil
	case 'E':
		wd := int(t.Weekday())
		return formatText(b, n.days[wd], n.shortDays[wd], narrowOf(n.days[wd]), c), nil
	case 'e', 'c':
		wd := int(t.Weekday())
		if c <= 2 {
			return pad(b, int64(n.localDayNumber(wd)), c), nil
		}
		return formatText(b, n.days[wd], n.shortDays[wd], narrowOf(n.days[wd]), c), nil
	case 'F':
		return pad(b, int64((t.Day()-1)/7+1), c), nil
	case 'a', 'B':
		if t.Hour() < 12 {
			return append(b, n.am...), nil
		}
		return append(b, n.pm...), nil
	case 'h':
		h := t.Hour() % 12
		if h == 0 {
			h = 12
		}
		return pad(b, int64(h), c), nil
	case 'K':
		return pad(b, int64(t.Hour()%12), c), nil
	case 'k':
		h := t.Hour()
		if h == 0 {
			h = 24
		}
		return pad(b, int64(h), c), nil
	case 'H':
		return pad(b, int64(t.Hour()), c), nil
	case 'm':
		return pad(b, int64(t.Minute()), c), nil
	case 's':
		return pad(b, int64(t.Second()), c), nil
	case 'S':
		frac := fmt.Sprintf("%09d", t.Nanosecond())
		for len(frac) < c {
			frac += "0"
		}
		return append(b, frac[:c]...), nil
	case 'A':
		ms := int64(t.Hour()*3600000 + t.Minute()*60000 + t.Second()*1000 + t.Nanosecond()/1e6)
		return pad(b, ms, c), nil
	case 'n':
		return pad(b, int64(t.Nanosecond()), c), nil
	case 'N':
		ns := int64(t.Hour()*3600+t.Minute()*60+t.Second())*1e9 + int64(t.Nanosecond())
		return pad(b, ns, c), nil
	case 'V', 'v':
		return append(b, zoneID(t)...), nil
	case 'z':
		if c == 4 {
			return append(b, zoneLongName(t)...), nil
		}
		return append(b, zoneShortName(t)...), nil
	case 'O':
		_, off := t.Zone()
		return appendGMTOffset(b, off, c == 4), nil
	case 'X', 'x':
		_, off := t.Zone()
		if off == 0 && it.letter == 'X' {
			return append(b, 'Z'), nil
		}
		return appendOffset(b, off, c), nil
	case 'Z':
		_, off := t.Zone()
		switch {
		case c <= 3:
			return appendOffset(b, off, 2), nil
		case c == 4:
			return appendGMTOffset(b, off, true), nil
		}
		if off == 0 {
			return append(b, 'Z'), nil
		}
		return appendOffset(b, off, 5), nil
	}
	return b, fmt.Errorf("Unknown pattern letter: %c", it.letter)
}

// appendOffset writes an offset in the form of X/x with count letters:
// 1 +HH[mm], 2 +HHMM, 3 +HH:MM, 4 +HHMM[ss], 5 +HH:MM[:ss].
func appendOffset(b []byte, off, count int) []byte {
	sign := byte('+')
	if off < 0 {
		sign = '-'
		off = -off
	}
	h, m, s := off/3600, off/60%60, off%60
	b = append(b, sign)
	b = pad(b, int64(h), 2)
	colon := count == 3 || count == 5
	if count == 1 && m == 0 {
		return b
	}
	if colon {
		b = append(b, ':')
	}
	b = pad(b, int64(m), 2)
	if (count == 4 || count == 5) && s != 0 {
		if colon {
			b = append(b, ':')
		}
		b = pad(b, int64(s), 2)
	}
	return b
}

func appendGMTOffset(b []byte, off int, full bool) []byte {
	b = append(b, "GMT"...)
	if off == 0 {
		return b
	}
	sign := byte('+')
	if off < 0 {
		sign = '-'
		off = -off
	}
	h, m := off/3600, off/60%60
	b = append(b, sign)
	if full {
		b = pad(b, int64(h), 2)
		b = append(b, ':')
		return pad(b, int64(m), 2)
	}
	b = pad(b, int64(h), 1)
	if m != 0 {
		b = append(b, ':')
		b = pad(b, int64(m), 2)
	}
	return b
}

// zoneID is the ZoneId Java would print: a region name, "Z" or an offset.
func zoneID(t time.Time) string {
	name := t.Location().String()
	if name == "" || name == "Local" {
		_, off := t.Zone()
		if off == 0 {
			return "Z"
		}
		return string(appendOffset(nil, off, 5))
	}
	return name
}

func isOffsetZone(loc *time.Location) bool {
	name := loc.String()
	return name == "Z" || strings.HasPrefix(name, "+") || strings.HasPrefix(name, "-")
}

func zoneShortName(t time.Time) string {
	name, off := t.Zone()
	if isOffsetZone(t.Location()) {
		return zoneID(t)
	}
	if name == "" || name[0] == '+' || name[0] == '-' {
		return string(appendGMTOffset(nil, off, true))
	}
	return name
}

var zoneLongNames = map[string]string{
	"UTC":  "Coordinated Universal Time",
	"GMT":  "Greenwich Mean Time",
	"CET":  "Central European Standard Time",
	"CEST": "Central European Summer Time",
	"EET":  "Eastern European Standard Time",
	"EEST": "Eastern European Summer Time",
	"WET":  "Western European Standard Time",
	"WEST": "Western European Summer Time",
	"BST":  "British Summer Time",
	"EST":  "Eastern Standard Time",
	"EDT":  "Eastern Daylight Time",
	"CST":  "Central Standard Time",
	"CDT":  "Central Daylight Time",
	"MST":  "Mountain Standard Time",
	"MDT":  "Mountain Daylight Time",
	"PST":  "Pacific Standard Time",
	"PDT":  "Pacific Daylight Time",
	"IST":  "India Standard Time",
	"JST":  "Japan Standard Time",
}

func zoneLongName(t time.Time) string {
	short := zoneShortName(t)
	if l, ok := zoneLongNames[short]; ok {
		return l
	}
	return short
}

// ---- locales ----

type dateNames struct {
	months, shortMonths [12]string
	days, shortDays     [7]string // Sunday first
	am, pm              string
	sundayFirst         bool
}

// week is the week-based year and week of the locale: US rules (weeks
// start on Sunday, week 1 holds January 1st) for English, ISO otherwise.
func (n *dateNames) week(t time.Time) (int, int) {
	if !n.sundayFirst {
		return t.ISOWeek()
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	startOf := func(y int) time.Time {
		jan1 := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return jan1.AddDate(0, 0, -int(jan1.Weekday()))
	}
	if next := startOf(t.Year() + 1); !day.Before(next) {
		return t.Year() + 1, 1
	}
	return t.Year(), int(day.Sub(startOf(t.Year())).Hours()/24)/7 + 1
}

func (n *dateNames) localDayNumber(wd int) int {
	if n.sundayFirst {
		return wd + 1
	}
	return (wd+6)%7 + 1
}

var (
	namesEN = &dateNames{
		months:      [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		shortMonths: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		days:        [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		shortDays:   [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		am:          "AM", pm: "PM", sundayFirst: true,
	}
	namesFR = &dateNames{
		months:      [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		shortMonths: [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		days:        [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		shortDays:   [7]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
		am:          "AM", pm: "PM",
	}
	namesDE = &dateNames{
		months:      [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		shortMonths: [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
		days:        [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
		shortDays:   [7]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},
		am:          "AM", pm: "PM",
	}
	namesES = &dateNames{
		months:      [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		shortMonths: [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
		days:        [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
		shortDays:   [7]string{"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
		am:          "a. m.", pm: "p. m.",
	}
	namesIT = &dateNames{
		months:      [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		shortMonths: [12]string{"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"},
		days:        [7]string{"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"},
		shortDays:   [7]string{"dom", "lun", "mar", "mer", "gio", "ven", "sab"},
		am:          "AM", pm: "PM",
	}
)

func localeLang(locale string) string {
	l := strings.ToLower(locale)
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return l
}

func localeNames(locale string) *dateNames {
	switch localeLang(locale) {
	case "fr":
		return namesFR
	case "de":
		return namesDE
	case "es":
		return namesES
	case "it":
		return namesIT
	}
	return namesEN
}
