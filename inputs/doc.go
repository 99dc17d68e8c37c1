// Package inputs turns the raw values of an execution request (form fields
// and uploaded files) into Kestra's typed inputs, validated against a flow's
// input declarations or a Pause task's onResume inputs.
//
// Parse applies defaults (rendered as templates against the other inputs and
// the caller's variables), checks required inputs, converts each value to its
// type (STRING, ENUM, SELECT, MULTISELECT, INT, FLOAT, BOOLEAN/BOOL,
// DATETIME, DATE, TIME, DURATION, FILE, JSON, YAML, URI, SECRET, ARRAY,
// EMAIL), runs the type's validators and nests dotted ids
// ("nested.more.int" → inputs.nested.more.int). Every invalid input is
// reported in one *Error whose messages follow Kestra's wording:
// "Invalid input for `x`, <reason>, but received `<value>`".
//
// Validate resolves the same way and reports every input (value, enabled,
// errors) for Kestra's validate endpoints. Options.StoreFile decides where
// uploads go, Options.Vars and Options.Functions what templates see, and
// Options.EncryptSecret how SECRET values are encrypted (kept as given
// without it).
//
// Typed values use JSON-friendly Go types: INT int64, FLOAT float64, BOOLEAN
// bool, DATETIME/DATE/TIME/DURATION normalised ISO strings, FILE a kestra://
// URI string, JSON and YAML *expression.Map / []any (key order kept), ARRAY
// and MULTISELECT []any of typed items.
package inputs
