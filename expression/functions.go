package expression

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Functions gives templates what a pure engine must not do by itself: read
// the clock, secrets, the KV store, files and logs, and draw random numbers.
// The workflow code passes a replay-safe implementation, activities an
// I/O-backed one. Embed Unsupported to implement only a part of it.
type Functions interface {
	// Now is the instant now() returns.
	Now() (time.Time, error)
	// Secret returns the decoded value of a secret.
	Secret(key string) (string, error)
	// KV returns a value of the KV store; a missing key gives (nil, nil)
	// unless errorOnMissing, then an error such as
	// "The key 'k' does not exist in the namespace 'ns'".
	KV(namespace, key string, errorOnMissing bool) (any, error)
	// Read returns the content of an internal-storage URI (kestra://…) or
	// of a namespace file path.
	Read(uri string) (string, error)
	// FileURI returns the internal-storage URI of a namespace file path.
	FileURI(path string) (string, error)
	// FileSize returns the size in bytes of a file.
	FileSize(uri string) (int64, error)
	// FileExists tells whether a file exists.
	FileExists(uri string) (bool, error)
	// ErrorLogs returns the execution's ERROR log entries as maps
	// ({taskId, message, …}).
	ErrorLogs() ([]any, error)
	// Encrypt and Decrypt implement encrypt(key, plaintext) and
	// decrypt(key, encrypted).
	Encrypt(key, plaintext string) (string, error)
	Decrypt(key, encrypted string) (string, error)
	// RandomBytes returns n random bytes; uuid(), id(), nanoId() and
	// randomInt() are derived from them.
	RandomBytes(n int) ([]byte, error)
}

// Unsupported implements Functions with every method failing with an error
// wrapping ErrNotProvided. Embed it and override what you provide.
type Unsupported struct{}

func notProvided(what string) error { return fmt.Errorf("%s: %w", what, ErrNotProvided) }

func (Unsupported) Now() (time.Time, error)                { return time.Time{}, notProvided("now()") }
func (Unsupported) Secret(string) (string, error)          { return "", notProvided("secret()") }
func (Unsupported) KV(string, string, bool) (any, error)   { return nil, notProvided("kv()") }
func (Unsupported) Read(string) (string, error)            { return "", notProvided("read()") }
func (Unsupported) FileURI(string) (string, error)         { return "", notProvided("fileURI()") }
func (Unsupported) FileSize(string) (int64, error)         { return 0, notProvided("fileSize()") }
func (Unsupported) FileExists(string) (bool, error)        { return false, notProvided("fileExists()") }
func (Unsupported) ErrorLogs() ([]any, error)              { return nil, notProvided("errorLogs()") }
func (Unsupported) Encrypt(string, string) (string, error) { return "", notProvided("encrypt()") }
func (Unsupported) Decrypt(string, string) (string, error) { return "", notProvided("decrypt()") }
func (Unsupported) RandomBytes(int) ([]byte, error)        { return nil, notProvided("random functions") }

func (ec *evalCtx) functions() Functions {
	if ec.ctx.Functions != nil {
		return ec.ctx.Functions
	}
	return Unsupported{}
}

