package ui

import (
	"context"

	"xinqing/internal/casework"
)

// CountyService backs the county vault's screens (县（区）汇总库): its
// schools, the return packages imported and the county table. Optional:
// without it the welcome screen offers no county vault.
type CountyService interface {
	// IsCounty reports whether the open vault is a county vault.
	IsCounty(ctx context.Context) (bool, error)
	// MakeCounty turns the vault just created into the county vault of
	// name with the schools of the list file (.csv or .xlsx).
	MakeCounty(ctx context.Context, name, listFile string) error
	// CountySchools is the county's name and schools list.
	CountySchools(ctx context.Context) (CountyInfo, error)
	// ImportPackages imports return packages (files, or every .json of
	// a folder); confirmKeys accepts a changed signing key.
	ImportPackages(ctx context.Context, paths []string, confirmKeys bool) ([]PackageLine, error)
	// PackagesGrid is every school's status in every month from..to.
	PackagesGrid(ctx context.Context, from, to casework.Month) (CountyGrid, error)
	// CountyTable is the county table of from..to as the screen shows it.
	CountyTable(ctx context.Context, from, to casework.Month) (CountyView, error)
	// SchoolFigures are every figure of school code over from..to
	// (drill-down from the table); empty when it returned nothing.
	SchoolFigures(ctx context.Context, code string, from, to casework.Month) ([]FigureRow, error)
	// WriteCountyTable writes the table's PDF, workbook or JSON (the
	// paths set).
	WriteCountyTable(ctx context.Context, from, to casework.Month, out CountyFiles) error
}

// CountyInfo is the county and its schools.
type CountyInfo struct {
	County  string
	Schools []CountySchoolRow
}

// CountySchoolRow is one school of the list; Fingerprint is empty until
// its key is registered.
type CountySchoolRow struct {
	Code, Name, Stage, Contact, Fingerprint string
	Active                                  bool
}

// PackageLine is what importing one file did: Outcome is added,
// superseded, older or duplicate; a refused file has Refused set and
// Reason says why, naming the file.
type PackageLine struct {
	File, School, Month, Outcome string
	Refused, BySignature         bool
	Reason                       string
}

// CountyGrid is the packages grid: a status (reported, missing,
// corrected) per school and month.
type CountyGrid struct {
	Months  []string
	Schools []CountySchoolRow
	Status  [][]string
}

// CountyView is the county table as text: header, one row per school
// and the total row last, then the missing schools and the flags.
type CountyView struct {
	Period  string
	Header  []string
	Rows    [][]string
	Missing []string
	Flags   []string
}

// CountyFiles are where the county table goes.
type CountyFiles struct {
	PDF, XLSX, JSON string
}
