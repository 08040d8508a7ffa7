package acsblob

import (
	"os/exec"
	"syscall"
)

// Azurite dies with the test binary, also when a timeout kills it before
// TestMain could stop it.
func init() {
	configureAzurite = func(cmd *exec.Cmd) {
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	}
}
