package app

import (
	"io"

	"xinqing/internal/interchange"
)

// RosterTemplateColumns are the columns of the roster template: those
// marked * are required (年级 only when the class name does not say it).
var RosterTemplateColumns = []string{"姓名*", "性别*", "班级*", "年级", "学籍号", "出生日期", "班主任", "监护人", "关系", "联系电话"}

// WriteRosterTemplate writes an empty roster (.xlsx) with the columns the
// import reads, to path. It has no example row: a row left in by mistake
// would be imported as a student.
func WriteRosterTemplate(path string) error {
	return WriteOutput(path, Replace, func(w io.Writer) error {
		return interchange.ExportList(w, "学生名单", RosterTemplateColumns, nil)
	})
}