func init() {
	f := builtinFuncs
	f["now"] = &funcDef{params: []string{"format", "timeZone", "existingFormat", "locale"}, fn: funcNow}
	fromJSON := &funcDef{params: []string{"json"}, fn: funcFromJSON}
	f["fromJson"] = fromJSON
	f["json"] = fromJSON
	f["jsonDecode"] = fromJSON
	f["yaml"] = &funcDef{params: []string{"yaml"}, fn: funcYAML}
	f["currentEachOutput"] = &funcDef{params: []string{"outputs"}, fn: funcCurrentEachOutput}
	f["secret"] = &funcDef{params: []string{"key"}, fn: funcSecret}
	f["kv"] = &funcDef{params: []string{"key", "namespace", "errorOnMissing"}, fn: funcKV}
	f["read"] = &funcDef{params: []string{"path"}, fn: func(ec *evalCtx, args []any) (any, error) {
		p, err := stringArg(args, 0, "read", "path")
		if err != nil {
			return nil, err
		}
		return ec.functions().Read(p)
	}}
	f["fileURI"] = &funcDef{params: []string{"path"}, fn: func(ec *evalCtx, args []any) (any, error) {
		p, err := stringArg(args, 0, "fileURI", "path")
		if err != nil {
			return nil, err
		}
		return ec.functions().FileURI(p)
	}}
	f["fileSize"] = &funcDef{params: []string{"path"}, fn: func(ec *evalCtx, args []any) (any, error) {
		p, err := stringArg(args, 0, "fileSize", "path")
		if err != nil {
			return nil, err
		}
		return ec.functions().FileSize(p)
	}}
	f["fileExists"] = &funcDef{params: []string{"path"}, fn: func(ec *evalCtx, args []any) (any, error) {
		p, err := stringArg(args, 0, "fileExists", "path")
		if err != nil {
			return nil, err
		}
		return ec.functions().FileExists(p)
	}}
	f["isFileEmpty"] = &funcDef{params: []string{"path"}, fn: func(ec *evalCtx, args []any) (any, error) {
		p, err := stringArg(args, 0, "isFileEmpty", "path")
		if err != nil {
			return nil, err
		}
		n, err := ec.functions().FileSize(p)
		return n == 0, err
	}}
	f["errorLogs"] = &funcDef{fn: func(ec *evalCtx, _ []any) (any, error) {
		logs, err := ec.functions().ErrorLogs()
		if err != nil {
			return nil, err
		}
		if logs == nil {
			logs = []any{}
		}
		return logs, nil
	}}
	f["encrypt"] = &funcDef{params: []string{"key", "plaintext"}, fn: func(ec *evalCtx, args []any) (any, error) {
		k, err := stringArg(args, 0, "encrypt", "key")
		if err != nil {
			return nil, err
		}
		p, err := stringArg(args, 1, "encrypt", "plaintext")
		if err != nil {
			return nil, err
		}
		return ec.functions().Encrypt(k, p)
	}}
	f["decrypt"] = &funcDef{params: []string{"key", "encrypted"}, fn: func(ec *evalCtx, args []any) (any, error) {
		k, err := stringArg(args, 0, "decrypt", "key")
		if err != nil {
			return nil, err
		}
		p, err := stringArg(args, 1, "decrypt", "encrypted")
		if err != nil {
			return nil, err
		}
		return ec.functions().Decrypt(k, p)
	}}
	f["render"] = &funcDef{params: []string{"template", "recursive", "toRender"}, fn: func(ec *evalCtx, args []any) (any, error) {
		tpl, err := renderArg(args, "render")
		if err != nil {
			return nil, err
		}
		recursive := true
		if argGiven(args, 1) && args[1] != nil {
			b, ok := args[1].(bool)
			if !ok {
				return nil, fmt.Errorf("The 'render' function expects an optional argument 'recursive' with type boolean.")
			}
			recursive = b
		}
		return ec.renderFunc(tpl, recursive)
	}}
	f["renderOnce"] = &funcDef{params: []string{"template", "toRender"}, fn: func(ec *evalCtx, args []any) (any, error) {
		if argGiven(args, 1) && !argGiven(args, 0) {
			args[0] = args[1]
		}
		tpl, err := renderArg(args, "renderOnce")
		if err != nil {
			return nil, err
		}
		return ec.renderFunc(tpl, false)
	}}
	fetchContext := &funcDef{fn: func(ec *evalCtx, _ []any) (any, error) { return ec.contextMap(), nil }}
	f["printContext"] = fetchContext
	f["fetchContext"] = fetchContext
	f["uuid"] = &funcDef{fn: funcUUID}
	f["ksuid"] = &funcDef{fn: funcKSUID}
	f["id"] = &funcDef{fn: funcID}
	f["nanoId"] = &funcDef{params: []string{"length", "alphabet"}, fn: funcNanoID}
	f["randomInt"] = &funcDef{params: []string{"lower", "upper"}, fn: funcRandomInt}
	f["range"] = &funcDef{params: []string{"start", "end", "step"}, fn: func(ec *evalCtx, args []any) (any, error) {
		if !argGiven(args, 0) || !argGiven(args, 1) {
			return nil, fmt.Errorf("range needs a start and an end")
		}
		step := argAny(args, 2)
		if step == nil {
			step = int64(1)
		}
		return rangeList(args[0], args[1], step, 0)
	}}
	f["max"] = &funcDef{fn: func(_ *evalCtx, args []any) (any, error) { return minMax(args, 1) }}
	f["min"] = &funcDef{fn: func(_ *evalCtx, args []any) (any, error) { return minMax(args, -1) }}
}

