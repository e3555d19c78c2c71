package textnorm

import (
	"testing"

	"xinqing/internal/casework"
)

// Linking the package composes text checked by the domain's text gate.
func TestLinkingComposesTheDomainsText(t *testing.T) {
	got, err := casework.CheckText(casework.KindStudent, "name", "Jose\u0301")
	if err != nil {
		t.Fatal(err)
	}
	if got != "Jos\u00e9" {
		t.Fatalf("got %q, want the composed é", got)
	}
}
