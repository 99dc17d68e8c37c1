package expression

import (
	"fmt"
	"math/big"
	"strconv"
)

type filterDef struct {
	params []string
	fn     func(ec *evalCtx, in any, args []any) (any, error)
	// undefinedInput: an undefined input is passed as null instead of failing
	// (the default filter).
	undefinedInput bool
}

type testDef struct {
	params         []string
	fn             func(ec *evalCtx, in any, args []any) (bool, error)
	undefinedInput bool // "defined": an undefined input is not an error
}

type funcDef struct {
	params []string // nil: positional arguments kept in order
	fn     func(ec *evalCtx, args []any) (any, error)
}

// The registries are filled by init functions (they reference code that
// itself parses templates, which would make a static initialization cycle).
var (
	builtinFilters = map[string]*filterDef{}
	builtinTests   = map[string]*testDef{}
	builtinFuncs   = map[string]*funcDef{}
)

func argGiven(args []any, i int) bool { return i < len(args) && args[i] != absent }

func argAny(args []any, i int) any {
	if argGiven(args, i) {
		return args[i]
	}
	return nil
}

func argString(args []any, i int, name, def string) (string, error) {
	if !argGiven(args, i) || args[i] == nil {
		return def, nil
	}
	switch v := args[i].(type) {
	case string:
		return v, nil
	case int64, float64, bool, *big.Int:
		return javaString(v), nil
	}
	return "", fmt.Errorf("argument %q must be a string, got [%s]", name, shortString(args[i]))
}

func argInt(args []any, i int, name string, def int64) (int64, error) {
	if !argGiven(args, i) || args[i] == nil {
		return def, nil
	}
	switch v := args[i].(type) {
	case int64:
		return v, nil
	case float64:
		return int64(v), nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		if err == nil {
			return n, nil
		}
	}
	return 0, fmt.Errorf("argument %q must be an integer, got [%s]", name, shortString(args[i]))
}

func argBool(args []any, i int, def bool) bool {
	if !argGiven(args, i) || args[i] == nil {
		return def
	}
	switch v := args[i].(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return truthy(args[i])
}

func requireArg(args []any, i int, filter, name string) error {
	if !argGiven(args, i) {
		return fmt.Errorf("The argument %q of %q is required", name, filter)
	}
	return nil
}

// asString converts a filter input to a string as Pebble's toString does.
func asString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return javaString(v)
}
