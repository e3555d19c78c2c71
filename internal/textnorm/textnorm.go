// Package textnorm gives the domain core its Unicode composition: linking
// it sets casework.Compose to NFC from the Go project's own tables, so
// that internal/casework itself stays standard-library only.
package textnorm

import (
	"golang.org/x/text/unicode/norm"

	"xinqing/internal/casework"
)

func init() { casework.Compose = NFC }

// NFC returns s composed, without a copy when it already is.
func NFC(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}
