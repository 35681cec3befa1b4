package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// Tests with a real plugin process: the provider built as users get it and
// started by the real Terraform CLI (through a dev_overrides CLI
// configuration), not served in the test process. Only a real plugin has a
// parent that can die.

// pluginBuilds are the provider binaries built for this test process, by
// version: two builds tell their requests apart at the sandbox (the version
// is in the User-Agent).
var (
	pluginBuildsMu sync.Mutex
	pluginBuilds   = map[string]string{}
)

// builtPlugin builds the provider (main.go, as released) with version and
// returns the directory holding it, named as Terraform looks for it.
func builtPlugin(t *testing.T, version string) string {
	t.Helper()
	pluginBuildsMu.Lock()
	defer pluginBuildsMu.Unlock()
	if dir := pluginBuilds[version]; dir != "" {
		return dir
	}
	// Built once for every test of the process, so not in one test's TempDir.
	dir, err := os.MkdirTemp("", "whatsapp-plugin-"+version+"-") //nolint:usetesting // outlives the test that built it
	if err != nil {
		t.Fatal(err)
	}
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+version,
		"-o", filepath.Join(dir, "terraform-provider-whatsapp"), ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the provider: %v\n%s", err, out)
	}
	pluginBuilds[version] = dir
	return dir
}

// removePluginBuilds deletes the binaries builtPlugin made (TestMain).
func removePluginBuilds() {
	pluginBuildsMu.Lock()
	defer pluginBuildsMu.Unlock()
	for _, dir := range pluginBuilds {
		_ = os.RemoveAll(dir)
	}
}

// pluginRun is a working directory whose Terraform runs the provider built
// as version, with a HOME and CLI configuration of its own.
type pluginRun struct {
	t       *testing.T
	dir     string
	plugin  string // the provider binary
	version string
	env     []string
}

func newPluginRun(t *testing.T, dir, version string) *pluginRun {
	t.Helper()
	bin := builtPlugin(t, version)
	home := t.TempDir()
	cliConfig := filepath.Join(home, "dev.tfrc")
	writeFile(t, cliConfig, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, strings.TrimPrefix(cliProviderAddress(), "registry.terraform.io/"), bin)))
	env := []string{"HOME=" + home, "TF_CLI_CONFIG_FILE=" + cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}
	for _, kv := range os.Environ() {
		// Nothing of the test process's provider settings or reattach
		// configuration: this Terraform starts its own plugin.
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "WHATSAPP_") || strings.HasPrefix(name, "TF_") || name == "HOME" {
			continue
		}
		env = append(env, kv)
	}
	return &pluginRun{t: t, dir: dir, plugin: filepath.Join(bin, "terraform-provider-whatsapp"), version: version, env: env}
}

func (p *pluginRun) command(args ...string) *exec.Cmd {
	terraformPath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraformPath == "" {
		terraformPath = "terraform"
	}
	cmd := exec.Command(terraformPath, append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)...)
	cmd.Dir, cmd.Env = p.dir, p.env
	return cmd
}

// run runs one command to its end and returns its output and exit error.
func (p *pluginRun) run(args ...string) (string, error) {
	var out bytes.Buffer
	cmd := p.command(args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// mustRun is run that fails the test unless the command exits 0.
func (p *pluginRun) mustRun(args ...string) string {
	p.t.Helper()
	out, err := p.run(args...)
	if err != nil {
		p.t.Fatalf("terraform %s (provider %s): %v\n%s", strings.Join(args, " "), p.version, err, out)
	}
	return out
}

// pluginProcess is one running process of a provider binary.
type pluginProcess struct{ pid, ppid int }

// pluginProcesses lists the live processes running binary (zombies left to
// a parent that does not reap them are not running).
func pluginProcesses(binary string) []pluginProcess {
	var out []pluginProcess
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err != nil || exe != binary {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces, so split after ')'.
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(fields) < 2 || fields[0] == "Z" || fields[0] == "X" {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		out = append(out, pluginProcess{pid: pid, ppid: ppid})
	}
	return out
}

// killMidApply starts `terraform apply` with args, SIGKILLs the CLI once the
// sandbox took `after` sends, and returns when it killed it and the plugin
// process Terraform had started (checked to be Terraform's child).
func (p *pluginRun) killMidApply(s *sandbox.Server, after int, args ...string) (time.Time, pluginProcess) {
	p.t.Helper()
	var out bytes.Buffer
	apply := p.command(append([]string{"apply", "-auto-approve", "-input=false"}, args...)...)
	apply.Stdout, apply.Stderr = &out, &out
	if err := apply.Start(); err != nil {
		p.t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	deadline := time.Now().Add(2 * time.Minute)
	for len(s.Messages()) < after {
		select {
		case err := <-exited:
			p.t.Fatalf("the apply ended (%v) before %d sends were taken:\n%s", err, after, out.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("no %d sends taken after two minutes; the apply printed:\n%s", after, out.String())
		}
	}
	procs := pluginProcesses(p.plugin)
	if len(procs) != 1 || procs[0].ppid != apply.Process.Pid {
		p.t.Fatalf("plugin processes %+v, want one, child of terraform (pid %d)", procs, apply.Process.Pid)
	}
	orphan := procs[0]
	p.t.Cleanup(func() { // a plugin that failed to end must not outlive the test
		for _, q := range pluginProcesses(p.plugin) {
			if q.pid == orphan.pid {
				_ = syscall.Kill(q.pid, syscall.SIGKILL)
			}
		}
	})
	killedAt := time.Now()
	if err := apply.Process.Signal(syscall.SIGKILL); err != nil {
		p.t.Fatal(err)
	}
	if err := <-exited; err == nil {
		p.t.Fatal("terraform exited 0 after SIGKILL")
	}
	return killedAt, orphan
}

// waitGone waits up to limit for the process to end; it returns how long it took.
func waitGone(t *testing.T, proc pluginProcess, binary string, since time.Time, limit time.Duration) time.Duration {
	t.Helper()
	for {
		alive := false
		for _, p := range pluginProcesses(binary) {
			alive = alive || p.pid == proc.pid
		}
		took := time.Since(since)
		if !alive {
			return took
		}
		if took > limit {
			t.Fatalf("the plugin (pid %d) still runs %s after its Terraform was killed", proc.pid, took.Round(time.Millisecond))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pluginMessagesConfig sends one uploaded image to n recipients by media ID,
// with media_sha256 or without (the simplest configuration).
func pluginMessagesConfig(providerBlock, record, image string, n int, withSHA bool) string {
	recipients := make([]string, n)
	for i := range recipients {
		recipients[i] = fmt.Sprintf("%q", fmt.Sprintf("+1 631 555 %04d", i))
	}
	sha := ""
	if withSHA {
		sha = "\n  media_sha256 = whatsapp_media.logo.sha256"
	}
	return cliProviderBlock() + withSendRecord(providerBlock, record) + fmt.Sprintf(`
resource "whatsapp_media" "logo" {
  source = %q
}

resource "whatsapp_media_message" "logo" {
  for_each = toset([%s])
  to       = each.value
  type     = whatsapp_media.logo.media_type
  media_id = whatsapp_media.logo.id%s
  caption  = "Our new logo"
}
`, image, strings.Join(recipients, ", "), sha)
}

// sentBy says which build sent a request: its version is in the User-Agent.
func sentBy(r sandbox.Request, version string) bool {
	return strings.Contains(r.UserAgent, "terraform-provider-whatsapp/"+version)
}
