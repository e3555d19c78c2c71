package report

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// RecoverySheet is what the recovery sheet (恢复密钥单) prints. Lines are
// the printed lines of the sheet, each holding space-separated groups
// (as internal/vault/sheet formats them); groups are numbered across
// lines from 1.
type RecoverySheet struct {
	SchoolName string
	VaultID    string
	Created    time.Time
	Lines      []string
	// Fingerprint is the school's return-signing key fingerprint, which
	// the county registers; empty prints no row.
	Fingerprint string
}

// ErrEmptySheet means a recovery sheet without groups was asked for.
var ErrEmptySheet = errors.New("report: recovery sheet has no groups")

// RenderRecoverySheet returns the recovery sheet as a PDF generated at now.
func RenderRecoverySheet(s RecoverySheet, now time.Time) ([]byte, error) {
	var lines [][]string
	for _, l := range s.Lines {
		if g := strings.Fields(l); len(g) > 0 {
			lines = append(lines, g)
		}
	}
	if len(lines) == 0 {
		return nil, ErrEmptySheet
	}
	opt := docOptions{title: "恢复密钥单", now: now, confidential: true}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title("心晴　恢复密钥单")
		d.subtitle("本单可在忘记密码时找回全部数据，请像保管现金一样保管")
		d.space(3)
		rows := [][]cell{
			append(labelled("保险库编号", orDash(s.VaultID), 0), labelled("创建时间", s.Created.Format("2006年1月2日 15:04"), 0)...),
		}
		if s.SchoolName != "" { // printed before the school is set up: no 学校「—」 line
			rows = append([][]cell{labelled("学校", s.SchoolName, 3)}, rows...)
		}
		if s.Fingerprint != "" {
			rows = append(rows, labelled("签名指纹", s.Fingerprint, 3))
		}
		d.drawTable(table{widths: []float64{22, 63, 22, 63}, rows: rows})

		d.heading("一、恢复密钥")
		d.keyGroups(lines)
		total := 0
		for _, g := range lines {
			total += len(g)
		}
		d.paragraph(fmt.Sprintf("共%d组。输入时按组号顺序输入，不区分大小写，空格和短横线可以省略。", total), sizeSmall, 0)

		d.heading("二、保管要求")
		d.numbered([]string{
			"锁在保密柜里，与其他材料分开存放。",
			"不要拍照、不要复印、不要存在电脑或手机里，也不要通过微信、QQ、邮件发送。",
			"丢失本单或怀疑被他人看到时，请立即在心晴中使用“紧急更换密钥”：旧单随即作废，并打印新单。",
			"调离岗位时，把本单连同心晴数据一起按规定移交给接任的心理教师。",
		}, sizeTable)

		d.heading("三、忘记密码时（在心晴中）")
		d.numbered([]string{
			"打开心晴，在解锁界面点击“忘记密码”。",
			"按组号顺序输入恢复密钥。某一组输错时，心晴会指出是第几组。",
			"设置新密码。数据不会丢失，本单继续有效。",
		}, sizeTable)

		d.heading("四、没有心晴软件时（由信息技术人员操作）")
		d.paragraph("心晴的数据文件是标准的 age 加密文件，可以用开源工具 age（1.3 或更高版本，https://age-encryption.org）解密：", sizeTable, 0)
		d.numbered([]string{
			"在一台不联网的电脑上新建纯文本文件 key.txt，写入一行身份密钥：先写 AGE-SECRET-KEY-PQ-1，接着按组号顺序写第1～" +
				fmt.Sprint(total-1) + "组每组的前4个字符、第" + fmt.Sprint(total) + "组的前2个字符，不留空格（每组其余的字符是供心晴核对的校验字符，不要写入）。" +
				identityExample(lines),
			"找到最新的数据文件：U盘的“心晴备份/" + orDash(s.VaultID) + "/”文件夹里名称最新的 .age 文件（例如 20261128T1530-g000124.age），或心晴数据文件夹 gen/ 里编号最大的 .age 文件。",
			"在命令行运行下面的命令，得到数据库文件 xinqing.db：",
		}, sizeTable)
		d.code("age -d -i key.txt 20261128T1530-g000124.age > xinqing.db")
		d.paragraph("用任何 SQLite 工具（如 DB Browser for SQLite、sqlite3）打开 xinqing.db 即可查看全部记录。用完后彻底删除 key.txt 和 xinqing.db（包括回收站）：它们是未加密的学生敏感信息。", sizeTable, 0)

		d.signatures([]signField{
			{label: "保管人（签字）"},
			{label: "存放位置"},
		}, 2, "")
	})
}

