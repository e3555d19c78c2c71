package casework

import (
	"strings"
	"testing"
)

func TestParseDateInput(t *testing.T) {
	tests := []struct {
		in, want string
		errZH    string // part of the refusal; "" means accepted
	}{
		{"2014-03-05", "2014-03-05", ""},
		{"2014/3/5", "2014-03-05", ""},
		{"2014-3-5", "2014-03-05", ""},
		{"2014.3.5", "2014-03-05", ""},
		{"2014年3月5日", "2014-03-05", ""},
		{"2014年3月5", "2014-03-05", ""},
		{"20140305", "2014-03-05", ""},
		{"２０１４／３／５", "2014-03-05", ""},
		{"２０１４年３月５日", "2014-03-05", ""},
		{"２０１４０３０５", "2014-03-05", ""},
		{" 2014 - 3 - 5 ", "2014-03-05", ""},
		{"2014。3。5", "2014-03-05", ""},
		{"2016/2/29", "2016-02-29", ""},
		{"", "", ""},
		{"2014/2/29", "", "2014年2月没有 29 日（这个月只有 28 天）"},
		{"2014-13-01", "", "月份 13 不存在"},
		{"2014-00-10", "", "月份 0 不存在"},
		{"2014-4-31", "", "没有 31 日"},
		{"2014-4-0", "", "没有 0 日"},
		{"20141305", "", "月份 13 不存在"},
		{"1800-01-01", "", "年份 1800 不在"},
		{"14/3/5", "", "不是可识别的日期"},
		{"2014-3", "", "不是可识别的日期"},
		{"明天", "", "不是可识别的日期"},
		{"2014/3-5x", "", "不是可识别的日期"},
	}
	for _, tt := range tests {
		got, err := ParseDateInput(tt.in)
		switch {
		case tt.errZH == "" && (err != nil || string(got) != tt.want):
			t.Errorf("ParseDateInput(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.errZH != "" && (err == nil || !strings.Contains(ErrorMessageZH(err), tt.errZH)):
			t.Errorf("ParseDateInput(%q) = %q, %v; want a refusal containing %q", tt.in, got, err, tt.errZH)
		case err != nil && (ErrorCode(err) != EINVALID || strings.Contains(ErrorMessageZH(err), "%!")):
			t.Errorf("ParseDateInput(%q): bad error %v", tt.in, err)
		case err == nil && got != "" && !got.Valid():
			t.Errorf("ParseDateInput(%q) = %q, not canonical", tt.in, got)
		}
	}
}

func TestParseClockInput(t *testing.T) {
	tests := []struct {
		in, want string
		errZH    string
	}{
		{"14:30", "14:30", ""},
		{"1430", "14:30", ""},
		{"0930", "09:30", ""},
		{"930", "09:30", ""},
		{"9:05", "09:05", ""},
		{"14：30", "14:30", ""},
		{"１４：３０", "14:30", ""},
		{"14点30", "14:30", ""},
		{"14点30分", "14:30", ""},
		{"14时5分", "14:05", ""},
		{"14点", "14:00", ""},
		{"8点半", "08:30", ""},
		{"0:00", "00:00", ""},
		{"23:59", "23:59", ""},
		{"", "", ""},
		{"24:00", "", "24 点不存在"},
		{"2500", "", "25 点不存在"},
		{"14:60", "", "60 分不存在"},
		{"14点75", "", "75 分不存在"},
		{"14:3", "", "不是可识别的时间"},
		{"14", "", "不是可识别的时间"},
		{"下午两点", "", "不是可识别的时间"},
		{"12345", "", "不是可识别的时间"},
	}
	for _, tt := range tests {
		got, err := ParseClockInput(tt.in)
		switch {
		case tt.errZH == "" && (err != nil || string(got) != tt.want):
			t.Errorf("ParseClockInput(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.errZH != "" && (err == nil || !strings.Contains(ErrorMessageZH(err), tt.errZH)):
			t.Errorf("ParseClockInput(%q) = %q, %v; want a refusal containing %q", tt.in, got, err, tt.errZH)
		case err != nil && (ErrorCode(err) != EINVALID || strings.Contains(ErrorMessageZH(err), "%!")):
			t.Errorf("ParseClockInput(%q): bad error %v", tt.in, err)
		case err == nil && got != "" && !got.Valid():
			t.Errorf("ParseClockInput(%q) = %q, not canonical", tt.in, got)
		}
	}
}
