// Command k8scheck is what `make k8s-check` (and so CI) runs on the
// deployment files: it renders every overlay under deploy/k8s/overlays
// with the kustomize library, applies Copydesk's own policy (see
// policy.go) to each rendered object and to docker-compose.yml, then
// validates every object against the Kubernetes schemas offline with
// kubectl-validate (its built-in 1.30 schemas, and the CRDs of the
// External Secrets Operator and the Prometheus Operator fetched through
// the Go module proxy at pinned versions, see crds.go).
//
//	go run . -root ../.. -validator ../../bin/kubectl-validate
//
// It prints one line per problem and exits 1 when there is any.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	root := flag.String("root", ".", "the repository root")
	validator := flag.String("validator", "kubectl-validate", "the kubectl-validate binary; empty skips schema validation")
	version := flag.String("kube-version", "1.30", "the Kubernetes version whose schemas objects must match")
	out := flag.String("out", "", "directory to keep each overlay's rendered YAML in (default: a temporary one)")
	flag.Parse()
	if err := run(*root, *validator, *version, *out); err != nil {
		fmt.Fprintln(os.Stderr, "k8scheck:", err)
		os.Exit(1)
	}
}

func run(root, validator, version, out string) error {
	services, err := serviceNames(root)
	if err != nil {
		return err
	}
	if out == "" {
		if out, err = os.MkdirTemp("", "k8scheck-"); err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(out) }()
	}
	problems := checkCompose(filepath.Join(root, "docker-compose.yml"), services)
	overlays, err := filepath.Glob(filepath.Join(root, "deploy/k8s/overlays/*/kustomization.yaml"))
	if err != nil || len(overlays) == 0 {
		return fmt.Errorf("no overlays under deploy/k8s/overlays")
	}
	var rendered []string
	for _, k := range overlays {
		dir := filepath.Dir(k)
		name := filepath.Base(dir)
		objs, yml, err := render(dir)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: kustomize: %v", name, err))
			continue
		}
		for _, p := range checkObjects(name, objs, services) {
			problems = append(problems, name+": "+p)
		}
		file := filepath.Join(out, name+".yaml")
		if err := os.WriteFile(file, yml, 0o644); err != nil {
			return err
		}
		rendered = append(rendered, file)
		fmt.Printf("k8scheck: %s: %d objects rendered\n", name, len(objs))
	}
	if validator != "" && len(rendered) > 0 {
		crdDir, err := fetchCRDs(out)
		if err != nil {
			return err
		}
		if err := validate(validator, version, crdDir, rendered); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		for _, p := range problems {
			fmt.Println("k8scheck:", p)
		}
		return fmt.Errorf("%d problem(s)", len(problems))
	}
	fmt.Printf("k8scheck: ok (%d overlays, compose, schemas of Kubernetes %s)\n", len(rendered), version)
	return nil
}

// serviceNames lists the deployable services: services/<name>/main.go.
func serviceNames(root string) ([]string, error) {
	mains, err := filepath.Glob(filepath.Join(root, "services/*/main.go"))
	if err != nil || len(mains) == 0 {
		return nil, fmt.Errorf("no services/*/main.go under %s", root)
	}
	var out []string
	for _, m := range mains {
		out = append(out, filepath.Base(filepath.Dir(m)))
	}
	return out, nil
}