// identityExample shows how the identity line starts, from the sheet's
// own first two groups (4 key characters + 1 check character each; the
// last group holds 2 key characters: see internal/vault/sheet).
func identityExample(lines [][]string) string {
	var groups []string
	for _, l := range lines {
		groups = append(groups, l...)
	}
	if len(groups) < 2 || len(groups[0]) < 4 || len(groups[1]) < 4 {
		return ""
	}
	n := len("AGE-SECRET-KEY-PQ-1") + 4*(len(groups)-1) + 2
	return fmt.Sprintf("例如本单第1组是 %s、第2组是 %s，这一行就以 AGE-SECRET-KEY-PQ-1%s%s 开头，全长%d个字符。",
		groups[0], groups[1], groups[0][:4], groups[1][:4], n)
}

// keyGroups draws the groups of the sheet large, in a monospaced face,
// each in a ruled box under its group number.
func (d *doc) keyGroups(lines [][]string) {
	pdf := d.pdf
	perLine := 0
	for _, g := range lines {
		perLine = max(perLine, len(g))
	}
	const lineLabelW = 16.0
	cellW := (contentW - lineLabelW) / float64(perLine)
	keySize := min(18.0, cellW*2.2) // Courier glyphs are 0.6 em wide
	labelH := lineHeight(sizeSmall)
	keyH := lineHeight(keySize) + 1
	rowH := labelH + keyH
	n := 0
	for i, groups := range lines {
		d.ensure(rowH)
		y := d.y
		pdf.SetLineWidth(0.25)
		pdf.SetFillColor(242, 242, 242)
		pdf.Rect(marginLeft, y, lineLabelW, rowH, "FD")
		d.setSize(sizeSmall)
		label := fmt.Sprintf("第%d行", i+1)
		d.record(label)
		d.textBox(marginLeft, y, lineLabelW, rowH, label, 'C')
		for j, g := range groups {
			n++
			x := marginLeft + lineLabelW + float64(j)*cellW
			pdf.Rect(x, y, cellW, rowH, "D")
			pdf.SetTextColor(90, 90, 90)
			d.setSize(sizeSmall)
			num := fmt.Sprintf("第%d组", n)
			d.record(num)
			d.textBox(x, y+0.5, cellW, labelH, num, 'C')
			pdf.SetTextColor(0, 0, 0)
			pdf.SetFont("Courier", "B", keySize)
			d.record(g)
			d.textBox(x, y+labelH, cellW, keyH, g, 'C')
			pdf.SetFont(fontFamily, "", sizeSmall)
		}
		d.y += rowH
	}
	d.space(1.5)
	pdf.SetLineWidth(0.2)
}

// code draws command lines in a monospaced face on a shaded band.
func (d *doc) code(lines ...string) {
	pdf := d.pdf
	const size = 10.0
	lh := lineHeight(size)
	h := float64(len(lines))*lh + 3
	d.ensure(h + 2)
	d.space(1)
	pdf.SetFillColor(240, 240, 240)
	pdf.Rect(marginLeft+6, d.y, contentW-6, h, "F")
	pdf.SetFont("Courier", "", size)
	y := d.y + 1.5
	for _, l := range lines {
		d.record(l)
		d.textBox(marginLeft+9, y, contentW-12, lh, l, 'L')
		y += lh
	}
	pdf.SetFont(fontFamily, "", sizeBody)
	d.y += h + 1
}
