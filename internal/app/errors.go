package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"xinqing/internal/backup"
	"xinqing/internal/county"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
	"xinqing/internal/vault"
	"xinqing/internal/vault/sheet"
)

// Kind is what went wrong, in the terms both programs explain: the command
// line turns it into an exit code and a sentence, the desktop into the
// error kinds its screens show.
type Kind string

// The kinds. KindOther is anything the user cannot act on differently
// (the sentence is the error itself).
const (
	KindOther          Kind = ""
	KindWrongKey       Kind = "wrong_key"       // the passphrase or sheet does not open it
	KindSheetTypo      Kind = "sheet_typo"      // the typed sheet does not parse (Problem.Group says where)
	KindDamaged        Kind = "damaged"         // a vault file or the database failed its checks
	KindNoGeneration   Kind = "no_generation"   // no saved generation opens
	KindInUse          Kind = "in_use"          // another window holds the vault
	KindExists         Kind = "exists"          // a vault is already in the folder
	KindNoVault        Kind = "no_vault"        // the folder holds no vault
	KindDiskFull       Kind = "disk_full"       // the computer's disk
	KindPermission     Kind = "permission"      // a folder or file may not be written
	KindCancelled      Kind = "cancelled"       // the user cancelled; nothing half done is left
	KindLocked         Kind = "locked"          // no vault is unlocked
	KindNoSpace        Kind = "no_space"        // the backup drive is full
	KindTooLarge       Kind = "too_large"       // a file over FAT32's limit or the restore cap
	KindIncomplete     Kind = "incomplete"      // a backup without its manifest
	KindNoBackup       Kind = "no_backup"       // no backup found
	KindBackupDamaged  Kind = "backup_damaged"  // a backup fails its manifest or checks
	KindSlotDamaged    Kind = "slot_damaged"    // only the sheet opens this backup
	KindSlotsDamaged   Kind = "slots_damaged"   // the vault's passphrase slots are gone: the sheet opens it
	KindUnfinished     Kind = "unfinished"      // a vault whose setup never finished: create it again
	KindNotFound       Kind = "not_found"       // a file or folder is missing
	KindReadOnly       Kind = "read_only"       // the disk or stick is read-only (write-protected)
	KindNameTooLong    Kind = "name_too_long"   // a file name or path too long for the file system
	KindDeviceGone     Kind = "device_gone"     // an I/O error: the drive was removed or is failing
	KindFileTooBig     Kind = "file_too_big"    // the file system refuses a file this large
	KindWeakPassphrase Kind = "weak_passphrase" // the passphrase policy refuses a new passphrase
	KindRefused        Kind = "refused"         // an input refused for a reason its sentence names
)

// ErrSlotDamaged: the backup's passphrase slot is damaged; its recovery
// sheet (or the vault's own key) still opens it.
var ErrSlotDamaged = errors.New("the backup's key slot is damaged")

// Problem is an error classified: its kind, for a typo on the sheet the
// group (0: the count of groups), and a Chinese and an English sentence
// that say what happened and what to do.
type Problem struct {
	Kind   Kind
	Group  int
	ZH, EN string
}

// ErrorKind is Classify(err).Kind.
func ErrorKind(err error) Kind { return Classify(err).Kind }

