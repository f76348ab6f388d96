package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// runMainTimeout is runMain that fails the test instead of hanging.
func runMainTimeout(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		c, o, e := runMain(t, args...)
		done <- result{c, o, e}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(30 * time.Second):
		t.Fatalf("kdlint %q hangs", args)
	}
	return 0, "", ""
}

// Case: a FIFO named on the command line made kdlint hang forever.
func TestFIFO(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.c"), sleepyC)
	fifo := filepath.Join(dir, "pipe.c")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	code, out, errs := runMainTimeout(t, "-cache=false", fifo)
	if code != ExitError || out != "" || !strings.Contains(errs, "kdlint: "+fifo+": not a regular file (a FIFO), not read") {
		t.Errorf("named FIFO: exit %d, %q, %q", code, out, errs)
	}
	// Found while walking, or beside a named file: left out, said, and
	// the rest analysed.
	for _, arg := range []string{dir, filepath.Join(dir, "a.c")} {
		code, out, errs = runMainTimeout(t, "-cache=false", arg)
		if code != ExitNotAnalysed || !strings.Contains(out, "a.c:2:") || !strings.Contains(errs, "pipe.c: note: not a regular file (a FIFO), not read") ||
			!strings.HasSuffix(errs, "kdlint: 1 file not analysed\n") {
			t.Errorf("%s: exit %d, %q, %q", arg, code, out, errs)
		}
	}
	// Nor as the value of a flag that names a file to read.
	for _, flag := range []string{"-include", "-compile-commands"} {
		if code, _, errs := runMainTimeout(t, flag, fifo, filepath.Join(dir, "a.c")); code != ExitError || !strings.Contains(errs, "not a regular file") {
			t.Errorf("%s FIFO: exit %d, %q", flag, code, errs)
		}
	}
}

// TestIsTerminal: a pseudo-terminal is a terminal; /dev/null, a
// character device, is not; nor is a pipe.
func TestIsTerminal(t *testing.T) {
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	defer ptmx.Close()
	var unlock int32
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("unlockpt: %v", e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("ptsname: %v", e)
	}
	pts, err := os.OpenFile("/dev/pts/"+itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pts: %v", err)
	}
	defer pts.Close()
	if !isTerminal(pts) {
		t.Error("a pseudo-terminal is not a terminal")
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(null) || isTerminal(w) {
		t.Error("/dev/null or a pipe taken for a terminal")
	}
}

func itoa(n uint32) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
