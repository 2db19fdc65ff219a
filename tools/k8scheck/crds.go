package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// crdSources are the CustomResourceDefinitions the overlays use, taken
// from the operators' own Go modules at the versions the cluster runs, so
// no copy of their (large) schemas lives in this repository. Raise a
// version here when the cluster's operator is upgraded.
var crdSources = []struct{ module, file string }{
	{"github.com/external-secrets/external-secrets@v1.3.2", "config/crds/bases/external-secrets.io_externalsecrets.yaml"},
	{"github.com/external-secrets/external-secrets@v1.3.2", "config/crds/bases/external-secrets.io_secretstores.yaml"},
	{"github.com/prometheus-operator/prometheus-operator@v0.85.0", "example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"},
	// cert-manager's CRDs are its Helm chart's files: plain YAML whose
	// template markers sit in comments and label strings, which the
	// validator does not read.
	{"github.com/cert-manager/cert-manager@v1.16.2", "deploy/crds/crd-certificates.yaml"},
	{"github.com/cert-manager/cert-manager@v1.16.2", "deploy/crds/crd-issuers.yaml"},
}

// fetchCRDs copies the CRDs into a new directory under tmp through the Go
// module proxy (the module cache makes later runs offline) and returns it.
func fetchCRDs(tmp string) (string, error) {
	dir := filepath.Join(tmp, "crds")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	dirs := map[string]string{}
	for _, s := range crdSources {
		if dirs[s.module] == "" {
			d, err := moduleDir(s.module)
			if err != nil {
				return "", err
			}
			dirs[s.module] = d
		}
		b, err := os.ReadFile(filepath.Join(dirs[s.module], s.file))
		if err != nil {
			return "", fmt.Errorf("CRD %s of %s: %w", s.file, s.module, err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(s.file)), b, 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// moduleDir downloads module@version into the module cache (go mod
// download) and returns its directory.
func moduleDir(module string) (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", module).Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %w", module, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s: %s", module, info.Error)
	}
	return info.Dir, nil
}
