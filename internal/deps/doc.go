// Package deps holds no code: its test enforces the dependency rules of
// ARCHITECTURE.md over every package of the module.
package deps
