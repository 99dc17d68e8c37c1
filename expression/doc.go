// Package expression renders Kestra's templating language: Pebble 3.x with
// Kestra's extensions, strict variables, no auto-escaping and no newline
// trimming, as Kestra configures it.
//
// # Syntax
//
// Text with {{ expression }}, {% tag %} and {# comment #}; a '-' next to a
// delimiter ({{- … -}}) trims the whitespace on that side. Tags: if / elseif /
// else / endif, for x in … / else / endfor (with loop.index, loop.revindex,
// loop.first, loop.last, loop.length), set, raw, verbatim, filter, block and
// macro. Expressions: literals (strings with "#{…}" interpolation, integers,
// decimals, true/false/null, lists, maps), member and bracket access,
// + - * / %, ~, comparisons, equals, and/or/not, contains, isIn, the ternary
// operator, is [not] <test>, ranges (1..5), ?? (null-coalescing) and ???
// (undefined-coalescing), filters (x | upper) and function calls.
//
// An undefined variable or attribute fails with Kestra's message
// "Unable to find `x` used in the expression `<template>` at line N", except
// on the left of ?? or ???, before "is defined" and before the default
// filter.
//
// # API
//
//	Parse(src string) (*Template, error)             // syntax check + compile
//	NewEngine(cacheSize int) *Engine                 // bounded template cache
//	(*Engine).Compile(src string) (*Template, error)
//	(*Engine).Render(src string, ctx Context) (string, error)
//	(*Engine).RenderTyped(src string, ctx Context) (any, error)
//	(*Engine).RenderValue(v any, ctx Context) (any, error)
//	(*Engine).RenderTemplate(t *Template, ctx Context) (string, error)
//	(*Engine).RenderTemplateTyped(t *Template, ctx Context) (any, error)
//	Render, RenderTyped, RenderValue                 // same, on a shared engine
//	DecodeJSON(data []byte) (any, error)             // JSON → engine values
//	ToJSON(v any) string                             // engine values → JSON as Kestra writes it
//	NewMap, MapOf, (*Map).Set/Get/Delete/Keys/Len/Range/ToMap/MarshalJSON
//	Functions, Unsupported, ErrNotProvided, DecodeBase64Secret
//	Error                                            // every error returned
//
// Context carries Vars, the Functions provider, the default TimeZone and
// Locale of date/number formatting, and an optional Cancel context that
// stops long renderings (big loops, jq programs).
//
// Render is how Kestra renders a string property: maps and lists print as
// compact JSON, numbers as Java prints them (42, 42.0, 1.0E10), null as "".
// A template without '{' is returned unchanged. RenderTyped keeps the native
// value when the template writes one value ("{{ inputs.count }}" → int64);
// text mixed with values is concatenated into a string (Kestra 1.x).
// RenderValue renders a map or list property: keys and nested strings are
// rendered, the structure is kept; rendered output is not rendered again
// unless the template calls render().
//
// # Values
//
// Variables (Context.Vars) and results use: nil, bool, int64, float64,
// *big.Int (integers beyond int64), string, []any, *Map (insertion-ordered,
// produced by DecodeJSON, map literals, fromJson and yaml) and
// map[string]any (accepted; iterated in sorted key order so output never
// depends on Go's map order). Other Go integer and float types are
// converted on access.
//
// # Filters, functions and tests
//
// Pebble's: abbreviate, abs, base64decode, base64encode, capitalize,
// default, first, join, last, length, lower, merge, nl2br, numberFormat
// (Kestra's name for numberformat), replace, reverse, rsort, sha256, slice,
// sort, split, title, trim, upper, urlencode; range, max, min; defined,
// empty, even, odd, iterable, map, null. Kestra's: chunk, className, date,
// dateAdd, distinct, endsWith, escapeChar, flatten, indent, jq, json,
// jsonEncode, keys, md5, nindent, number, sha1, sha512, slugify, startsWith,
// string, substringAfter, substringAfterLast, substringBefore,
// substringBeforeLast, timestamp, timestampMilli, timestampMicro,
// timestampNano, toJson, urldecode, values, yaml; now, fromJson, json,
// jsonDecode, yaml, currentEachOutput, secret, kv, read, fileURI, fileSize,
// fileExists, isFileEmpty, errorLogs, render, renderOnce, encrypt, decrypt,
// printContext, fetchContext, uuid, id, ksuid, nanoId, randomInt, dayOfWeek,
// dayOfMonth, monthOfYear, hourOfDay, isWeekend; the json test. Removed as
// in Kestra: escape, raw, numberformat and the include/extends/import/
// embed/cache/parallel/flush/autoescape tags. Not implemented: Ion (toIon,
// fromIon), http, tasksWithState, randomPort, isPublicHoliday and the
// iteration/subflow helpers of Kestra 1.x.
//
// Dates take Kestra's named formats (iso, iso_sec, sql, sql_seq, iso_*,
// rfc_1123_date_time, full/long/medium/short) or a Java DateTimeFormatter
// pattern, which is translated (javafmt.go); names of months and days exist
// for en, fr, de, es and it.
//
// # Determinism
//
// The engine never reads the clock, the environment, files or the network.
// now(), secret(), kv(), read(), fileURI(), fileSize(), fileExists(),
// isFileEmpty(), errorLogs(), encrypt(), decrypt() and the random functions
// (uuid(), id(), nanoId(), randomInt()) call the Functions provider set in
// the Context; without one they fail with an error wrapping ErrNotProvided.
// Embed Unsupported in a provider to implement only part of it. Time zones
// come from the embedded time/tzdata.
//
// # Errors
//
// Every error returned by Parse and the Render methods is an *Error naming
// the template, the line and the column. Its message follows Kestra:
// "Unable to find `x` used in the expression `…` at line N" for undefined
// variables, "<message> (<template>:<line>)" otherwise, for example
// "Filter [escape] does not exist. ({{ x | escape }}:1)". Provider errors are
// wrapped (errors.Is works). A panic inside the engine is recovered and
// reported as an *Error; no Go panic text or type name reaches the message.
package expression
