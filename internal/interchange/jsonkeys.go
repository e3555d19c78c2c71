package interchange

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"xinqing/internal/casework"
)

// utf8BOM is what Windows Notepad writes at the start of a UTF-8 file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// precheck runs before the document is decoded: it drops a UTF-8 byte
// order mark, refuses bytes that are not UTF-8 (the decoder would turn
// them into replacement characters without a word) and refuses an object
// that holds a key twice (the decoder would keep the last value without a
// word). It returns the data to decode and whether it may be decoded.
func (c *checker) precheck(data []byte) ([]byte, bool) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) {
		bad := 0
		for bad < len(data) {
			r, n := utf8.DecodeRune(data[bad:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			bad += n
		}
		line := bytes.Count(data[:bad], []byte("\n")) + 1
		c.add("", "", casework.RuleEncoding, fmt.Sprintf("文件不是 UTF-8 编码（第 %d 行有无法识别的字节），请用记事本“另存为”UTF-8 后重试", line))
		return data, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := c.duplicateKeys(dec, ""); err != nil {
		return data, true // a syntax error: the decoder reports it with its line
	}
	return data, len(c.errs) == 0
}

// duplicateKeys reads one JSON value from dec and records every object
// key that occurs twice in its object, naming the path ("students[3]").
func (c *checker) duplicateKeys(dec *json.Decoder, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			if seen[key] {
				c.add(kindOfPath(path), joinPath(path, key), casework.RuleDuplicate,
					fmt.Sprintf("%s中的键“%s”出现了不止一次（只能出现一次，否则其中一个值会被忽略）", where(path), shortKey(key)))
			}
			seen[key] = true
			if err := c.duplicateKeys(dec, joinPath(path, key)); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if err := c.duplicateKeys(dec, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	}
	if err == io.EOF {
		err = nil
	}
	return err
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// where names a path for a message: the document itself at the top.
func where(path string) string {
	if path == "" {
		return "文件顶层"
	}
	return path + " "
}

// kindOfPath returns the kind whose array the path is in, if any.
func kindOfPath(path string) casework.Kind {
	arr, _, _ := strings.Cut(path, "[")
	for _, k := range casework.InterchangeKinds() {
		if k.Array() == arr {
			return k
		}
	}
	return ""
}
