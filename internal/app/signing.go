package app

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/returnpkg"
	"xinqing/internal/store"
)

// ErrNoSigningKey: the vault has no return-signing key (yet).
var ErrNoSigningKey = errors.New("the vault has no signing key")

// ensureSigningKey gives the open vault its Ed25519 return-signing key
// when it has none (keep, when set, is put back: an import replaced the
// settings). The key is sealed with the settings like everything else.
// A failure is left for the next unlock: it never stops an unlock.
func (a *App) ensureSigningKey(keep string) {
	ws, err := a.Workspace()
	if err != nil {
		return
	}
	if st, err := ws.Store().Settings(); err != nil || st.SigningKey != "" {
		return
	}
	if setSigningKey(ws.Store(), keep) == nil {
		ws.Changed()
	}
}

// setSigningKey stores seed (a new key when empty) as the settings'
// signing key.
func setSigningKey(s *store.Store, seed string) error {
	st, err := s.Settings()
	if err != nil {
		return err
	}
	if seed == "" {
		if seed, err = returnpkg.NewKeySeed(rand.Reader); err != nil {
			return err
		}
	}
	st.SigningKey = seed
	return s.SaveSettings(st)
}

// signingKey is the vault's signing key.
func (s *Session) signingKey() (ed25519.PrivateKey, error) {
	if s.Settings.SigningKey == "" {
		return nil, ErrNoSigningKey
	}
	return returnpkg.KeyFromSeed(s.Settings.SigningKey)
}

// Fingerprint is the open vault's signing key fingerprint (8 groups of 4
// hex digits), "" when it has none.
func (s *Session) Fingerprint() string {
	k, err := s.signingKey()
	if err != nil {
		return ""
	}
	return returnpkg.Fingerprint(k.Public().(ed25519.PublicKey))
}

// Fingerprint is the open vault's signing key fingerprint ("" while
// locked or when it has none).
func (a *App) Fingerprint() string {
	ws, err := a.Workspace()
	if err != nil {
		return ""
	}
	s, err := SessionOf(ws.Store())
	if err != nil {
		return ""
	}
	return s.Fingerprint()
}

// ReturnPackage signs the return package of a month's return: its
// figures exactly as frozen (figJSON), generated at at, with the hash of
// its PDF. The same return and key give the same bytes.
func (s *Session) ReturnPackage(m casework.Month, at time.Time, pdfSHA256 string, figJSON []byte, frozen bool) ([]byte, error) {
	key, err := s.signingKey()
	if err != nil {
		return nil, err
	}
	sc := s.Settings.School
	return returnpkg.Sign(returnpkg.Package{
		School:      returnpkg.School{Code: sc.Code, Name: sc.Name, County: sc.County, Stage: string(sc.Stage)},
		Month:       string(m),
		GeneratedAt: at.UTC().Truncate(time.Second).Format(time.RFC3339),
		Frozen:      frozen,
		PDFSHA256:   pdfSHA256,
		Figures:     figJSON,
	}, key)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// writePackage signs and writes the package of a return and logs it.
func (s *Session) writePackage(ctx context.Context, path string, over Overwrite, m casework.Month, at time.Time, pdfSHA string, figJSON []byte, frozen bool, id string) error {
	if path == "" {
		return nil
	}
	b, err := s.ReturnPackage(m, at, pdfSHA, figJSON, frozen)
	if err != nil {
		return err
	}
	return s.deliver(ctx, path, over, b, casework.AuditActionExport, casework.KindReturn, id)
}
