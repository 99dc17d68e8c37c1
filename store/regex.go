package store

import "regexp"

// checkRegex accepts the regular expressions both implementations can run:
// RE2 syntax (Go's regexp, also used by the SQLite implementation), which
// PostgreSQL's ARE engine also understands for common patterns.
func checkRegex(s string) error {
	_, err := regexp.Compile(s)
	return err
}
