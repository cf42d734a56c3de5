package sqlstore

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"seedbed"
)

// Messages of the EUNAVAILABLE errors: the database cannot be reached, or cannot be written.
var (
	msgUnreachable = seedbed.Label{Zh: "数据库暂时无法连接，本次操作未完成，请稍后再试",
		En: "the database cannot be reached at the moment; nothing was done; try again shortly"}
	msgUnwritable = seedbed.Label{Zh: "数据库暂时无法写入（磁盘已满或读写出错），本次操作未保存，请稍后再试",
		En: "the database cannot be written at the moment (disk full or an I/O error); nothing was saved; try again shortly"}
)

// SQLite's primary result codes that say the file cannot be written or read, whatever the SQL.
const (
	sqliteIOErr    = 10 // SQLITE_IOERR and its extended codes: a read or write of the file failed
	sqliteFull     = 13 // SQLITE_FULL: the disk (or the file size limit) is full
	sqliteCantOpen = 14 // SQLITE_CANTOPEN
)

// Unavailable returns err as an EUNAVAILABLE error when it says that the database cannot be
// reached (a refused, reset or closed connection, a PostgreSQL server shutting down or refusing
// connections) or cannot be written (a full disk, an I/O error), and err unchanged otherwise.
// The returned error keeps err in its chain for the logs; users see only the message.
func Unavailable(err error) error {
	if err == nil || seedbed.ErrorCode(err) != seedbed.EINTERNAL {
		return err
	}
	var msg seedbed.Label
	switch {
	case unwritable(err):
		msg = msgUnwritable
	case unreachable(err):
		msg = msgUnreachable
	default:
		return err
	}
	return fmt.Errorf("%w: %w", seedbed.Errorf(seedbed.EUNAVAILABLE, msg), err)
}

// unwritable reports a full disk or a failed read or write of the database file.
func unwritable(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqliteIOErr, sqliteFull, sqliteCantOpen:
			return true
		}
	}
	var pe *pgconn.PgError
	// 53100 disk_full, 58030 io_error
	return errors.As(err, &pe) && (pe.Code == "53100" || pe.Code == "58030")
}

// unreachable reports a connection to the database that could not be made or was lost.
func unreachable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// class 08: connection exception; 57P01-57P03: the server is shutting down, was
		// shut down or cannot accept connections yet; 53300: too many connections.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" ||
			pe.Code == "57P03" || pe.Code == "53300"
	}
	var ce *pgconn.ConnectError
	var ne *net.OpError
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}
