package casework

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
)

// labelGroups names the label group of every struct that appears inside
// a record ("field.<group>.<key>").
var labelGroups = map[reflect.Type]string{
	reflect.TypeFor[Responsible]():    "responsible",
	reflect.TypeFor[Plan]():           "plan",
	reflect.TypeFor[LevelEntry]():     "level_entry",
	reflect.TypeFor[FollowUp]():       "follow_up",
	reflect.TypeFor[Disclosure]():     "disclosure",
	reflect.TypeFor[ProcessSegment](): "process_segment",
	reflect.TypeFor[Attendance]():     "attendance",
	reflect.TypeFor[Training]():       "training",
	reflect.TypeFor[School]():         "school",
	reflect.TypeFor[Room]():           "room",
	reflect.TypeFor[Hotline]():        "hotline",
	reflect.TypeFor[RiskLevel]():      "risk_level",
	reflect.TypeFor[Term]():           "term",
	reflect.TypeFor[ClassEntry]():     "class_entry",
	reflect.TypeFor[CountySchool]():   "county_school",
	reflect.TypeFor[ClassPeriod]():    "class_period",
	reflect.TypeFor[OpenHours]():      "open_hours",
	reflect.TypeFor[CaseProfile]():    "case_profile",
	reflect.TypeFor[Scoring]():        "scoring",
	reflect.TypeFor[ScoringItem]():    "scoring_item",
	reflect.TypeFor[ScoringOption]():  "scoring_option",
}

// fieldKeys returns every "field.…" label key that the JSON form of t uses.
func fieldKeys(t *testing.T, typ reflect.Type, group string, out map[string]bool) {
	t.Helper()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Anonymous {
			fieldKeys(t, f.Type, group, out)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			t.Fatalf("%s.%s has no JSON key", typ.Name(), f.Name)
		}
		out["field."+group+"."+name] = true
		ft := f.Type
		if ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Pointer && labelGroups[ft.Elem()] != "" {
			ft = ft.Elem() // an optional nested object (profile)
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]() {
			sub, ok := labelGroups[ft]
			if !ok {
				t.Fatalf("%s has no label group", ft.Name())
			}
			fieldKeys(t, ft, sub, out)
		}
	}
}

func wantedLabelKeys(t *testing.T) map[string]bool {
	t.Helper()
	keys := map[string]bool{}
	for _, k := range AllKinds() {
		keys["record."+string(k)] = true
		if r := NewRecord(k); r != nil {
			fieldKeys(t, reflect.TypeOf(r).Elem(), string(k), keys)
		}
	}
	fieldKeys(t, reflect.TypeFor[AuditEntry](), "audit", keys)
	fieldKeys(t, reflect.TypeFor[Settings](), "settings", keys)
	keys["record.settings"] = true
	for _, e := range Enums() {
		for _, c := range e.Codes {
			keys["enum."+e.Name+"."+c] = true
		}
	}
	for _, l := range DefaultRiskLevels() {
		keys["enum.risk_level."+l.Code] = true
	}
	return keys
}

func TestEveryCodeFieldAndKindHasALabelInBothLanguages(t *testing.T) {
	want := wantedLabelKeys(t)
	for _, lang := range []Lang{LangZH, LangEN} {
		labels, err := LoadLabels(lang)
		if err != nil {
			t.Fatal(err)
		}
		for k := range want {
			if strings.TrimSpace(labels[k]) == "" {
				t.Errorf("%s: got no label for %s, want one", lang, k)
			}
		}
		// A label whose field or code is gone is stale.
		for k := range labels {
			if (strings.HasPrefix(k, "field.") || strings.HasPrefix(k, "enum.") || strings.HasPrefix(k, "record.")) && !want[k] {
				t.Errorf("%s: got a label for %s, which no field, code or kind uses", lang, k)
			}
		}
	}
}

func TestLabelFilesHaveTheSameKeys(t *testing.T) {
	zh, err := LoadLabels(LangZH)
	if err != nil {
		t.Fatal(err)
	}
	en, err := LoadLabels(LangEN)
	if err != nil {
		t.Fatal(err)
	}
	if len(zh) != len(en) {
		t.Errorf("got %d Chinese and %d English labels, want the same", len(zh), len(en))
	}
	for k, v := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("got no English label for %s", k)
		}
		if !strings.ContainsFunc(v, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("got Chinese label %q for %s, want Chinese text", v, k)
		}
	}
	for k, v := range en {
		if strings.ContainsFunc(v, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("got English label %q for %s, want no Chinese text", v, k)
		}
	}
}