// Classify names what err means to the user. The order matters where one
// error matches several kinds: a cancelled backup also wraps the context's
// error, a damaged backup also matches vault damage.
func Classify(err error) Problem {
	var ge *sheet.GroupError
	var weak *WeakPassphraseError
	var le *county.ListError
	var re *interchange.ResultsError
	switch {
	case err == nil:
		return Problem{}
	case errors.As(err, &weak):
		return Problem{Kind: KindWeakPassphrase, ZH: "密码不符合要求: " + weak.Result.ReasonZH, EN: "passphrase refused: " + weak.Result.ReasonEN}
	case errors.As(err, &ge):
		return Problem{Kind: KindSheetTypo, Group: ge.Group, ZH: ge.Error(), EN: fmt.Sprintf("typo in group %d", ge.Group)}
	case errors.Is(err, sheet.ErrInvalid), errors.Is(err, sheet.ErrEmpty):
		return Problem{Kind: KindSheetTypo, ZH: "恢复密钥格式不正确", EN: "the recovery sheet does not parse"}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), errors.Is(err, backup.ErrCancelled):
		return Problem{Kind: KindCancelled, ZH: "已取消，没有留下不完整的数据", EN: "cancelled; nothing incomplete was left behind"}
	case errors.Is(err, ErrSlotDamaged):
		return Problem{Kind: KindSlotDamaged, ZH: "该备份的密码槽已损坏，只能用恢复密钥单恢复", EN: "the backup's key slot is damaged; use the recovery sheet"}
	case errors.Is(err, backup.ErrNoSpace):
		return Problem{Kind: KindNoSpace, ZH: "U盘空间不足: " + err.Error(), EN: "not enough space on the drive"}
	case errors.Is(err, backup.ErrFAT32):
		return Problem{Kind: KindTooLarge, ZH: "文件超过 4 GB，FAT32 格式的U盘放不下；请换一个 exFAT 或 NTFS 格式的U盘", EN: "the file is over FAT32's 4 GiB limit: use an exFAT or NTFS drive"}
	case errors.Is(err, backup.ErrTooLarge):
		return Problem{Kind: KindTooLarge, ZH: "文件太大，超过了允许的上限，未读取: " + err.Error(), EN: "file too large: " + err.Error()}
	case errors.Is(err, backup.ErrIncomplete):
		return Problem{Kind: KindIncomplete, ZH: "这个备份不完整（缺少 .sha256 校验文件），不能用于恢复", EN: "the backup is incomplete"}
	case errors.Is(err, backup.ErrNoBackup):
		return Problem{Kind: KindNoBackup, ZH: "没有找到备份", EN: "no backup found"}
	case errors.Is(err, vault.ErrWrongKey):
		return Problem{Kind: KindWrongKey, ZH: "密码或恢复密钥不正确", EN: "wrong passphrase or recovery sheet"}
	case errors.Is(err, backup.ErrUnsafe):
		// A link, device or FIFO where a backup file should be: someone
		// else's stick, or a hostile one. Nothing was read through it.
		return Problem{Kind: KindBackupDamaged, ZH: "U盘上的备份文件夹里有不安全的文件，已拒绝使用（未读取、未删除任何内容）: " + err.Error() + "；请换一个U盘或检查这个文件夹",
			EN: "unsafe file on the stick, refused: " + err.Error()}
	case errors.Is(err, backup.ErrDamaged):
		return Problem{Kind: KindBackupDamaged, ZH: "备份已损坏: " + err.Error() + "；请换一个备份", EN: "backup damaged: " + err.Error()}
	case errors.Is(err, vault.ErrInUse):
		return Problem{Kind: KindInUse, ZH: "档案库正在被另一个心晴窗口使用，请先关闭它", EN: "the vault is in use by another instance"}
	case errors.Is(err, vault.ErrExists):
		return Problem{Kind: KindExists, ZH: "该文件夹中已有档案库", EN: "a vault already exists there"}
	case errors.Is(err, vault.ErrUnfinished):
		return Problem{Kind: KindUnfinished, ZH: "这个档案库的建立没有完成（从未保存过），里面没有数据；请重新新建档案库", EN: "the vault's setup never finished; it holds no data: create it again"}
	case errors.Is(err, vault.ErrSlotsDamaged):
		return Problem{Kind: KindSlotsDamaged, ZH: "密码槽文件丢失或损坏，密码无法打开档案库；数据没有受损：请用恢复密钥单打开并设置新密码（忘记密码 / xinqingctl recover）", EN: "both passphrase slots are missing or damaged; the data is fine: open with the recovery sheet and set a new passphrase"}
	case errors.Is(err, vault.ErrDamaged), errors.Is(err, store.ErrCorrupt), errors.Is(err, store.ErrSchema), errors.Is(err, store.ErrGeneration):
		return Problem{Kind: KindDamaged, ZH: "数据已损坏: " + err.Error() + "；请从U盘备份恢复", EN: "data damaged: " + err.Error()}
	case errors.Is(err, vault.ErrNoGeneration):
		return Problem{Kind: KindNoGeneration, ZH: "档案库中没有可以打开的保存版本；请从U盘备份恢复", EN: "no generation opens"}
	case errors.Is(err, vault.ErrNotVault):
		return Problem{Kind: KindNoVault, ZH: "这个文件夹中没有档案库", EN: "no vault in this folder"}
	case errors.As(err, &le):
		return Problem{Kind: KindRefused, ZH: le.Chinese(), EN: le.Error()}
	case errors.As(err, &re):
		return Problem{Kind: KindRefused, ZH: re.ZH, EN: re.EN}
	case errors.Is(err, ErrNotCounty):
		return Problem{Kind: KindRefused, ZH: "这不是县（区）汇总库", EN: "not a county vault"}
	case errors.Is(err, ErrLocked):
		return Problem{Kind: KindLocked, ZH: "档案库已锁定；请先解锁", EN: "the vault is locked"}
	}
	if p, ok := classifyOS(err); ok {
		return p
	}
	return Problem{Kind: KindOther, ZH: err.Error(), EN: err.Error()}
}

