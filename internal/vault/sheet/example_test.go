package sheet_test

import (
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"

	"xinqing/internal/vault/sheet"
)

func Example() {
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		panic(err)
	}
	s, err := sheet.Format(id.String())
	if err != nil {
		panic(err)
	}
	fmt.Println(len(s.Groups), "groups of", len(s.Groups[0]))

	// Typed back exactly (case and spacing do not matter), it is the identity.
	typed := strings.ToLower(strings.Join(s.Lines(5), "\n"))
	got, err := sheet.Parse(typed)
	fmt.Println(got == id.String(), err)

	// A mistyped character in group 7 is named.
	flat := strings.Join(s.Groups, "")
	wrong := "Q"
	if flat[32] == 'Q' {
		wrong = "P"
	}
	_, err = sheet.Parse(flat[:32] + wrong + flat[33:])
	var ge *sheet.GroupError
	fmt.Println(errors.As(err, &ge), ge.Group)
	// Output:
	// 15 groups of 5
	// true <nil>
	// true 7
}
