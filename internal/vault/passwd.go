package vault

import (
	"bytes"
	"errors"
	"io/fs"
)

// pendingSlot holds, while a passphrase change writes the two slot copies,
// the new slot (with its .sha256). Written before either copy, removed
// after both: an unlock that finds it with one copy already holding the
// new slot completes the change, and one without any such copy drops it.
// So an interrupted change never leaves the old passphrase opening one copy
// and the new one the other beyond the next unlock.
const pendingSlot = "key.slot.new"

// changeSlots writes slot (the same identity under a new passphrase) into
// both copies through the pending file. A failure after the first copy
// was written puts the old slot back when it can; when it cannot, the
// pending file stays and the next unlock completes the change.
func (v *Vault) changeSlots(slot []byte) error {
	if err := v.writeSlot(pendingSlot, slot); err != nil {
		v.dropPending()
		return err
	}
	for i, n := range slotNames {
		if err := v.writeSlot(n, slot); err != nil {
			if v.slot != nil && v.rollbackSlots(i) == nil {
				v.dropPending()
			}
			return err
		}
	}
	v.slot = slot
	v.dropPending() // best effort: both copies already agree
	return nil
}

// rollbackSlots writes the slot that opened back into copies 0..i.
func (v *Vault) rollbackSlots(i int) error {
	for _, n := range slotNames[:i+1] {
		if err := v.writeSlot(n, v.slot); err != nil {
			return err
		}
	}
	return nil
}

func (v *Vault) dropPending() error {
	var first error
	for _, f := range []string{pendingSlot + hashSuffix, pendingSlot} {
		if err := v.o.FS.Remove(v.p(f)); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = err
		}
	}
	if first == nil {
		first = v.o.FS.SyncDir(v.dir)
	}
	return first
}

// completePending finishes or drops an interrupted passphrase change, at
// unlock. slots is updated in place for the repairs that follow.
func (v *Vault) completePending(slots []slotCopy) {
	data, err := v.o.FS.ReadFile(v.p(pendingSlot))
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := v.o.FS.Stat(v.p(pendingSlot + hashSuffix)); err == nil {
			_ = v.dropPending()
		}
		return
	}
	sum, serr := v.o.FS.ReadFile(v.p(pendingSlot + hashSuffix))
	if err != nil || serr != nil || string(sum) != hashLine(pendingSlot, data) {
		// Cut short before the first copy was written: the change never
		// took effect.
		_ = v.dropPending()
		return
	}
	holds := false
	for _, c := range slots {
		if c.damaged == nil && bytes.Equal(c.data, data) {
			holds = true
		}
	}
	if holds {
		wrote := false
		for i := range slots {
			c := &slots[i]
			if c.damaged == nil && bytes.Equal(c.data, data) && !c.unverified {
				continue
			}
			if err := v.writeSlot(c.name, data); err != nil {
				return // the pending file stays: the next unlock tries again
			}
			c.data, c.damaged, c.unverified = data, nil, false
			v.repaired = append(v.repaired, c.name)
			wrote = true
		}
		if v.slot != nil {
			clear(v.slot)
			v.slot = bytes.Clone(data)
		}
		v.changeCompleted = wrote
	}
	_ = v.dropPending()
}
