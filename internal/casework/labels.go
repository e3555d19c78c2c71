package casework

import (
	"encoding/json"
	"fmt"

	"xinqing/assets"
)

// EnumInfo names an enum and lists its codes in docs/DOMAIN.md "Enums" order. The
// label of a code is "enum.<Name>.<code>" in assets/labels.
type EnumInfo struct {
	Name  string
	Codes []string
}

func codes[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Lang is a label language: a file name of assets/labels without ".json".
type Lang string

// The label languages; zh-CN is complete and the default.
const (
	LangZH Lang = "zh-CN"
	LangEN Lang = "en"
)

// LoadLabels reads the label table of lang from the embedded assets:
// "enum.<enum>.<code>", "field.<record>.<key>" and "record.<kind>" keys.
// The map is the caller's own.
func LoadLabels(lang Lang) (map[string]string, error) {
	b, err := assets.Labels.ReadFile("labels/" + string(lang) + ".json")
	if err != nil {
		return nil, fmt.Errorf("load labels %s: %w", lang, err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("load labels %s: %w", lang, err)
	}
	return m, nil
}

// labelSet is the pair of label tables validation messages are written
// from. It is read once and never written.
type labelSet struct{ zh, en map[string]string }

// builtin holds the embedded labels; a broken file leaves a table empty
// and messages fall back to the JSON key (a test keeps the files whole).
var builtin = func() labelSet {
	zh, _ := LoadLabels(LangZH)
	en, _ := LoadLabels(LangEN)
	return labelSet{zh: zh, en: en}
}()

// Label returns the label of key in lang from the embedded tables, or key
// itself when there is none.
func Label(lang Lang, key string) string {
	m := builtin.zh
	if lang == LangEN {
		m = builtin.en
	}
	if s, ok := m[key]; ok {
		return s
	}
	return key
}

// EnumLabel returns the label of code of the enum named enum.
func EnumLabel(lang Lang, enum, code string) string {
	return Label(lang, "enum."+enum+"."+code)
}

// DefaultRiskLevels returns the default level set of docs/DOMAIN.md rule 6 with
// follow-up intervals of 7, 14, 30 and 60 days.
func DefaultRiskLevels() []RiskLevel {
	lv := []RiskLevel{
		{Code: LevelRed, Color: "#D32F2F", Rank: 1, FollowUpDays: 7},
		{Code: LevelOrange, Color: "#F57C00", Rank: 2, FollowUpDays: 14},
		{Code: LevelYellow, Color: "#FBC02D", Rank: 3, FollowUpDays: 30},
		{Code: LevelWatch, Color: "#1976D2", Rank: 4, FollowUpDays: 60},
	}
	for i := range lv {
		lv[i].Label = EnumLabel(LangZH, "risk_level", lv[i].Code)
	}
	return lv
}

// DefaultSettings returns the settings of a new vault: the default risk
// levels and the two national hotlines; the school is left for the
// counselor to fill in.
func DefaultSettings() Settings {
	return Settings{
		School: School{
			Hotlines: []Hotline{
				{Name: Label(LangZH, "hotline.12356"), Number: "12356"},
				{Name: Label(LangZH, "hotline.12355"), Number: "12355"},
			},
		},
		RiskLevels: DefaultRiskLevels(),
	}
}

// Coded is an enum value that knows the name of its enum.
type Coded interface {
	~string
	Enum() string
}

// LabelOf returns the label of an enum value: LabelOf(LangZH,
// CaseSourceSelf) is "主动求助".
func LabelOf[T Coded](lang Lang, v T) string {
	return EnumLabel(lang, v.Enum(), string(v))
}
