package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
)

// vault.json is kept like the key slots: two copies, each with an unkeyed
// SHA-256, so that one bad sector never makes the vault unreadable. A vault
// laid out by an older version holds vault.json alone; it is read as it is
// and the missing copies are written at the next unlock.
var metaNames = [2]string{metaName, metaName + ".2"}

// ErrUnfinished: the folder holds a vault whose setup never finished (no
// save ever completed), which a new Create replaces.
var ErrUnfinished = errors.New("vault setup never finished")

// metaCopy is one copy of vault.json as read from disk.
type metaCopy struct {
	name     string
	data     []byte
	m        meta
	parsed   bool // a well-formed vault.json
	verified bool // parsed and matching its .sha256
	noHash   bool // its .sha256 is missing (not mismatched)
	missing  bool // the copy itself is missing
}

func parseMeta(b []byte) (meta, bool) {
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || !vaultIDRE.MatchString(m.ID) || m.Format < 1 {
		return meta{}, false
	}
	return m, true
}

// readMeta reads both copies of vault.json and takes, in this order, a
// copy that matches its hash, a copy without a hash (older layouts, or
// both hashes lost) that parses, or any copy that parses when the copies
// agree. Copies that are not right are noted in v.metaRepair and
// rewritten after a successful unlock.
func (v *Vault) readMeta() error {
	var cs []metaCopy
	for _, n := range metaNames {
		c := metaCopy{name: n}
		b, err := v.o.FS.ReadFile(v.p(n))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			c.missing = true
		case err == nil:
			c.data = b
			c.m, c.parsed = parseMeta(b)
			sum, serr := v.o.FS.ReadFile(v.p(n + hashSuffix))
			c.noHash = errors.Is(serr, fs.ErrNotExist)
			c.verified = c.parsed && serr == nil && string(sum) == hashLine(n, b)
		}
		cs = append(cs, c)
	}
	if cs[0].missing && cs[1].missing {
		return fmt.Errorf("%w: %w (no %s)", ErrNotVault, ErrUnfinished, metaName)
	}
	var pick *metaCopy
	for _, want := range []func(metaCopy) bool{
		func(c metaCopy) bool { return c.verified },
		func(c metaCopy) bool { return c.parsed && c.noHash },
		func(c metaCopy) bool { return c.parsed },
	} {
		for i := range cs {
			if want(cs[i]) {
				pick = &cs[i]
				break
			}
		}
		if pick != nil {
			break
		}
	}
	if pick == nil {
		return fmt.Errorf("%w: both copies of %s unreadable", ErrDamaged, metaName)
	}
	if pick.m.Format > formatVersion {
		return fmt.Errorf("vault format %d is newer than this program (%d)", pick.m.Format, formatVersion)
	}
	v.id = pick.m.ID
	v.metaBytes = pick.data
	v.metaRepair = nil
	for _, c := range cs {
		if !c.verified || string(c.data) != string(pick.data) {
			v.metaRepair = append(v.metaRepair, c.name)
		}
	}
	return nil
}

// writeMeta writes both copies of vault.json, each before its hash.
func (v *Vault) writeMeta(data []byte, names []string) error {
	for _, n := range names {
		if err := v.writeAtomic(n, data); err != nil {
			return err
		}
		if err := v.writeAtomic(n+hashSuffix, []byte(hashLine(n, data))); err != nil {
			return err
		}
	}
	return nil
}

// metaExists reports whether either copy of vault.json is there.
func (v *Vault) metaExists() bool {
	for _, n := range metaNames {
		if _, err := v.o.FS.Stat(v.p(n)); err == nil {
			return true
		}
	}
	return false
}

// holdsData reports whether the folder holds anything a save or an
// attachment put there: a complete generation, an attachment or a
// quarantined file. A vault without any is an unfinished setup (a first
// save that never completed) and holds nothing to lose.
func (v *Vault) holdsData() bool {
	if gens, err := v.listGens(); err != nil {
		return true // cannot tell: assume it does
	} else {
		for _, g := range gens {
			if !g.partial {
				return true
			}
		}
	}
	for _, d := range []string{blobDir, quarantineDir} {
		names, err := v.o.FS.ReadDir(v.p(d))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return true
		}
		if len(names) > 0 {
			return true
		}
	}
	return false
}
