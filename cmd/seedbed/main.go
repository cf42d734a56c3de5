// Command seedbed is the single binary of the seedbed platform: the web server, the demo, and the
// command-line tools for the registry, policies, the ledger and the ecosystem lab. This is the only
// package that knows every other package; it parses configuration and wires them together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"seedbed"
	"seedbed/sqlstore"
)

// command is one subcommand: its name, a one-line summary for `seedbed --help`, and its body.
// run receives the arguments after the subcommand's name and returns an error to report.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands lists every subcommand; each lives in a file of its own named for it. It is a function
// rather than a variable because some commands' bodies list the commands (help).
func commands() []command {
	return []command{
		{"approval", "双人复核：列出、同意、驳回 / two-person approvals: list, approve, reject", runApproval},
		{"backup", "在线备份数据目录并校验副本 / back up the data folder online and verify the copy", runBackup},
		{"demo", "生成演示数据并启动服务 / fill a demo region and serve it", runDemo},
		{"export", "导出数据（export innovators）/ export data (export innovators)", runExport},
		{"import", "导入数据（import innovators FILE）/ import data (import innovators FILE)", runImport},
		{"ledger", "决策账本：校验、导出、树头、公钥 / decision ledger: verify, export, head, pubkey", runLedger},
		{"lottery", "重算并验证公开抽签（lottery verify）/ recompute and verify a published draw (lottery verify)", runLottery},
		{"mail", "邮件中继：测试发送、发件箱状态 / mail relay: send a test message, outbox status", runMail},
		{"monitoring", "监测：重算预警、导入指标（recompute, import）/ monitoring: recompute flags, import indicators", runMonitoring},
		{"person", "个人信息权利：导出、删除 / personal data rights: export, erase", runPerson},
		{"policy", "政策即代码：检查、测试、评估 / policies as code: check, test, evaluate", runPolicy},
		{"risk-filing", "容错备案：列出、查看、备案、复核 / risk filings: list, show, file, review", runRiskFiling},
		{"restore", "校验备份并恢复到数据目录（可演练）/ check a backup and restore it (--dry-run)", runRestore},
		{"selection", "重新遴选：申请、记录（reopen, reopenings）/ selection reopening: ask, list", runSelection},
		{"serve", "启动网页和 API 服务 / serve the web UI and the API", runServe},
		{"sim", "生态实验室：运行仿真 / run the ecosystem simulator", runSim},
		{"survey", "创新文化调查：轮次、邀请、结果 / culture survey: waves, invitations, results", runSurvey},
		{"token", "API 令牌：创建、列出、撤销 / API tokens: create, list, revoke", runToken},
		{"user", "用户账号：新建、停用、启用、重置密码、会话 / accounts: add, disable, enable, password, sessions", runUser},
		{"version", "打印版本 / print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and turns its error into an exit code (see exitCodes).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], stdout, stderr)
			if err == nil || errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			err = sqlstore.Unavailable(err)
			fmt.Fprintf(stderr, "seedbed %s: %v\n", c.name, err)
			return exitCode(err)
		}
	}
	fmt.Fprintf(stderr, "seedbed: unknown command %q; run 'seedbed --help'\n", args[0])
	return exitUsage
}

// Exit codes of the process.
const (
	exitOK       = 0
	exitInternal = 1
	exitUsage    = 2
)

// exitCodes maps the project's error codes to exit codes. It is the one place that does, and
// `seedbed --help` prints it; an error with no code, or a code not listed, exits 1.
var exitCodes = []struct {
	code    string
	exit    int
	meaning string
}{
	{seedbed.EINVALID, 3, "invalid input (a bad CSV row, a bad value)"},
	{seedbed.ETOOLARGE, 3, "invalid input: too large"},
	{seedbed.ENOTFOUND, 4, "not found"},
	{seedbed.ECONFLICT, 5, "conflict with what is stored (a duplicate)"},
	{seedbed.EUNAUTHORIZED, 6, "unauthorized"},
	{seedbed.EFORBIDDEN, 6, "forbidden"},
	{seedbed.EUNAVAILABLE, 7, "unavailable: the database cannot be reached or written (disk full); try again later"},
}

// exitCode returns the exit code for a command's error: 2 for a usage error, the code's entry in
// exitCodes for a domain error, 1 for anything else.
func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	code := seedbed.ErrorCode(err)
	for _, e := range exitCodes {
		if e.code == code {
			return e.exit
		}
	}
	return exitInternal
}

// usageError marks an error in how a command was called (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usage(w io.Writer) {
	fmt.Fprintln(w, "seedbed — 创新环境治理平台 / innovation-environment platform")
	fmt.Fprintln(w, "\nUsage: seedbed <command> [flags]\n\nCommands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-20s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'seedbed <command> --help' for a command's flags.")
	fmt.Fprintln(w, "\nExit codes:")
	fmt.Fprintf(w, "  %d  success\n", exitOK)
	fmt.Fprintf(w, "  %d  internal error (anything not listed below)\n", exitInternal)
	fmt.Fprintf(w, "  %d  usage: an unknown command, a bad or missing flag\n", exitUsage)
	for _, e := range exitCodes {
		fmt.Fprintf(w, "  %d  %s\n", e.exit, e.meaning)
	}
}
