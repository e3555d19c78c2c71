package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// classesDialog is the 班级 management view: every class with its student
// count, each renamed (or merged into another) in one step. A rename onto
// a class that has students asks before merging the two.
func (s *studentsScreen) classesDialog() {
	a := s.a
	rows := container.NewVBox()
	msg := errorBlock()
	var d dialog.Dialog
	var fill func()
	rename := func(c ClassCount) {
		grade, class := newEntry(a.act), newEntry(a.act)
		grade.SetText(c.Grade)
		class.SetText(c.Class)
		items := []*widget.FormItem{widget.NewFormItem(studentField("grade"), grade), widget.NewFormItem(studentField("class"), class)}
		var run func(merge bool)
		run = func(merge bool) {
			_, err := s.svc.RenameClass(context.Background(), c.Grade, c.Class, grade.Text, class.Text, merge)
			var ce *casework.Error
			if errors.As(err, &ce) && ce.Code == casework.ECONFLICT && !merge {
				dialog.ShowConfirm(tr("students.classes.merge_title"), whenRefusal(c.Grade+" "+c.Class, err), func(ok bool) {
					if ok {
						run(true)
					}
				}, a.win)
				return
			}
			if err != nil {
				setError(msg, recordError("rename class", err, a.language()))
				return
			}
			setError(msg, "")
			fill()
			s.reload()
		}
		dialog.ShowForm(tr("students.classes.rename_title", map[string]any{"Class": c.Grade + " " + c.Class}),
			tr("cases.list.add_ok"), tr("cases.cancel"), items, func(ok bool) {
				if ok {
					run(false)
				}
			}, a.win)
	}
	fill = func() {
		rows.RemoveAll()
		cl, err := s.svc.Classes(context.Background())
		if err != nil {
			setError(msg, errorMessage("list classes", err))
		}
		for _, c := range cl {
			c := c
			l := widget.NewLabel(fmt.Sprintf("%s %s", c.Grade, c.Class))
			n := widget.NewLabel(tr("students.classes.count", map[string]any{"N": c.Students}))
			b := a.act.button(tr("students.classes.rename"), theme.DocumentCreateIcon(), func() { rename(c) })
			rows.Add(container.NewBorder(nil, nil, nil, container.NewHBox(n, b), l))
		}
		rows.Refresh()
	}
	fill()
	d = dialog.NewCustom(tr("students.classes.title"), tr("students.classes.close"),
		container.NewBorder(nil, msg, nil, nil, newVScroll(rows)), a.win)
	d.Resize(fyne.NewSize(560, 480))
	d.Show()
}
