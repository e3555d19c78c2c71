package casework

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes of domain errors. The UI turns a code into a Chinese
// sentence that tells the user what to do; the rest goes to the log.
const (
	EINVALID  = "invalid"   // the input breaks a rule; the user can fix it
	ENOTFOUND = "not_found" // a referenced record does not exist
	ECONFLICT = "conflict"  // the change clashes with the stored state
	EINTERNAL = "internal"  // a bug or an environment failure
)

// Error is a domain error with a code. Field is the JSON key concerned,
// if any. MessageZH and MessageEN are safe to show: they never contain
// names or notes.
type Error struct {
	Code      string
	Field     string
	MessageZH string
	MessageEN string
	Err       error // the cause, for the log; may be nil
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Field != "" {
		b.WriteString(" ")
		b.WriteString(e.Field)
	}
	if e.MessageEN != "" {
		b.WriteString(": ")
		b.WriteString(e.MessageEN)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with code and an English message; MessageZH is
// left for the caller to set when the error is meant for the user.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, MessageEN: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first domain error in err's chain:
// EINVALID for ValidationErrors, "" for nil and EINTERNAL for anything
// that is not a domain error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var v ValidationErrors
	if errors.As(err, &v) {
		return EINVALID
	}
	return EINTERNAL
}

// ErrorMessageZH returns the Chinese message of the first domain error in
// err's chain, or a generic sentence for errors that are not domain errors.
func ErrorMessageZH(err error) string {
	var e *Error
	if errors.As(err, &e) && e.MessageZH != "" {
		return e.MessageZH
	}
	var v ValidationErrors
	if errors.As(err, &v) && len(v) > 0 {
		return v[0].MessageZH
	}
	return "操作未能完成，请重试；如仍失败，请查看日志。"
}

// FieldError is one broken rule of one record. Key is the JSON key path
// inside the record ("birth_date", "levels[2].level"); importers prefix
// the array and index ("students[3].birth_date"). Rule is a stable code
// of the rule (see the Rule… constants) for callers that react to it.
//
// The messages are for the screen: they may quote an offending enum code
// or level code (cut to 20 characters), never other field values. Error()
// gives only kind, key and rule, so that it is safe for the log even when
// a name was typed into a code field.
type FieldError struct {
	Kind      Kind
	Key       string
	Rule      string
	MessageZH string
	MessageEN string
}

func (f FieldError) Error() string {
	return fmt.Sprintf("%s.%s: %s", f.Kind, f.Key, f.Rule)
}

// ValidationErrors lists every broken rule of a record (or, from an
// importer, of a document). It is an EINVALID error.
type ValidationErrors []FieldError

func (v ValidationErrors) Error() string {
	switch len(v) {
	case 0:
		return "no validation errors"
	case 1:
		return v[0].Error()
	}
	return fmt.Sprintf("%s (and %d more)", v[0].Error(), len(v)-1)
}

// Prefix returns a copy of v with prefix put before every key, as the
// importer does with "students[3]".
func (v ValidationErrors) Prefix(prefix string) ValidationErrors {
	out := make(ValidationErrors, len(v))
	for i, f := range v {
		f.Key = prefix + "." + f.Key
		out[i] = f
	}
	return out
}

// AsValidationErrors returns the validation errors in err's chain.
func AsValidationErrors(err error) (ValidationErrors, bool) {
	var v ValidationErrors
	if errors.As(err, &v) {
		return v, true
	}
	return nil, false
}
