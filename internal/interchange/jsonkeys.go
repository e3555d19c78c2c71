package interchange

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"xinqing/internal/casework"
)

// utf8BOM is what Windows Notepad writes at the start of a UTF-8 file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// The checks of the document's bytes (a byte order mark dropped, UTF-8
// only) run as the stream is read (countingReader in import.go);
// duplicateKeys runs on each top-level value and each record as it is read.

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
