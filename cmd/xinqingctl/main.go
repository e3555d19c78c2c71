// Command xinqingctl is the command-line companion of 心晴: it creates and
// checks vaults, imports and exports records, produces reports and takes
// and restores backups. It builds with CGO_ENABLED=0.
//
// Each subcommand lives in its own file and registers itself in init.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"

	"xinqing/internal/app"
	"xinqing/internal/version"
)

// Exit codes, stable for scripts.
const (
	exitOK       = 0
	exitError    = 1
	exitUsage    = 2
	exitWrongKey = 3
	exitDamaged  = 4
)

// command is one subcommand. run gets the arguments after the name.
type command struct {
	summaryZH, summaryEN string
	run                  func(env *env, args []string) error
}

var commands = map[string]command{}

func register(name string, c command) {
	if _, dup := commands[name]; dup {
		panic("xinqingctl: duplicate command " + name)
	}
	commands[name] = c
}

// env is what a subcommand may touch of the outside world, so tests can
// run commands in-process. ctx ends with Ctrl-C: every slow step (the key
// derivation, a save, a backup) stops and leaves nothing half done.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	ctx            context.Context
}

// exitError carries an exit code and a bilingual message.
type exitErr struct {
	code   int
	zh, en string
	cause  error
}

func (e *exitErr) Error() string { return e.en }
func (e *exitErr) Unwrap() error { return e.cause }

func fail(code int, cause error, zh, en string) error {
	return &exitErr{code: code, zh: zh, en: en, cause: cause}
}

func usageErr(zh, en string) error { return fail(exitUsage, nil, zh, en) }

// chinese reports whether the user's locale is Chinese; otherwise the
// English text is printed beside the Chinese.
func (e *env) chinese() bool {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := e.getenv(k); v != "" {
			return strings.HasPrefix(strings.ToLower(v), "zh")
		}
	}
	return false
}

// say prints a message in Chinese, with the English beside it when the
// locale is not Chinese.
func (e *env) say(w io.Writer, zh, en string) {
	if e.chinese() || en == "" {
		fmt.Fprintln(w, zh)
		return
	}
	fmt.Fprintf(w, "%s (%s)\n", zh, en)
}

func main() {
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(e.main(os.Args[1:]))
}

func (e *env) main(args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		e.usage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(e.stdout, "xinqingctl", version.Version)
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		e.say(e.stderr, "未知命令: "+args[0], "unknown command: "+args[0])
		e.usage(e.stderr)
		return exitUsage
	}
	if e.ctx == nil {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		e.ctx = ctx
	}
	if err := c.run(e, args[1:]); err != nil {
		var x *exitErr
		if errors.As(err, &x) {
			e.say(e.stderr, "错误: "+x.zh, "error: "+x.en)
			return x.code
		}
		e.say(e.stderr, "错误: "+err.Error(), "")
		return exitError
	}
	return exitOK
}

func (e *env) usage(w io.Writer) {
	e.say(w, "用法: xinqingctl <命令> [参数]", "usage: xinqingctl <command> [flags]")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		if e.chinese() {
			fmt.Fprintf(w, "  %-16s %s\n", n, c.summaryZH)
		} else {
			fmt.Fprintf(w, "  %-16s %s (%s)\n", n, c.summaryZH, c.summaryEN)
		}
	}
}

// glyphNote prints, as a note, that a document was written with characters
// no bundled font has (they printed as □), and lets the command go on.
func (e *env) glyphNote(err error) error {
	if g, ok := app.Written(err); ok && g != nil {
		e.say(e.stderr, "注意: "+g.Error(), "note: some characters have no glyph in the bundled fonts and printed as a box")
		return nil
	}
	return err
}
