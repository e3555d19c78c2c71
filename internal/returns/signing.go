package returns

import (
	"crypto/ed25519"

	"xinqing/internal/casework"
	"xinqing/internal/returnpkg"
)

// Fingerprint is the fingerprint of the settings' return-signing key,
// printed in the return's footer ("" when the vault has none).
func Fingerprint(s casework.Settings) string {
	if s.SigningKey == "" {
		return ""
	}
	k, err := returnpkg.KeyFromSeed(s.SigningKey)
	if err != nil {
		return ""
	}
	return returnpkg.Fingerprint(k.Public().(ed25519.PublicKey))
}
