package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"seedbed/sqlstore"
)

// TestDiskFull fills the disk under a running `seedbed serve` on SQLite, two ways: a small
// tmpfs the test mounts and fills with a ballast file (only as root, with the right to mount;
// skipped otherwise), and a file size limit (RLIMIT_FSIZE) lowered on the running process, which
// needs no privilege. While the disk is full every write answers 503 "unavailable" with a
// message that says the database cannot be written, reads still work, and the process keeps
// running; once space returns, writes succeed again without a restart; every acknowledged
// write is kept, SQLite's integrity check says ok and the ledger verifies.
func TestDiskFull(t *testing.T) {
	t.Run("tmpfs", func(t *testing.T) {
		seedbedBinary(t)
		if os.Geteuid() != 0 {
			t.Skip("mounting a small tmpfs needs root")
		}
		data := t.TempDir()
		if err := syscall.Mount("tmpfs", data, "tmpfs", 0, "size=8m,mode=0700"); err != nil {
			t.Skipf("cannot mount a tmpfs here: %v", err)
		}
		t.Cleanup(func() { syscall.Unmount(data, syscall.MNT_DETACH) })
		ballast := filepath.Join(data, "ballast")
		diskFull(t, data, func(*server) {
			fillDisk(t, ballast)
		}, func(*server) {
			if err := os.Remove(ballast); err != nil {
				t.Fatal(err)
			}
		})
	})
	t.Run("file-size-limit", func(t *testing.T) {
		data := t.TempDir()
		var old unix.Rlimit
		diskFull(t, data, func(s *server) {
			// No file may grow past what the largest one holds now: the next writes that
			// extend the database or its write-ahead log fail with EFBIG.
			var largest int64
			for _, f := range []string{"seedbed.db", "seedbed.db-wal"} {
				if fi, err := os.Stat(filepath.Join(data, f)); err == nil {
					largest = max(largest, fi.Size())
				}
			}
			if err := unix.Prlimit(s.cmd.Process.Pid, unix.RLIMIT_FSIZE, nil, &old); err != nil {
				t.Fatal(err)
			}
			lim := unix.Rlimit{Cur: uint64(largest), Max: old.Max}
			if err := unix.Prlimit(s.cmd.Process.Pid, unix.RLIMIT_FSIZE, &lim, nil); err != nil {
				t.Fatal(err)
			}
		}, func(s *server) {
			if err := unix.Prlimit(s.cmd.Process.Pid, unix.RLIMIT_FSIZE, &old, nil); err != nil {
				t.Fatal(err)
			}
		})
	})
}

// fillDisk writes path until the file system is full.
func fillDisk(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the disk: %v", err)
			}
			break
		}
	}
	// the last pages too, a byte at a time
	for _, err := f.Write(chunk[:1]); err == nil; _, err = f.Write(chunk[:1]) {
	}
}

func diskFull(t *testing.T, data string, fill, free func(*server)) {
	token := faultAccount(t, "--data", data)
	srv := startServer(t, "--data", data)
	c := newAPIClient(srv.url, token)
	description := strings.Repeat("面向边缘设备的低功耗推理芯片与编译工具链。", 40)
	write := func(i int) (reply, acked) {
		name := fmt.Sprintf("磁盘测试团队 %d", i)
		r := c.do("POST", "/api/v1/innovators", map[string]any{"name": name, "kind": "team", "field": "ai", "description": description})
		return r, acked{path: fmt.Sprintf("/api/v1/innovators/%v", r.body["id"]), field: "name", value: name}
	}
	var all []acked
	i := 0
	for ; i < 20; i++ {
		r, a := write(i)
		if r.status != http.StatusCreated {
			t.Fatalf("before the disk fills: %d %s", r.status, r.raw)
		}
		all = append(all, a)
	}

	fill(srv)
	refused := 0
	for tries := 0; refused < 5; tries++ {
		if tries == 3000 {
			t.Fatalf("3000 writes after the disk filled, none refused; log: %s", srv.stderr)
		}
		i++
		r, a := write(i)
		switch {
		case r.status == http.StatusCreated:
			all = append(all, a) // written into space the database had already
		case r.status == http.StatusServiceUnavailable && r.errorCode() == "unavailable" &&
			strings.Contains(r.raw, "数据库暂时无法写入") && strings.Contains(r.raw, "disk full"):
			refused++
		default:
			t.Fatalf("a write on a full disk answered %d: %.400s", r.status, r.raw)
		}
	}
	if r := c.do("GET", all[0].path, nil); r.status != http.StatusOK {
		t.Fatalf("a read on a full disk: %d %s", r.status, r.raw)
	}
	if !srv.running() {
		t.Fatal("seedbed serve exited when the disk filled")
	}

	free(srv)
	var back bool
	for deadline := time.Now().Add(20 * time.Second); !back && time.Now().Before(deadline); {
		i++
		r, a := write(i)
		if back = r.status == http.StatusCreated; back {
			all = append(all, a)
		} else {
			time.Sleep(200 * time.Millisecond)
		}
	}
	if !back {
		t.Fatalf("writes did not succeed again once space returned; log: %s", srv.stderr)
	}
	for range 20 {
		i++
		r, a := write(i)
		if r.status != http.StatusCreated {
			t.Fatalf("after space returned: %d %s", r.status, r.raw)
		}
		all = append(all, a)
	}
	checkAcked(t, c, all)
	if strings.Contains(srv.stderr.String(), "internal error") {
		t.Errorf("the full disk was logged as an internal error:\n%s", srv.stderr)
	}
	srv.stop(t)

	store, err := sqlstore.Open(context.Background(), sqlstore.Options{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	var check string
	err = store.QueryRowForTest(context.Background(), `PRAGMA integrity_check`).Scan(&check)
	store.Close()
	if err != nil || check != "ok" {
		t.Fatalf("integrity check after the disk filled: %q %v", check, err)
	}
	if code, out, errOut := cli(t, "ledger", "verify", "--data", data); code != 0 {
		t.Fatalf("ledger verify after the disk filled: exit %d\n%s%s", code, out, errOut)
	}
	t.Logf("%d writes refused with 503 while the disk was full; %d acknowledged writes kept", refused, len(all))
}
