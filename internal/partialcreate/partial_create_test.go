package partialcreate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// reproProvider has one resource, repro_partial. Its create always makes the
// object (an ID) and, when fail is true, then fails: the provider returns the
// object with an error, as a provider does when something after the create
// went wrong (or, for our messages, when the answer to a send was lost).
type reproProvider struct{}

func (reproProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "repro"
}
func (reproProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (reproProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (reproProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (reproProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return partialResource{} }}
}

type partialResource struct{}

type partialModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	Fail types.Bool   `tfsdk:"fail"`
}

func (partialResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partial"
}

func (partialResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":   schema.StringAttribute{Computed: true},
		"name": schema.StringAttribute{Required: true},
		"fail": schema.BoolAttribute{Optional: true},
	}}
}

func (partialResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m partialModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue("obj-" + m.Name.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	if m.Fail.ValueBool() {
		resp.Diagnostics.AddError("Created, then failed",
			"The object "+m.ID.ValueString()+" exists; the create failed after making it.")
	}
}

func (partialResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (partialResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m partialModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (partialResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// config creates n objects that succeed and n whose create fails after
// making them, all at once (-parallelism).
const config = `terraform {
  required_providers {
    repro = { source = "example/repro" }
  }
}

variable "n" {
  type = number
}

resource "repro_partial" "ok" {
  count = var.n
  name  = "ok-${count.index}"
}

resource "repro_partial" "failed" {
  count = var.n
  name  = "failed-${count.index}"
  fail  = true
}
`

// TestAccPartialCreate_keptTainted applies config with the CLI in
// TF_ACC_TERRAFORM_PATH and checks what a correct CLI does: the apply fails
// with the provider's errors only, and the state file holds every object, the
// failed ones tainted (so the next plan replaces them). It applies several
// times, each in a fresh directory, because Terraform 1.16 gets this wrong
// only when another instance saves the state inside a window of a few
// statements (docs/development/terraform-1.16-state.md); TRACE logs of
// Terraform core (TF_LOG_CORE, to a file) widen that window, as they do in
// the scale tests.
func TestAccPartialCreate_keptTainted(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH (the GNUmakefile's targets do)")
	}
	version, err := exec.Command(cli, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	t.Logf("CLI: %s", strings.SplitN(string(version), "\n", 2)[0])

	const applies = 5
	r := repro{cli: cli, reattach: serve(t), perKind: 40, parallelism: 40, traceLog: true}
	bad := 0
	for i := 1; i <= applies; i++ {
		if problems := r.apply(t); len(problems) > 0 {
			bad++
			t.Errorf("apply %d:\n  %s", i, strings.Join(problems, "\n  "))
		}
	}
	t.Logf("%d of %d applies left a wrong state", bad, applies)
}

// repro applies config once per call, in a fresh directory.
type repro struct {
	cli, reattach string
	perKind       int  // instances of repro_partial.ok and of repro_partial.failed
	parallelism   int  // terraform apply -parallelism
	traceLog      bool // TF_LOG_CORE=TRACE to a file in the directory
}

// apply runs init and apply, logs what the apply left, and returns what is
// wrong with it (nothing for a correct CLI).
func (r repro) apply(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_REATTACH_PROVIDERS="+r.reattach, "CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1", fmt.Sprintf("TF_VAR_n=%d", r.perKind))
	if r.traceLog {
		env = append(env, "TF_LOG_CORE=TRACE", "TF_LOG_PATH="+filepath.Join(dir, "terraform.log"))
	}
	run := func(args ...string) (string, error) {
		cmd := exec.Command(r.cli, append(args, "-no-color")...)
		cmd.Dir, cmd.Env = dir, env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	if out, err := run("init", "-input=false"); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	out, err := run("apply", "-auto-approve", "-input=false", fmt.Sprintf("-parallelism=%d", r.parallelism))
	if err == nil {
		t.Fatalf("the apply succeeded, but every repro_partial.failed must fail:\n%s", out)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	statuses, parseErr := instanceStatuses(raw)
	t.Logf("apply: errors %v; terraform.tfstate %d bytes, instances by status %v",
		errorSummaries(out), len(raw), countStatuses(statuses))

	var problems []string
	if parseErr != nil {
		problems = append(problems, fmt.Sprintf("terraform.tfstate (%d bytes) is not a state: %v", len(raw), parseErr))
	}
	if _, err := os.Stat(filepath.Join(dir, "errored.tfstate")); err == nil {
		problems = append(problems, "the CLI wrote errored.tfstate: it could not save its state")
	}
	if crash := crashLines(out); crash != "" {
		problems = append(problems, "the CLI crashed:\n"+crash)
	}
	for summary, n := range errorSummaries(out) {
		if summary != "Created, then failed" {
			problems = append(problems, fmt.Sprintf("%d× %q: only the provider's errors are expected", n, summary))
		}
	}
	for j := 0; j < r.perKind && parseErr == nil; j++ {
		if got, ok := statuses[fmt.Sprintf("ok[%d]", j)]; !ok || got != "" {
			problems = append(problems, fmt.Sprintf("repro_partial.ok[%d]: in state %v, status %q; want in state, not tainted", j, ok, got))
		}
		if got, ok := statuses[fmt.Sprintf("failed[%d]", j)]; !ok || got != "tainted" {
			problems = append(problems, fmt.Sprintf("repro_partial.failed[%d]: in state %v, status %q; want in state, tainted", j, ok, got))
		}
	}
	return problems
}

// serve serves reproProvider in this process and returns the
// TF_REATTACH_PROVIDERS value that makes the CLI use it.
func serve(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	go func() {
		err := tf6server.Serve("registry.terraform.io/example/repro",
			providerserver.NewProtocol6(reproProvider{}),
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t)) // provider logs only with TF_LOG
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	rc := <-configCh
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	host := os.Getenv("TF_ACC_PROVIDER_HOST") // OpenTofu's registry host, under make testacc-opentofu
	if host == "" {
		host = "registry.terraform.io"
	}
	reattach, err := json.Marshal(map[string]any{host + "/example/repro": map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(reattach)
}

// instanceStatuses maps each repro_partial instance ("ok[3]") to its status
// in the state file ("" for ready, "tainted").
func instanceStatuses(raw []byte) (map[string]string, error) {
	var st struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				IndexKey int    `json:"index_key"`
				Status   string `json:"status"`
			}
		}
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range st.Resources {
		for _, in := range r.Instances {
			if r.Type == "repro_partial" {
				out[fmt.Sprintf("%s[%d]", r.Name, in.IndexKey)] = in.Status
			}
		}
	}
	return out, nil
}

// errorSummaries counts the CLI's errors by summary ("Error: <summary>").
func errorSummaries(out string) map[string]int {
	counts := map[string]int{}
	for _, line := range strings.Split(out, "\n") {
		if summary, ok := strings.CutPrefix(strings.TrimLeft(line, "│ "), "Error: "); ok {
			counts[summary]++
		}
	}
	return counts
}

// countStatuses counts instances by status ("" is ready).
func countStatuses(statuses map[string]string) map[string]int {
	counts := map[string]int{}
	for _, s := range statuses {
		if s == "" {
			s = "ready"
		}
		counts[s]++
	}
	return counts
}

// crashLines is the headline of a CLI crash in its output: the lines that
// say it crashed and why, without the stack.
func crashLines(out string) string {
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "crashed") || strings.HasPrefix(line, "panic: ") || strings.Contains(line, "cannot be saved in state") {
			fmt.Fprintln(&b, "    "+line)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
