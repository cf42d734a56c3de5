// Package depspin keeps the module's chosen dependencies in go.mod until the code that uses them lands. Delete it then.
package depspin

import (
	_ "cel.dev/cel-go/cel"
	_ "github.com/chromedp/chromedp"
	_ "github.com/emmansun/gmsm/sm2"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/pressly/goose/v3"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/crypto/argon2"
	_ "golang.org/x/text/encoding/simplifiedchinese"
	_ "gonum.org/v1/gonum/stat"
	_ "modernc.org/sqlite"
)
