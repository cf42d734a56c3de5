package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/app"
)

// userUsage lists the user subcommands.
const userUsage = `Usage: seedbed user COMMAND [flags]

Commands:
  add       --user NAME --role ROLE   create an account
  disable   --user NAME               disable an account: its sessions end and its tokens stop working at once
  enable    --user NAME               enable a disabled account again
  password  --user NAME               reset an account's password (ends its sessions)
  sessions  --user NAME               list an account's live sessions
  role      --user NAME --role ROLE   change an account's role (a ledger event with the old and new role)
  totp-reset --user NAME              remove an account's second factor (lost phone); it enrols again

Run 'seedbed user COMMAND --help' for the flags.`

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(stdout, userUsage)
		return nil
	}
	if len(args) == 0 {
		return usageError{userUsage}
	}
	switch args[0] {
	case "add":
	case "disable", "enable":
		return runUserDisable(ctx, args[0], args[1:], stdout, stderr)
	case "password":
		return runUserPassword(ctx, args[1:], stdout, stderr)
	case "sessions":
		return runUserSessions(ctx, args[1:], stdout, stderr)
	case "role":
		return runUserRole(ctx, args[1:], stdout, stderr)
	case "totp-reset":
		return runUserTOTPReset(ctx, args[1:], stdout, stderr)
	default:
		return usageError{"unknown user command " + strconv.Quote(args[0]) + "\n" + userUsage}
	}
	var db dbFlags
	var name, role, display, password string
	var innovator int64
	var fromStdin bool
	fs := newFlagSet("user add", "user add --user NAME --role ROLE [flags]",
		"Creates an account. Roles: admin, officer (项目主管), reviewer (评审专家), applicant (申报主体, needs --innovator), auditor (审计/纪检), leader (领导, reads the ecosystem indicators).", stderr)
	db.register(fs)
	fs.StringVar(&name, "user", "", "user name (letters, digits, - _ .)")
	fs.StringVar(&role, "role", "", "role: admin, officer, reviewer, applicant, auditor or leader")
	fs.StringVar(&display, "name", "", "display name, e.g. 王主管")
	fs.Int64Var(&innovator, "innovator", 0, "the applicant's innovator id")
	fs.StringVar(&password, "password", env("password", ""), "password, at least 10 characters (env SEEDBED_PASSWORD)")
	fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fromStdin {
		var err error
		if password, err = readPasswordLine(); err != nil {
			return err
		}
	}
	if name == "" || role == "" {
		return usageError{"--user and --role are required"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := holdLedgerKey(ctx, store, db.data, ledgerFlags{key: env("ledger_key", "")}); err != nil {
		return err
	}
	a := newApp(store)
	u := &seedbed.User{Username: name, DisplayName: display, Role: role}
	if innovator != 0 {
		// An unknown innovator named on the command line is "not found" (exit 4).
		if _, err := a.Registry.Innovator(ctx, innovator); err != nil {
			return err
		}
		u.InnovatorID = &innovator
	}
	if err := a.Accounts.CreateUser(ctx, cliActor, u, password); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created user %s (%s), id %s\n", u.Username, u.Role, strconv.FormatInt(u.ID, 10))
	return nil
}

// readPasswordLine reads a password from the first line of standard input.
func readPasswordLine() (string, error) {
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// accountCommand is the shape of the user commands that act on one named account: the store's
// flags, the required --user, and the store opened once the flags are read.
type accountCommand struct {
	db   dbFlags
	name string
	fs   *flag.FlagSet
}

func newAccountCommand(cmd, usage, about string, stderr io.Writer) *accountCommand {
	c := &accountCommand{fs: newFlagSet(cmd, usage, about, stderr)}
	c.db.register(c.fs)
	c.fs.StringVar(&c.name, "user", "", "the account's user name")
	return c
}

// run reads the flags, then (when given) what the command reads besides them, checks --user and
// calls do with the use cases over the opened store, which it closes after.
func (c *accountCommand) run(ctx context.Context, args []string, read func() error, do func(a *app.App) error) error {
	if err := parse(c.fs, args); err != nil {
		return err
	}
	if read != nil {
		if err := read(); err != nil {
			return err
		}
	}
	if c.name == "" {
		return usageError{"--user is required"}
	}
	store, err := c.db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	return do(newApp(store))
}

func runUserDisable(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	about := "Disables an account: its sessions end and its API tokens stop working at once; the account\nand its history stay. Audited."
	if cmd == "enable" {
		about = "Enables a disabled account again. Its old sessions stay ended. Audited."
	}
	c := newAccountCommand("user "+cmd, "user "+cmd+" --user NAME [flags]", about, stderr)
	return c.run(ctx, args, nil, func(a *app.App) error {
		u, err := a.Accounts.SetDisabled(ctx, cliActor, c.name, cmd == "disable")
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%sd user %s\n", cmd, u.Username)
		return nil
	})
}

func runUserPassword(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var password string
	var fromStdin bool
	c := newAccountCommand("user password", "user password --user NAME (--password P | --password-stdin) [flags]",
		"Sets an account's password and ends its sessions. Audited.", stderr)
	c.fs.StringVar(&password, "password", env("password", ""), "the new password, at least 10 characters (env SEEDBED_PASSWORD)")
	c.fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input")
	read := func() (err error) {
		if fromStdin {
			password, err = readPasswordLine()
		}
		return err
	}
	return c.run(ctx, args, read, func(a *app.App) error {
		if err := a.Accounts.ResetPassword(ctx, cliActor, c.name, password); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s set; its sessions ended\n", c.name)
		return nil
	})
}

func runUserSessions(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newAccountCommand("user sessions", "user sessions --user NAME [flags]",
		"Lists an account's live sessions: id (the hash of the browser's secret), address, start and expiry.", stderr)
	return c.run(ctx, args, nil, func(a *app.App) error {
		ss, err := a.Accounts.Sessions(ctx, cliActor, c.name, "")
		if err != nil {
			return err
		}
		for _, se := range ss {
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", se.ID, se.IP, se.CreatedAt.Format(time.RFC3339), se.ExpiresAt.Format(time.RFC3339))
		}
		return nil
	})
}

func runUserTOTPReset(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newAccountCommand("user totp-reset", "user totp-reset --user NAME [flags]",
		"Removes an account's second factor (TOTP) and its recovery codes, for a lost phone. Where a second\nfactor is required, the account enrols a new one at its next sign-in. Audited.", stderr)
	return c.run(ctx, args, nil, func(a *app.App) error {
		u, err := a.Accounts.ResetTOTP(ctx, cliActor, c.name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "second factor of %s removed\n", u.Username)
		return nil
	})
}
