package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// object is one rendered Kubernetes object as plain maps.
type object = map[string]any

// render builds the kustomization in dir (as `kustomize build` would) and
// returns its objects and its YAML stream.
func render(dir string) ([]object, []byte, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	m, err := k.Run(filesys.MakeFsOnDisk(), abs)
	if err != nil {
		return nil, nil, err
	}
	yml, err := m.AsYaml()
	if err != nil {
		return nil, nil, err
	}
	var objs []object
	for _, r := range m.Resources() {
		raw, err := r.AsYAML()
		if err != nil {
			return nil, nil, err
		}
		var o object
		if err := yaml.Unmarshal(raw, &o); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", r.CurId(), err)
		}
		objs = append(objs, o)
	}
	return objs, yml, nil
}

// validate runs kubectl-validate on the rendered files against the
// built-in schemas of version and the CRDs in crdDir.
func validate(bin, version, crdDir string, files []string) error {
	args := append([]string{"--version", version, "--local-crds", crdDir}, files...)
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("kubectl-validate: %v\n%s", err, out.String())
	}
	return nil
}