// renderArg is the template argument of render()/renderOnce() (also
// accepted under its former name toRender).
func renderArg(args []any, fn string) (any, error) {
	if argGiven(args, 0) {
		return args[0], nil
	}
	if len(args) > 2 && argGiven(args, 2) {
		return args[2], nil
	}
	return nil, fmt.Errorf("The '%s' function expects an argument 'template'.", fn)
}

func stringArg(args []any, i int, fn, name string) (string, error) {
	if !argGiven(args, i) || args[i] == nil {
		return "", fmt.Errorf("The argument %q of %s() is required", name, fn)
	}
	return argString(args, i, name, "")
}

func funcFromJSON(_ *evalCtx, args []any) (any, error) {
	in := argAny(args, 0)
	if in == nil {
		return nil, nil
	}
	s, ok := in.(string)
	if !ok {
		return nil, fmt.Errorf("Invalid json: fromJson needs a string, got [%s]", shortString(in))
	}
	v, err := DecodeJSON([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("Invalid json: %s", strings.TrimPrefix(err.Error(), "invalid JSON: "))
	}
	return v, nil
}

func funcCurrentEachOutput(ec *evalCtx, args []any) (any, error) {
	if !argGiven(args, 0) {
		return nil, fmt.Errorf("The 'currentEachOutput' function expects an argument 'outputs'.")
	}
	out := args[0]
	if !isMap(out) {
		return nil, fmt.Errorf("The 'currentEachOutput' function expects an argument 'outputs' with type map.")
	}
	if parents, ok := ec.lookup("parents"); ok {
		if list, ok := parents.([]any); ok {
			for i := len(list) - 1; i >= 0; i-- {
				tr, ok := mapGet(list[i], "taskrun")
				if !ok || !isMap(tr) {
					continue
				}
				v, _ := mapGet(tr, "value")
				next, ok := mapGet(out, asString(v))
				if v == nil || !ok || next == nil {
					return nil, fmt.Errorf("No execution outputs for the current task runs path")
				}
				out = normalize(next)
			}
		}
	}
	if tr, ok := ec.lookup("taskrun"); ok {
		if v, ok := mapGet(tr, "value"); ok && v != nil {
			next, _ := mapGet(out, asString(v))
			return normalize(next), nil
		}
	}
	return nil, nil
}

func funcSecret(ec *evalCtx, args []any) (any, error) {
	k, err := stringArg(args, 0, "secret", "key")
	if err != nil {
		return nil, err
	}
	return ec.functions().Secret(k)
}

func funcKV(ec *evalCtx, args []any) (any, error) {
	k, err := stringArg(args, 0, "kv", "key")
	if err != nil {
		return nil, err
	}
	ns, err := argString(args, 1, "namespace", "")
	if err != nil {
		return nil, err
	}
	if ns == "" {
		if flow, ok := ec.lookup("flow"); ok {
			if v, ok := mapGet(flow, "namespace"); ok && v != nil {
				ns = asString(v)
			}
		}
	}
	v, err := ec.functions().KV(ns, k, argBool(args, 2, false))
	if err != nil {
		return nil, err
	}
	return normalize(v), nil
}

// renderFunc is render()/renderOnce(): strings are rendered as templates in
// the current context, maps and lists element by element.
func (ec *evalCtx) renderFunc(v any, recursive bool) (any, error) {
	budget := maxWalk
	return ec.renderWalk(v, recursive, &budget)
}

func (ec *evalCtx) renderWalk(v any, recursive bool, budget *int) (any, error) {
	*budget--
	if *budget < 0 {
		return nil, fmt.Errorf("render: the value is too large")
	}
	switch x := v.(type) {
	case string:
		return ec.renderString(x, recursive)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := ec.renderWalk(normalize(e), recursive, budget)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case *Map, map[string]any:
		out := NewMap(mapLen(x))
		var err error
		mapRange(x, func(k string, e any) bool {
			var r any
			if r, err = ec.renderWalk(normalize(e), recursive, budget); err != nil {
				return false
			}
			out.Set(k, r)
			return true
		})
		return out, err
	}
	return v, nil
}

// maxRenderingAttempts is how many times render() re-renders its output.
const maxRenderingAttempts = 100

func (ec *evalCtx) renderString(s string, recursive bool) (any, error) {
	if ec.depth >= maxRenderDepth {
		return nil, fmt.Errorf("Too many rendering attempts")
	}
	for attempt := 0; ; attempt++ {
		if attempt >= maxRenderingAttempts {
			return nil, fmt.Errorf("Too many rendering attempts")
		}
		if strings.IndexByte(s, '{') < 0 {
			return s, nil
		}
		t, err := ec.eng.compile(s, true)
		if err != nil {
			return nil, err
		}
		// the rendered template sees a copy of the variables: its {% set %}
		// does not leak out.
		savedTpl, savedScopes := ec.tpl, ec.scopes
		ec.tpl = t
		ec.scopes = copyScopes(savedScopes)
		ec.depth++
		out, err := ec.capture(t.nodes)
		ec.depth--
		ec.tpl, ec.scopes = savedTpl, savedScopes
		if err != nil {
			return nil, toError(t.src, err)
		}
		if !recursive || out == s {
			return out, nil
		}
		s = out
	}
}

func copyScopes(in []scope) []scope {
	out := make([]scope, len(in), len(in)+2)
	for i, s := range in {
		out[i] = scope{names: append([]string(nil), s.names...), vals: append([]any(nil), s.vals...)}
	}
	return out
}

func (ec *evalCtx) contextMap() *Map {
	m := NewMap(mapLen(ec.root) + 4)
	mapRange(ec.root, func(k string, v any) bool { m.Set(k, v); return true })
	for _, s := range ec.scopes {
		for i, n := range s.names {
			m.Set(n, s.vals[i])
		}
	}
	return m
}

func funcUUID(ec *evalCtx, _ []any) (any, error) {
	b, err := ec.functions().RandomBytes(16)
	if err != nil {
		return nil, err
	}
	if len(b) < 16 {
		return nil, fmt.Errorf("uuid(): the random provider returned too few bytes")
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hx = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b[:16] {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hx[c>>4], hx[c&0xf])
	}
	return string(out), nil
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// funcID is Kestra's short id: a random UUID written in base 62.
func funcID(ec *evalCtx, _ []any) (any, error) {
	b, err := ec.functions().RandomBytes(16)
	if err != nil {
		return nil, err
	}
	n := new(big.Int).SetBytes(b)
	if n.Sign() == 0 {
		return "0", nil
	}
	var out []byte
	base := big.NewInt(62)
	mod := new(big.Int)
	for n.Sign() > 0 {
		n.DivMod(n, base, mod)
		out = append(out, base62[mod.Int64()])
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out), nil
}

// funcKSUID builds a K-Sortable Unique ID: 4 bytes of seconds since the
// KSUID epoch (2014-05-13) and 16 random bytes, in 27 base-62 characters.
func funcKSUID(ec *evalCtx, _ []any) (any, error) {
	now, err := ec.functions().Now()
	if err != nil {
		return nil, err
	}
	rnd, err := ec.functions().RandomBytes(16)
	if err != nil {
		return nil, err
	}
	if len(rnd) < 16 {
		return nil, fmt.Errorf("ksuid(): the random provider returned too few bytes")
	}
	var raw [20]byte
	binary.BigEndian.PutUint32(raw[:4], uint32(now.Unix()-1400000000))
	copy(raw[4:], rnd)
	n := new(big.Int).SetBytes(raw[:])
	out := make([]byte, 27)
	base := big.NewInt(62)
	mod := new(big.Int)
	for i := 26; i >= 0; i-- {
		n.DivMod(n, base, mod)
		out[i] = base62[mod.Int64()]
	}
	return string(out), nil
}

const nanoAlphabet = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

func funcNanoID(ec *evalCtx, args []any) (any, error) {
	n, err := argInt(args, 0, "length", 21)
	if err != nil {
		return nil, err
	}
	if n <= 0 || n > 1024 {
		return nil, fmt.Errorf("nanoId: length must be between 1 and 1024")
	}
	alpha, err := argString(args, 1, "alphabet", nanoAlphabet)
	if err != nil {
		return nil, err
	}
	runes := []rune(alpha)
	if len(runes) == 0 {
		return nil, fmt.Errorf("nanoId: empty alphabet")
	}
	b, err := ec.functions().RandomBytes(int(n) * 4)
	if err != nil {
		return nil, err
	}
	if len(b) < int(n)*4 {
		return nil, fmt.Errorf("nanoId(): the random provider returned too few bytes")
	}
	out := make([]rune, n)
	for i := range out {
		out[i] = runes[binary.BigEndian.Uint32(b[i*4:])%uint32(len(runes))]
	}
	return string(out), nil
}

func funcRandomInt(ec *evalCtx, args []any) (any, error) {
	lo, err := argInt(args, 0, "lower", 0)
	if err != nil {
		return nil, err
	}
	hi, err := argInt(args, 1, "upper", 0)
	if err != nil {
		return nil, err
	}
	if !argGiven(args, 0) || !argGiven(args, 1) {
		return nil, fmt.Errorf("randomInt needs a lower and an upper bound")
	}
	if hi <= lo {
		return nil, fmt.Errorf("randomInt: upper bound must be greater than the lower bound")
	}
	b, err := ec.functions().RandomBytes(8)
	if err != nil {
		return nil, err
	}
	if len(b) < 8 {
		return nil, fmt.Errorf("randomInt(): the random provider returned too few bytes")
	}
	span := uint64(hi - lo)
	return lo + int64(binary.BigEndian.Uint64(b)%span), nil
}

func minMax(args []any, sign int) (any, error) {
	if len(args) == 0 {
		return nil, nil
	}
	// max/min of a single list argument works on its elements.
	if len(args) == 1 {
		if l, ok := args[0].([]any); ok {
			args = l
		}
	}
	var best any
	for _, a := range args {
		a = normalize(a)
		if a == nil {
			continue
		}
		if best == nil {
			best = a
			continue
		}
		r, err := compareOp(opGt, a, best, 0)
		if err != nil {
			return nil, err
		}
		if sign < 0 {
			r, err = compareOp(opLt, a, best, 0)
			if err != nil {
				return nil, err
			}
		}
		if r.(bool) {
			best = a
		}
	}
	return best, nil
}

// decodeSecretValue decodes a base64 secret as Kestra OSS stores them in
// SECRET_<KEY> environment variables; a helper for providers.
func decodeSecretValue(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", fmt.Errorf("the secret is not valid base64")
	}
	return string(b), nil
}

// DecodeBase64Secret is exported for providers that read Kestra OSS style
// secrets (base64 values).
func DecodeBase64Secret(s string) (string, error) { return decodeSecretValue(s) }
