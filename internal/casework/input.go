package casework

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Dates and times as people type them into forms. The JSON interchange
// keeps the strict forms (ParseDate, ParseClock); these are for input
// fields, which show the canonical form back.

var (
	dateInput = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	dateEight = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)

	clockColon  = regexp.MustCompile(`^(\d{1,2})\s*:\s*(\d{2})$`)
	clockDigits = regexp.MustCompile(`^(\d{1,2})(\d{2})$`)
	clockChin   = regexp.MustCompile(`^(\d{1,2})\s*[点时]\s*(?:(\d{1,2})\s*分?|(半))?$`)
)

// foldInput turns full-width digits and punctuation (what a Chinese IME
// types) into ASCII and trims the spaces around.
func foldInput(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			return r - 0xFF01 + '!'
		case r == '\u3000':
			return ' '
		case r == '。':
			return '.'
		case r == '、':
			return '/'
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func inputError(zh, en string, args ...any) error {
	return &Error{Code: EINVALID, MessageZH: fmt.Sprintf(zh, args...), MessageEN: fmt.Sprintf(en, args...)}
}

// ParseDateInput reads a date as typed: 2014-03-05, 2014-3-5, 2014/3/5,
// 2014.3.5, 2014年3月5日 or 20140305, full-width digits included, and
// returns it in canonical form. An impossible date (2014-2-30) or another
// form is refused with an *Error whose MessageZH says why. The empty
// input gives the zero date.
func ParseDateInput(s string) (Date, error) {
	in := foldInput(s)
	if in == "" {
		return "", nil
	}
	m := dateInput.FindStringSubmatch(in)
	if m == nil {
		m = dateEight.FindStringSubmatch(in)
	}
	if m == nil {
		return "", inputError("“%s”不是可识别的日期，请写成 2014-03-05、2014/3/5、2014.3.5、2014年3月5日 或 20140305",
			"%q is not a date; write 2014-03-05, 2014/3/5, 2014.3.5 or 20140305", short(s))
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	switch {
	case y < 1900 || y > 2200:
		return "", inputError("年份 %d 不在 1900 到 2200 之间", "year %d is not between 1900 and 2200", y)
	case mo < 1 || mo > 12:
		return "", inputError("月份 %d 不存在，月份应在 1 到 12 之间", "month %d does not exist", mo)
	case d < 1 || d > daysIn(y, time.Month(mo)):
		return "", inputError("%d年%d月没有 %d 日（这个月只有 %d 天）", "%d-%02d has no day %d (it has %d days)",
			y, mo, d, daysIn(y, time.Month(mo)))
	}
	return Date(fmt.Sprintf("%04d-%02d-%02d", y, mo, d)), nil
}

// ParseClockInput reads a time of day as typed: 14:30, 14：30 (the IME's
// full-width colon), 1430, 930, 14点30, 14点30分, 14时30分, 14点半 or
// 14点, and returns it as HH:MM. An impossible time (25:00, 14:60) or
// another form is refused with an *Error whose MessageZH says why. The
// empty input gives the zero time.
func ParseClockInput(s string) (Clock, error) {
	in := foldInput(s)
	if in == "" {
		return "", nil
	}
	var h, m int
	switch {
	case clockColon.MatchString(in):
		p := clockColon.FindStringSubmatch(in)
		h, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
	case clockDigits.MatchString(in):
		p := clockDigits.FindStringSubmatch(in)
		h, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
	case clockChin.MatchString(in):
		p := clockChin.FindStringSubmatch(in)
		h, _ = strconv.Atoi(p[1])
		if p[3] != "" {
			m = 30
		} else if p[2] != "" {
			m, _ = strconv.Atoi(p[2])
		}
	default:
		return "", inputError("“%s”不是可识别的时间，请写成 14:30、1430 或 14点30",
			"%q is not a time; write 14:30, 1430 or 14点30", short(s))
	}
	switch {
	case h > 23:
		return "", inputError("%d 点不存在，小时应在 0 到 23 之间", "hour %d does not exist; hours run from 0 to 23", h)
	case m > 59:
		return "", inputError("%d 分不存在，分钟应在 0 到 59 之间", "minute %d does not exist; minutes run from 0 to 59", m)
	}
	return Clock(fmt.Sprintf("%02d:%02d", h, m)), nil
}
