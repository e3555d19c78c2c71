package backup

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"xinqing/internal/vault"
)

// howTo is 如何恢复.txt: plain instructions, no secrets. CRLF and a BOM so
// that every Windows Notepad shows it.
const howTo = `心晴 备份 —— 如何恢复
====================

本文件夹中是心晴档案库的加密备份。没有密码或恢复密钥单，任何人都无法读取其中的内容。

文件夹结构
----------
  心晴备份/<档案库编号>/20261128T1530-g000124.age      加密的数据库（第 124 次保存）
  心晴备份/<档案库编号>/20261128T1530-g000124.slot     该备份自带的密码槽（用原密码即可解锁）
  心晴备份/<档案库编号>/20261128T1530-g000124.sha256   校验文件，最后写入；没有它的备份不完整
  心晴备份/<档案库编号>/blobs/ab/ab12…ef.age            加密的附件（知情同意书扫描件、绘画等），
                                                       各个备份共用；文件名是原文件内容的 SHA-256

一、检查U盘上的备份是否完好（不需要密码）
  Windows:  certutil -hashfile 20261128T1530-g000124.age SHA256
            并与 .sha256 文件第一行的数字比较（忽略大小写）
  Linux:    cd 心晴备份/<档案库编号> && sha256sum -c 20261128T1530-g000124.sha256
            （同时检查该备份用到的全部附件文件；最后一行 gen=… fp=… 不是校验行，
            提示“格式不正确”可以忽略）
  心晴:     左侧导航“备份” → “校验U盘上的备份”；或命令行 xinqingctl verify-backups --dir <U盘>

二、用心晴恢复（推荐）
  1. 在心晴中选择 左侧导航“备份” → “从备份文件恢复…”，选中要恢复的 .age 文件。
  2. 输入备份时使用的密码（或恢复密钥单）。
  3. 核对显示的备份日期和各类记录的数量，确认后恢复。
     恢复前，当前数据会先另存为一个“恢复前”版本，不会丢失。附件文件随备份一起恢复。
  在新电脑上（还没有档案库）：安装心晴后在欢迎页选择“从备份恢复”，选中U盘，
  在列出的备份中选一个（看日期和“已校验”）并确认；之后用备份时的密码
  或原来的恢复密钥单解锁。
  命令行：xinqingctl restore --vault <档案库文件夹> --from <备份.age>

三、没有心晴时，用通用的 age 工具和恢复密钥单解密
  1. 从 https://age-encryption.org 获取 age 1.3 或更新版本（支持 AGE-SECRET-KEY-PQ 密钥）。
  2. 新建文本文件 key.txt，只写一行：
       AGE-SECRET-KEY-PQ-1 紧接着恢复密钥单上第 1–14 组每组的前 4 个字符，
       再接第 15 组的前 2 个字符（共 58 个字符，不要空格；每组最后的校验字符不要写）。
  3. 运行：
       age -d -i key.txt -o 数据库.sqlite 20261128T1530-g000124.age
  4. 得到的 数据库.sqlite 是标准的 SQLite 数据库，可用 SQLite 工具打开。
     它含有学生的敏感信息：用完请彻底删除，不要留在公用电脑上。
  5. 附件在 blobs 文件夹中，每个文件单独加密，用同一个 key.txt 解密，例如：
       age -d -i key.txt -o 附件 blobs/ab/ab12…ef.age
     文件名（去掉 .age）是原文件内容的 SHA-256；原来的文件名和类型记在数据库的
     attachments 表中（列 filename、mime、sha256），按 sha256 对应。少数附件另有
     ab12…ef.2.age 这样的第二份（档案库换过密钥后写入），用恢复密钥单能解开的那份即可。
  key.txt 含有密钥，用完立即删除。

注意：本文件不含任何密码或密钥。请把U盘和恢复密钥单分开保管。
`

// writeHowTo writes 如何恢复.txt into root unless it is there.
func writeHowTo(fsys vault.FS, root string) error {
	name := path.Join(root, HowToName)
	if _, err := fsys.Stat(name); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	tmp := name + extTmp
	if err := fsys.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	text := "\ufeff" + strings.ReplaceAll(howTo, "\n", "\r\n")
	if err := writeFile(fsys, tmp, []byte(text), nil); err != nil {
		_ = fsys.Remove(tmp)
		return err
	}
	if err := rename(fsys, tmp, name); err != nil {
		_ = fsys.Remove(tmp)
		return err
	}
	return nil
}
