package stack

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBinariesLinkNoTemplateEngine: built with BuildTags, no binary of the
// stack links text/template (directly or through gRPC's x/net/trace), whose
// run-time MethodByName turns off the linker's pruning of unused methods
// and puts 3–10 MB back on every process's idle RSS; and each place that
// builds the binaries passes the tags.
func TestBinariesLinkNoTemplateEngine(t *testing.T) {
	pkgs := []string{"github.com/copydesk/copydesk/" + Gateway,
		"github.com/copydesk/copydesk/tools/devstack/cmd/copydesk-dev",
		"github.com/copydesk/copydesk/tools/devstack/cmd/devdb"}
	for _, svc := range Services {
		pkgs = append(pkgs, "github.com/copydesk/copydesk/services/"+svc.Name)
	}
	for _, pkg := range pkgs {
		// One package at a time, so a failure names the binary.
		cmd := exec.CommandContext(t.Context(), "go", "list", "-tags", BuildTags, "-deps", "-f", "{{.ImportPath}}: {{join .Imports \" \"}}", pkg)
		// Workspace mode refuses -mod=mod (as in e2e's build).
		flags := slices.DeleteFunc(strings.Fields(os.Getenv("GOFLAGS")), func(f string) bool { return f == "-mod=mod" })
		cmd.Env = append(os.Environ(), "GOFLAGS="+strings.Join(flags, " "))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, line := range strings.Split(string(out), "\n") {
			importer, imports, _ := strings.Cut(line, ": ")
			for _, imp := range strings.Fields(imports) {
				if imp == "text/template" || imp == "html/template" || imp == "golang.org/x/net/trace" {
					t.Errorf("%s links %s (imported by %s)", pkg, imp, importer)
				}
			}
		}
	}

	root := filepath.Join("..", "..", "..")
	for file, want := range map[string]string{
		"Makefile":          "GO_BUILD_TAGS := " + BuildTags,
		"deploy/Dockerfile": "go build -trimpath -tags " + BuildTags + " ",
	} {
		b, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s does not build with %q", file, want)
		}
	}
	b, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, "go build ") && !strings.Contains(line, "-tags $(GO_BUILD_TAGS)") {
			t.Errorf("Makefile builds without the tags: %s", strings.TrimSpace(line))
		}
	}
}
