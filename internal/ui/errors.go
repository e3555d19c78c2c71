package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
)

// errorMessage turns a service error into a sentence that tells the user
// what happened and what to do. The raw error goes to the log only.
func errorMessage(op string, err error) string {
	fyne.LogError(op, err)
	var se *SheetError
	var n *Notice
	switch {
	case errors.As(err, &n):
		return n.Message
	case errors.As(err, &se):
		if se.Group == 0 {
			return tr("err.sheet_count")
		}
		if se.Reason != "" { // the reason is Chinese; the English text leaves it out
			return tr("err.sheet_group_reason", map[string]any{"N": se.Group, "Reason": se.Reason})
		}
		return tr("err.sheet_group", map[string]any{"N": se.Group})
	case errors.Is(err, ErrWrongPassphrase):
		return tr("err.wrong_passphrase")
	case errors.Is(err, ErrDamaged):
		return tr("err.damaged")
	case errors.Is(err, ErrInUse):
		return tr("err.in_use")
	case errors.Is(err, ErrNoVault):
		return tr("err.no_vault")
	case errors.Is(err, ErrVaultExists):
		return tr("err.vault_exists")
	case errors.Is(err, ErrDiskFull):
		return tr("err.disk_full")
	case errors.Is(err, ErrPermission):
		return tr("err.permission")
	case errors.Is(err, ErrNotAvailable):
		return tr("err.not_available")
	case errors.Is(err, ErrSlotsDamaged):
		return tr("err.slots_damaged")
	case errors.Is(err, ErrNotFound):
		return tr("err.not_found")
	case errors.Is(err, ErrReadOnly):
		return tr("err.read_only")
	case errors.Is(err, ErrNameTooLong):
		return tr("err.name_too_long")
	case errors.Is(err, ErrDeviceGone):
		return tr("err.device_gone")
	case errors.Is(err, ErrFileTooBig):
		return tr("err.file_too_big")
	case errors.Is(err, ErrWeakPassphrase):
		return tr("err.weak_passphrase")
	case errors.Is(err, context.Canceled):
		return tr("err.canceled")
	default:
		return tr("err.unexpected")
	}
}

// saveFailure is the red status-bar text for a failed save: the reason
// and what to do.
func saveFailure(err error) string {
	reason, todo := tr("save.reason_io"), tr("save.todo_io")
	switch {
	case errors.Is(err, ErrDiskFull):
		reason, todo = tr("save.reason_disk_full"), tr("save.todo_disk_full")
	case errors.Is(err, ErrPermission):
		reason, todo = tr("save.reason_permission"), tr("save.todo_permission")
	case errors.Is(err, ErrDamaged):
		reason, todo = tr("save.reason_check"), tr("save.todo_check")
	}
	return tr("save.failed", map[string]any{"Reason": reason, "Todo": todo})
}

// Notice is a result the services report as a sentence of their own: the
// work was done, with a remark the counselor must read (for example a
// document written with characters that printed as □).
type Notice struct {
	Message string
	Err     error
}

func (n *Notice) Error() string { return n.Message }
func (n *Notice) Unwrap() error { return n.Err }
