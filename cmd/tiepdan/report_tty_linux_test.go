package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openTerminal opens a pseudo-terminal and returns its terminal end, or
// skips the test where the machine has none.
func openTerminal(t *testing.T) *os.File {
	t.Helper()
	ptmx, tty := openPTY(t)
	// Read what reaches the terminal, so that a write to it never waits.
	go io.Copy(io.Discard, ptmx)
	return tty
}

// openPTY opens a pseudo-terminal: its controlling end, where what is
// written to the terminal end is read, and the terminal end.
func openPTY(t *testing.T) (ptmx, tty *os.File) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { ptmx.Close() })
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("unlock the pseudo-terminal: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("name the pseudo-terminal: %v", e)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open the pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	return ptmx, tty
}

// TestReportXLSXRefusesATerminal: a workbook's bytes on a terminal only
// garble the screen, so the command says where to put them instead, and
// writes nothing. The text still goes to the terminal.
func TestReportXLSXRefusesATerminal(t *testing.T) {
	db := seedDB(t)
	tty := openTerminal(t)
	var stderr strings.Builder
	code := mainWithClock(context.Background(), []string{"--db", db, "report", "section6", "--period", "2023-H1", "--format", "xlsx"},
		strings.NewReader(""), tty, &stderr, func() time.Time { return fixedNow })
	if code != exitUsage || !strings.Contains(stderr.String(), "--output bao-cao-II6-2023-H1.xlsx") {
		t.Errorf("xlsx to a terminal: exit %d, %q", code, stderr.String())
	}
	stderr.Reset()
	file := filepath.Join(t.TempDir(), "b.xlsx")
	code = mainWithClock(context.Background(), []string{"--db", db, "report", "section6", "--period", "2023-H1", "--format", "xlsx", "--output", file},
		strings.NewReader(""), tty, &stderr, func() time.Time { return fixedNow })
	if st, err := os.Stat(file); code != exitOK || err != nil || st.Size() == 0 {
		t.Errorf("xlsx to a file from a terminal: exit %d, %q, %v", code, stderr.String(), err)
	}
	code = mainWithClock(context.Background(), []string{"--db", db, "report", "section6", "--period", "2023-H1"},
		strings.NewReader(""), tty, &stderr, func() time.Time { return fixedNow })
	if code != exitOK {
		t.Errorf("the text to a terminal: exit %d, %q", code, stderr.String())
	}
}

// TestExportXLSXRefusesATerminal: as the report's workbook, an export's
// workbook is not written to a terminal.
func TestExportXLSXRefusesATerminal(t *testing.T) {
	db := exportDB(t)
	tty := openTerminal(t)
	var stderr strings.Builder
	code := mainWithClock(context.Background(), []string{"--db", db, "export", "petitions", "--format", "xlsx"},
		strings.NewReader(""), tty, &stderr, func() time.Time { return fixedNow })
	if code != exitUsage || !strings.Contains(stderr.String(), "--output") {
		t.Errorf("xlsx to a terminal: exit %d, %q", code, stderr.String())
	}
}
