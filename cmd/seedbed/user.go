package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"seedbed"
)

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: seedbed user add --user NAME --role ROLE [flags]\n\nRun 'seedbed user add --help' for the flags.")
			return nil
		}
		return usageError{"usage: seedbed user add --user NAME --role ROLE [--innovator ID] [--name DISPLAY] (--password P | --password-stdin)"}
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
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return err
		}
		password = strings.TrimRight(line, "\r\n")
	}
	if name == "" || role == "" {
		return usageError{"--user and --role are required"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	a := newApp(store)
	u := &seedbed.User{Username: name, DisplayName: display, Role: role}
	if innovator != 0 {
		// An unknown innovator named on the command line is "not found" (exit 4).
		if _, err := a.Registry.Innovator(ctx, innovator); err != nil {
			return err
		}
		u.InnovatorID = &innovator
	}
	if err := a.Accounts.CreateUser(ctx, seedbed.Actor{Username: "cli", Role: seedbed.RoleAdmin}, u, password); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created user %s (%s), id %s\n", u.Username, u.Role, strconv.FormatInt(u.ID, 10))
	return nil
}
