// Command xinqingctl is the command-line companion of 心晴: it creates and
// checks vaults, imports and exports records, produces reports and takes
// and restores backups. It builds with CGO_ENABLED=0.
//
// Each subcommand lives in its own file and registers itself in init; the
// terminal side (messages, exit codes, prompts) is internal/cli, the use
// cases internal/app.
package main

import (
	"os"

	"xinqing/internal/cli"
	"xinqing/internal/version"
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

// env is the terminal a command works in, with the commands' own helpers.
type env struct{ *cli.Env }

func main() { os.Exit((&env{cli.OS()}).main(os.Args[1:])) }

func (e *env) main(args []string) int {
	cs := make(map[string]cli.Command, len(commands))
	for n, c := range commands {
		run := c.run
		cs[n] = cli.Command{SummaryZH: c.summaryZH, SummaryEN: c.summaryEN, Run: func(a []string) error { return run(e, a) }}
	}
	return e.Main("xinqingctl", version.Version, cs, args)
}