func TestEnumsAreInDomainOrderAndValid(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Enums() {
		if seen[e.Name] {
			t.Errorf("got enum %s twice", e.Name)
		}
		seen[e.Name] = true
		if len(e.Codes) < 2 {
			t.Errorf("enum %s: got %d codes, want at least 2", e.Name, len(e.Codes))
		}
	}
	// Spot checks of docs/DOMAIN.md "Enums" order, which pickers and G4/G5/I1 rows follow.
	if got := codes(AllCaseSources()); strings.Join(got, ",") != "self,teacher,parent,screening,committee,observation,other" {
		t.Errorf("got case sources %v, want the order of docs/DOMAIN.md, Enums", got)
	}
	if got := codes(AllRiskTypes()); strings.Join(got, ",") != "self_harm,suicide_ideation,suicide_plan,suicide_attempt,harm_others,abuse,other" {
		t.Errorf("got risk types %v, want the order of docs/DOMAIN.md, Enums", got)
	}
	if len(AllAuditActions()) != 12 {
		t.Errorf("got %d audit actions, want 12", len(AllAuditActions()))
	}
	for _, v := range AllProblemTypes() {
		if !v.Valid() {
			t.Errorf("got %q invalid, want every listed code valid", v)
		}
	}
	if ProblemType("Study").Valid() || Gender("").Valid() {
		t.Error("got a code of another spelling valid, want codes to match exactly")
	}
}

func TestDefaultSettingsCarryTheDomainLevels(t *testing.T) {
	s := DefaultSettings()
	var got []string
	for _, l := range SortLevels(s.RiskLevels) {
		got = append(got, l.Code)
		if l.FollowUpDays <= 0 || l.Label == "" || strings.HasPrefix(l.Label, "enum.") {
			t.Errorf("level %s: got %+v, want a label and a follow-up interval", l.Code, l)
		}
	}
	if strings.Join(got, ",") != "red,orange,yellow,watch" {
		t.Errorf("got levels %v, want red,orange,yellow,watch", got)
	}
	if len(s.School.Hotlines) != 2 || s.School.Hotlines[0].Number != "12356" {
		t.Errorf("got hotlines %+v, want 12356 and 12355", s.School.Hotlines)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("got %v, want the defaults valid", err)
	}
}

func TestKindsMapToTheInterchangeArrays(t *testing.T) {
	want := "students,cases,sessions,key_students,crises,referrals,contacts,group_sessions,committee_members," +
		"class_reports,activities,duty_days,visits,mailbox,screenings,screening_results,consents,month_notes,appointments"
	var got []string
	for _, k := range InterchangeKinds() {
		got = append(got, k.Array())
		if back, ok := KindOfArray(k.Array()); !ok || back != k {
			t.Errorf("got %q for array %s, want %q", back, k.Array(), k)
		}
		r := NewRecord(k)
		if r == nil || r.RecordKind() != k {
			t.Errorf("got record %T for %s, want one of that kind", r, k)
		}
	}
	if strings.Join(got, ",") != want {
		t.Errorf("got arrays %v, want %s", got, want)
	}
	for _, k := range []Kind{KindAttachment, KindReturn, KindAudit} {
		if k.Array() != "" || !k.Valid() {
			t.Errorf("kind %s: got array %q, want a valid kind outside the document", k, k.Array())
		}
	}
	if Kind("students").Valid() {
		t.Error("got the array name valid as a kind, want only singular codes")
	}
}

func TestLabelOfEnumValues(t *testing.T) {
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"a case source has its Chinese label", LabelOf(LangZH, CaseSourceSelf), "主动求助"},
		{"a case source has its English label", LabelOf(LangEN, CaseSourceSelf), "Self-referred"},
		{"a disclosure recipient is labelled under disclosure_to", LabelOf(LangZH, DisclosureRecipientGuardian), "监护人"},
		{"a counterpart is labelled under contact_counterpart", LabelOf(LangZH, CounterpartExternal), "校外机构"},
		{"an unknown code falls back to its key", LabelOf(LangZH, Mood("stormy")), "enum.mood.stormy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
	names := map[string]bool{}
	for _, e := range Enums() {
		names[e.Name] = true
	}
	for _, n := range []string{GenderMale.Enum(), StageJunior.Enum(), SessionRiskHigh.Enum(), AuditActionPrint.Enum(), VisitMethodMailbox.Enum()} {
		if !names[n] {
			t.Errorf("got enum name %q, want one listed by Enums", n)
		}
	}
	if _, err := LoadLabels("fr"); err == nil {
		t.Error("got nil, want an error for a language without labels")
	}
}
