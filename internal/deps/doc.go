// Package deps holds no code: its tests enforce the dependency rules of
// ARCHITECTURE.md over every package of the module. The project's own
// import graph is an allow-list (graph_test.go): an import between project
// packages that the list does not hold fails, and so does a package it
// does not name. Third-party imports are held to the packages that may use
// them (Fyne, SQLite, age, gofpdf, excelize), and the command line must
// build without cgo.
package deps
