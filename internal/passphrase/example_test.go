package passphrase_test

import (
	"crypto/rand"
	"fmt"
	"strings"

	"xinqing/internal/passphrase"
)

func Example() {
	school := []string{"北京市第四中学", "Beijing No.4 High School"}

	offer := passphrase.Generate(rand.Reader)
	fmt.Println(len(strings.Split(offer, "-")), passphrase.Check(offer, school).OK)

	for _, p := range []string{"mima1234", "beijingsizhong2024", "窗外的梧桐树在秋天落满了金黄叶子"} {
		r := passphrase.Check(p, school)
		fmt.Println(r.OK, r.ReasonZH)
	}
	// Output:
	// 6 true
	// false 太短：至少需要12个字符（现在8个）
	// false 太容易被猜到：包含学校名称或相关词语
	// true 强度：很强
}
