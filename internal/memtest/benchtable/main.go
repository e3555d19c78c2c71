// Command benchtable reads `go test -bench` output (make bench's
// bench.txt) on stdin and prints the memory and responsiveness figures of
// the big school as one table: each row's value (the spread when a
// benchmark ran more than once), its goal and whether it is met.
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// row is one line of the table: the metric unit reported by the benchmark
// named bench (without the -GOMAXPROCS suffix); goal 0 is informational.
type row struct {
	label, bench, unit string
	goal               float64
}

var rows = []row{
	{"peak RSS, xinqingctl report monthly (unlock included), MB", "BigSchoolCLI/report_monthly", "peak-rss-MB", 120},
	{"peak RSS, xinqingctl export, MB", "BigSchoolCLI/export", "peak-rss-MB", 160},
	{"peak RSS, import of the export + 100,000 activities, MB", "BigSchoolCLI/import_plus_100k_activities", "peak-rss-MB", 400},
	{"  its RSS growth per byte of the added records (≤ the plain import's per byte)", "BigSchoolCLI/import_plus_100k_activities", "rss-growth/doc-growth", 0},
	{"  the plain import's RSS per byte of document", "BigSchoolCLI/import_export", "rss/doc", 0},
	{"  peak RSS of the plain import of the export, MB", "BigSchoolCLI/import_export", "peak-rss-MB", 0},
	{"peak RSS, desktop after unlocking and visiting every screen, MB", "BigSchoolDesktop", "peak-rss-MB", 250},
	{"  its peak Go heap, MB", "BigSchoolDesktop", "peak-heap-MB", 0},
	{"工作台 summary (SearchStudentsBigSchool/workbench), ms", "SearchStudentsBigSchool/workbench", "ms/op", 30},
	{"  after an edit of a session (the month's sessions read again), ms", "SearchStudentsBigSchool/workbench_after_edit", "ms/op", 0},
	{"  the first after an unlock (the month's records read), ms", "SearchStudentsBigSchool/workbench_cold", "ms/op", 0},
	{"unlock to the drawn workbench, KDF excluded, ms", "BigSchoolDesktop", "unlock-no-kdf-ms", 400},
	{"backup with full verification, × floor (age encrypt + sha256sum)", "BackupBigSchool", "x-floor", 1.5},
	{"save of 50 MiB, × age encrypt (not to get worse)", "Vault/50MiB/age-enc", "save/age-enc", 0},
	{"open of 50 MiB, × age decrypt (not to get worse)", "Vault/50MiB/age-dec", "open/age-dec", 0},
	{"name search, surname, ms (not to get worse)", "SearchStudentsBigSchool/surname", "ms/op", 0},
	{"name search, whole list, ms (not to get worse)", "SearchStudentsBigSchool/whole_list", "ms/op", 0},
}

var line = regexp.MustCompile(`^Benchmark(\S+?)(-\d+)?\s+\d+\s+(.*)$`)

func main() {
	seen := map[[2]string][]float64{}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		f := strings.Fields(m[3])
		for i := 0; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				k := [2]string{m[1], f[i+1]}
				seen[k] = append(seen[k], v)
			}
		}
	}
	fmt.Println()
	fmt.Println("Memory and responsiveness on the big school (MB = 10^6 bytes; a range is the spread of the runs)")
	fmt.Printf("%-82s %-17s %-7s %s\n", "measure", "now", "goal", "")
	for _, r := range rows {
		vs := seen[[2]string{r.bench, r.unit}]
		now, verdict, goal := "not run", "", ""
		if r.goal > 0 {
			goal = "≤ " + num(r.goal)
		}
		if len(vs) > 0 {
			lo, hi := slices.Min(vs), slices.Max(vs)
			now = num(lo)
			if hi != lo {
				now += "–" + num(hi)
			}
			if r.goal > 0 {
				verdict = "met"
				if hi > r.goal {
					verdict = "NOT MET"
				}
			}
		}
		fmt.Printf("%-82s %-17s %-7s %s\n", r.label, now, goal, verdict)
	}
}

func num(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}