// classifyOS names the OS error classes, so that no raw English error of
// the operating system reaches the user. The file's path, when the error
// has one, is named: it is the user's own file.
func classifyOS(err error) (Problem, bool) {
	where := ""
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path != "" {
		where = "（" + pe.Path + "）"
	}
	is := func(errs []error) bool {
		for _, e := range errs {
			if errors.Is(err, e) {
				return true
			}
		}
		return false
	}
	en := err.Error()
	switch {
	case is(errnoNoSpace):
		return Problem{Kind: KindDiskFull, ZH: "磁盘已满，未能写入" + where + "；请腾出空间后再试，已有的数据没有受影响", EN: "the disk is full: " + en}, true
	case is(errnoReadOnly):
		return Problem{Kind: KindReadOnly, ZH: "这个磁盘或U盘是只读的（可能打开了写保护开关）" + where + "；请关闭写保护或换一个位置", EN: "read-only file system: " + en}, true
	case errors.Is(err, fs.ErrPermission):
		return Problem{Kind: KindPermission, ZH: "没有权限读写这个位置" + where + "；请换一个文件夹，或请信息老师检查权限", EN: "permission denied: " + en}, true
	case errors.Is(err, fs.ErrNotExist):
		return Problem{Kind: KindNotFound, ZH: "找不到文件或文件夹" + where + "；请检查路径，或U盘是否已插好", EN: "no such file or folder: " + en}, true
	case is(errnoNameTooLong):
		return Problem{Kind: KindNameTooLong, ZH: "文件名或路径太长" + where + "；请换一个短一些的名字或文件夹", EN: "file name too long: " + en}, true
	case is(errnoFileTooBig):
		return Problem{Kind: KindFileTooBig, ZH: "文件太大，目标磁盘放不下这么大的单个文件" + where + "（FAT32 格式的U盘单个文件最大 4 GB）；请换一个 exFAT 或 NTFS 格式的磁盘", EN: "file too large for the file system: " + en}, true
	case is(errnoDeviceGone):
		return Problem{Kind: KindDeviceGone, ZH: "读写磁盘时出错" + where + "：U盘可能被拔出，或磁盘有故障；请重新插好后再试，并检查备份", EN: "I/O error (device removed or failing): " + en}, true
	}
	if pe != nil {
		return Problem{Kind: KindOther, ZH: "无法读写文件" + where + "；请检查磁盘或U盘后再试", EN: en}, true
	}
	return Problem{}, false
}
