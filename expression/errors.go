package expression

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is the error every Parse and Render call returns. It names the
// template and the position (1-based line and column) of the token at fault.
//
// Its message follows Kestra: an undefined variable reads
// "Unable to find `x` used in the expression `<template>` at line N"; any
// other error reads "<message> (<template>:<line>)", as Pebble prints it.
type Error struct {
	Template string // the whole template source
	Line     int    // 1-based line of the failing token
	Column   int    // 1-based column (in characters) of the failing token
	Message  string // the message without position
	// Undefined is the name of the variable or attribute that could not be
	// found when the error is a strict-mode failure, else "".
	Undefined string
	// Syntax is true when the template could not be parsed.
	Syntax bool
	// Err is the underlying cause (for example a provider error), if any.
	Err error
}

func (e *Error) Error() string {
	if e.Undefined != "" {
		return "Unable to find `" + e.Undefined + "` used in the expression `" + e.Template + "` at line " + strconv.Itoa(e.Line)
	}
	return e.Message + " (" + e.Template + ":" + strconv.Itoa(e.Line) + ")"
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrNotProvided is wrapped by the errors of functions whose provider is not
// set in the Context (now(), secret(), kv(), read(), errorLogs(), uuid()…).
var ErrNotProvided = errors.New("not available in this context")

// posError is an error at a source offset, before it is tied to a template.
type posError struct {
	pos    int
	msg    string
	syntax bool
	cause  error
}

func (e *posError) Error() string { return e.msg }
func (e *posError) Unwrap() error { return e.cause }

// undefError is the strict-mode "variable or attribute not found" failure.
// ??, ???, "is defined" and the default filter catch it.
type undefError struct {
	name string
	pos  int
}

func (e *undefError) Error() string { return "Unable to find `" + e.name + "`" }

func syntaxErrorf(pos int, format string, args ...any) error {
	return &posError{pos: pos, msg: fmt.Sprintf(format, args...), syntax: true}
}

func evalErrorf(pos int, format string, args ...any) error {
	return &posError{pos: pos, msg: fmt.Sprintf(format, args...)}
}

// wrapEval attaches a position to an error raised by a filter or function;
// errors that already carry one are kept.
func wrapEval(pos int, err error) error {
	if err == nil {
		return nil
	}
	var pe *posError
	var ue *undefError
	var te *Error
	if errors.As(err, &pe) || errors.As(err, &ue) || errors.As(err, &te) {
		return err
	}
	return &posError{pos: pos, msg: err.Error(), cause: err}
}

// toError converts an internal error into the public *Error for src.
func toError(src string, err error) error {
	if err == nil {
		return nil
	}
	var te *Error
	if errors.As(err, &te) {
		return te
	}
	e := &Error{Template: src}
	pos := 0
	var ue *undefError
	var pe *posError
	switch {
	case errors.As(err, &ue):
		e.Undefined, e.Message, pos = ue.name, ue.Error(), ue.pos
	case errors.As(err, &pe):
		e.Message, e.Syntax, e.Err, pos = pe.msg, pe.syntax, pe.cause, pe.pos
	default:
		e.Message, e.Err = err.Error(), err
	}
	e.Line, e.Column = lineCol(src, pos)
	return e
}

// lineCol converts a byte offset to a 1-based line and column.
func lineCol(src string, pos int) (int, int) {
	if pos > len(src) {
		pos = len(src)
	}
	if pos < 0 {
		pos = 0
	}
	before := src[:pos]
	line := strings.Count(before, "\n") + 1
	lastNL := strings.LastIndexByte(before, '\n')
	col := utf8.RuneCountInString(before[lastNL+1:]) + 1
	return line, col
}
